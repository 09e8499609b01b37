// @ts-check
/**
 * A seeded model of Microsoft-Windows-Kernel-Process activity (events 1, 2, 5, 6) on a few
 * Windows hosts, producing Velociraptor `watch_etw` rows in the 0.74+ shape.
 *
 * First the catalog (what runs where, how often, started by whom; the boot and logon
 * sequences), then the simulation: power schedules per host, an activity rhythm in each host's
 * local time, a process table with pid reuse and per-host sequence numbers, and a time-ordered
 * row queue. Plain Node ESM without dependencies, so it runs before `npm install` and in tests.
 *
 * Host kinds: f = finance workstation (Windows 10), d = developer workstation (Windows 11),
 * s = file server (Windows Server 2022), h = HR laptop (Windows 11).
 */

const S32 = 'Windows\\System32';
const WOW = 'Windows\\SysWOW64';
const WIN = 'Windows';
const WBEM = `${S32}\\wbem`;
const PS1 = `${S32}\\WindowsPowerShell\\v1.0`;
const DRV = `${S32}\\DriverStore\\FileRepository`;
const SYSAPPS = 'Windows\\SystemApps';
const NET64 = 'Windows\\Microsoft.NET\\Framework64\\v4.0.30319';
const NET32 = 'Windows\\Microsoft.NET\\Framework\\v4.0.30319';
const DEF = 'ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0';
const PF = 'Program Files';
const PF86 = 'Program Files (x86)';
const APPS = `${PF}\\WindowsApps`;
const OFF = `${PF}\\Microsoft Office\\root\\Office16`;
const C2R = `${PF}\\Common Files\\microsoft shared\\ClickToRun`;
const EDGE = `${PF86}\\Microsoft\\Edge\\Application`;
const EDGEV = `${EDGE}\\131.0.2903.112`;
const WEBVIEW = `${PF86}\\Microsoft\\EdgeWebView\\Application\\131.0.2903.112`;
const CHROME = `${PF}\\Google\\Chrome\\Application`;
const CHROMEV = `${CHROME}\\131.0.6778.205`;
const SENSE = `${PF}\\Windows Defender Advanced Threat Protection`;
const SQL = `${PF}\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn`;
const VS = `${PF}\\Microsoft Visual Studio\\2022\\Professional`;
const GIT = `${PF}\\Git`;
const ACRO = `${PF}\\Adobe\\Acrobat DC\\Acrobat`;
const DOCKER = `${PF}\\Docker\\Docker`;
const USER = 'Users\\{user}';
const LOCAL = `${USER}\\AppData\\Local`;
const ROAMING = `${USER}\\AppData\\Roaming`;
const ONEDRIVE = `${LOCAL}\\Microsoft\\OneDrive`;
const ONEDRIVEV = `${ONEDRIVE}\\24.244.1204.0003`;
const VSCODE = `${LOCAL}\\Programs\\Microsoft VS Code`;
const PYTHON = `${LOCAL}\\Programs\\Python\\Python312`;
const SERVICING = 'Windows\\WinSxS';

const DOTNET_DLLS = [`${S32}\\mscoree.dll`, `${NET64}\\mscoreei.dll`, `${NET64}\\clr.dll`, `${NET64}\\clrjit.dll`];
const PS_DLLS = [...DOTNET_DLLS, `${S32}\\amsi.dll`];
const WMI_DLLS = [`${WBEM}\\wbemprox.dll`, `${WBEM}\\fastprox.dll`, `${S32}\\wbemcomn.dll`];
const OFFICE_DLLS = [
  `${PF}\\Common Files\\Microsoft Shared\\Office16\\mso20win32client.dll`,
  `${PF}\\Microsoft Office\\root\\vfs\\ProgramFilesCommonX64\\Microsoft Shared\\OFFICE16\\mso.dll`,
];
const EDGE_DLLS = [`${EDGEV}\\msedge_elf.dll`, `${EDGEV}\\msedge.dll`];
const CHROME_DLLS = [`${CHROMEV}\\chrome_elf.dll`, `${CHROMEV}\\chrome.dll`];
const ELECTRON_DLLS = ['{dir}\\ffmpeg.dll', '{dir}\\libGLESv2.dll'];

/**
 * DLLs a process may load after ntdll, kernel32 and KernelBase, most common first.
 * @type {readonly string[]}
 */
export const COMMON_DLLS = [
  'ucrtbase.dll',
  'msvcp_win.dll',
  'advapi32.dll',
  'msvcrt.dll',
  'sechost.dll',
  'rpcrt4.dll',
  'combase.dll',
  'user32.dll',
  'win32u.dll',
  'gdi32.dll',
  'gdi32full.dll',
  'ole32.dll',
  'oleaut32.dll',
  'shell32.dll',
  'shlwapi.dll',
  'SHCore.dll',
  'bcryptPrimitives.dll',
  'imm32.dll',
  'kernel.appcore.dll',
  'uxtheme.dll',
  'ws2_32.dll',
  'crypt32.dll',
  'bcrypt.dll',
  'CRYPTBASE.DLL',
  'sspicli.dll',
  'windows.storage.dll',
  'wldp.dll',
  'profapi.dll',
  'powrprof.dll',
  'dwmapi.dll',
  'clbcatq.dll',
  'msctf.dll',
  'TextInputFramework.dll',
  'CoreMessaging.dll',
  'CoreUIComponents.dll',
  'wintrust.dll',
  'msasn1.dll',
  'ntmarta.dll',
  'userenv.dll',
  'version.dll',
  'cfgmgr32.dll',
  'SetupApi.dll',
  'propsys.dll',
  'IPHLPAPI.DLL',
  'nsi.dll',
  'dnsapi.dll',
  'mswsock.dll',
  'winhttp.dll',
  'wininet.dll',
  'urlmon.dll',
  'netapi32.dll',
  'wtsapi32.dll',
  'secur32.dll',
  'dbghelp.dll',
  'dbgcore.DLL',
  'rsaenh.dll',
  'gpapi.dll',
  'winsta.dll',
  'edputil.dll',
].map((name) => `${S32}\\${name}`);

/** WOW64 layer a 32-bit process loads after its image (System32 and SysWOW64 copies). */
export const WOW64_DLLS = [
  `${S32}\\ntdll.dll`,
  `${WOW}\\ntdll.dll`,
  `${S32}\\wow64.dll`,
  `${S32}\\wow64base.dll`,
  `${S32}\\wow64win.dll`,
  `${S32}\\wow64con.dll`,
  `${WOW}\\kernel32.dll`,
  `${WOW}\\KernelBase.dll`,
];
/** What every 64-bit process loads right after its image. */
export const NATIVE_DLLS = [`${S32}\\ntdll.dll`, `${S32}\\kernel32.dll`, `${S32}\\KernelBase.dll`];

/**
 * @typedef {'bg' | 'ui' | 'boot' | 'kid'} EntryCategory
 *   bg: background activity (services, tasks, indexer); ui: started because a user works;
 *   boot: only from the boot or logon sequence; kid: only as the attached child of another start.
 * @typedef {'sys' | 'svc' | 'user' | 'admin' | 'mixed' | 'low' | 'untrusted' | 'appc' | 'inherit'} TokenLevel
 * @typedef {'blip' | 'brief' | 'short' | 'med' | 'long' | 'day' | 'session' | 'service' | 'core'} Lifetime
 * @typedef {object} CatalogEntry
 * @property {string} id unique key; also the role other entries name as parent unless `role` is set
 * @property {string} name image file name as it appears on disk
 * @property {string} dir folder below the volume root; `{user}` is the host's user
 * @property {EntryCategory} cat
 * @property {number} weight relative frequency within its category
 * @property {string} kinds host kinds it runs on (letters f d s h)
 * @property {Record<string, number>} kindWeight per-kind multiplier of `weight`
 * @property {[string, number][]} parents roles of possible parents with relative weights
 * @property {string} role role it registers under so that others can name it as parent
 * @property {TokenLevel} token
 * @property {Lifetime} life
 * @property {boolean} userSession runs in the interactive session rather than session 0
 * @property {[string, number, number][]} kids attached children: entry id, min and max count
 * @property {string} pkg PackageFullName ('' for classic binaries)
 * @property {string} appId PackageRelativeAppId
 * @property {[string, number][]} nameCases other casings of `name` with their probability
 * @property {[string, number][]} dirCases other casings of `dir` with their probability
 * @property {readonly string[]} dlls image-specific DLLs (`{dir}` is the entry's folder)
 * @property {boolean} x86 a 32-bit image (WOW64 loads, 32-bit bases)
 * @property {boolean} console attaches a conhost.exe when not started from a console
 */

/**
 * @typedef {Partial<Omit<CatalogEntry, 'id' | 'name' | 'dir' | 'cat' | 'weight'>>} EntryOptions
 */

/**
 * @param {string} id @param {string} name @param {string} dir @param {EntryCategory} cat
 * @param {number} weight @param {EntryOptions} [options]
 * @returns {CatalogEntry}
 */
function entry(id, name, dir, cat, weight, options = {}) {
  const userSide = cat === 'ui';
  return {
    id,
    name,
    dir,
    cat,
    weight,
    kinds: options.kinds ?? 'fdsh',
    kindWeight: options.kindWeight ?? {},
    parents: options.parents ?? (userSide ? [['explorer', 1]] : [['svchost:dcom', 1]]),
    role: options.role ?? id,
    token: options.token ?? (userSide ? 'user' : 'sys'),
    life: options.life ?? (userSide ? 'long' : 'short'),
    userSession: options.userSession ?? userSide,
    kids: options.kids ?? [],
    pkg: options.pkg ?? '',
    appId: options.appId ?? (options.pkg ? 'App' : ''),
    nameCases: options.nameCases ?? [],
    dirCases: options.dirCases ?? [],
    dlls: options.dlls ?? [],
    x86: options.x86 ?? (dir.startsWith(PF86) || dir.startsWith(WOW) || dir.startsWith(NET32)),
    console: options.console ?? false,
  };
}

const SHELLS = /** @type {[string, number][]} */ ([
  ['cmd', 3],
  ['powershell', 2],
  ['pwsh', 2],
  ['bash', 1],
]);
const TASK = /** @type {[string, number][]} */ ([['svchost:schedule', 1]]);
const SERVICES = /** @type {[string, number][]} */ ([['services', 1]]);
const OFFICE_APPS = /** @type {[string, number][]} */ ([
  ['winword', 2],
  ['excel', 2],
  ['outlook', 1],
  ['powerpnt', 1],
]);
const SYSTEM32_LOWER = /** @type {[string, number][]} */ ([['Windows\\system32', 0.2]]);

/** @type {readonly CatalogEntry[]} */
export const CATALOG = [
  // ── Boot chain and core services ──────────────────────────────────────────────────────────
  entry('smss', 'smss.exe', S32, 'boot', 0, { life: 'core', parents: [['system', 1]] }),
  entry('autochk', 'autochk.exe', S32, 'boot', 0, { life: 'blip', parents: [['smss', 1]] }),
  entry('csrss', 'csrss.exe', S32, 'boot', 0, { life: 'core' }),
  entry('wininit', 'wininit.exe', S32, 'boot', 0, { life: 'core' }),
  entry('winlogon', 'winlogon.exe', S32, 'boot', 0, { life: 'core', userSession: true }),
  entry('services', 'services.exe', S32, 'boot', 0, { life: 'core', parents: [['wininit', 1]] }),
  entry('lsass', 'lsass.exe', S32, 'boot', 0, { life: 'core', parents: [['wininit', 1]] }),
  entry('lsaiso', 'LsaIso.exe', S32, 'boot', 0, { kinds: 'fdh', life: 'core', parents: [['wininit', 1]] }),
  entry('fontdrvhost', 'fontdrvhost.exe', S32, 'boot', 0, { life: 'service', token: 'appc' }),
  entry('svchost', 'svchost.exe', S32, 'bg', 12, {
    parents: SERVICES,
    life: 'med',
    token: 'svc',
    kindWeight: { s: 1.6 },
    nameCases: [
      ['SVCHOST.EXE', 0.03],
      ['SvcHost.exe', 0.01],
    ],
    dirCases: SYSTEM32_LOWER,
  }),
  entry('logonui', 'LogonUI.exe', S32, 'boot', 0, { userSession: true, life: 'brief', parents: [['winlogon', 1]] }),
  entry('dwm', 'dwm.exe', S32, 'boot', 0, { userSession: true, life: 'service', token: 'svc', parents: [['winlogon', 1]] }),
  entry('userinit', 'userinit.exe', S32, 'boot', 0, { userSession: true, token: 'user', life: 'brief', parents: [['winlogon', 1]] }),
  entry('explorer', 'explorer.exe', WIN, 'boot', 0, {
    userSession: true,
    token: 'user',
    life: 'session',
    parents: [['userinit', 1]],
    nameCases: [['Explorer.EXE', 0.3]],
    dlls: [`${S32}\\twinui.dll`, `${S32}\\ExplorerFrame.dll`],
  }),
  entry('sihost', 'sihost.exe', S32, 'boot', 0, { userSession: true, token: 'user', life: 'session', parents: [['svchost:netsvcs', 1]] }),
  entry('taskhostw', 'taskhostw.exe', S32, 'bg', 5, { userSession: true, token: 'user', life: 'med', parents: TASK }),
  entry('ctfmon', 'ctfmon.exe', S32, 'boot', 0, { userSession: true, token: 'user', life: 'session', parents: [['svchost', 1]] }),
  entry('spoolsv', 'spoolsv.exe', S32, 'boot', 0, { kinds: 'fdhs', life: 'service', parents: SERVICES }),
  entry('msmpeng', 'MsMpEng.exe', DEF, 'boot', 0, { life: 'service', parents: SERVICES }),
  entry('nissrv', 'NisSrv.exe', DEF, 'boot', 0, { life: 'service', token: 'svc', parents: SERVICES }),
  entry('mpdefcore', 'MpDefenderCoreService.exe', DEF, 'boot', 0, { life: 'service', parents: SERVICES }),
  entry('sechealthsvc', 'SecurityHealthService.exe', S32, 'boot', 0, { life: 'service', parents: SERVICES }),
  entry('sechealthtray', 'SecurityHealthSystray.exe', S32, 'boot', 0, {
    kinds: 'fdh',
    userSession: true,
    token: 'user',
    life: 'session',
    parents: [['explorer', 1]],
  }),
  entry('searchindexer', 'SearchIndexer.exe', S32, 'boot', 0, { life: 'service', parents: SERVICES }),
  entry('sgrmbroker', 'SgrmBroker.exe', S32, 'boot', 0, { life: 'service', parents: SERVICES }),
  entry('aggregatorhost', 'AggregatorHost.exe', S32, 'boot', 0, { life: 'service', parents: [['svchost', 1]] }),
  entry('sppsvc', 'sppsvc.exe', S32, 'bg', 0.6, { life: 'med', token: 'svc', parents: SERVICES }),
  entry('mssense', 'MsSense.exe', SENSE, 'boot', 0, { kinds: 'ds', life: 'service', parents: SERVICES }),
  entry('sensendr', 'SenseNdr.exe', SENSE, 'bg', 0.4, { kinds: 'ds', life: 'med', parents: [['mssense', 1]] }),
  entry('sensecnc', 'SenseCncProxy.exe', SENSE, 'bg', 1.2, { kinds: 'ds', life: 'blip', parents: [['mssense', 1]] }),
  entry('senseir', 'SenseIR.exe', SENSE, 'bg', 0.2, { kinds: 'ds', life: 'short', parents: [['mssense', 1]] }),
  entry('c2r', 'OfficeClickToRun.exe', C2R, 'boot', 0, { kinds: 'fdh', life: 'service', parents: SERVICES }),
  entry('c2rclient', 'OfficeC2RClient.exe', C2R, 'bg', 0.4, { kinds: 'fdh', parents: [['c2r', 1]] }),
  entry('appvlp', 'AppVLP.exe', `${PF}\\Microsoft Office\\root\\Client`, 'bg', 0.25, { kinds: 'fdh', parents: [['c2r', 1]] }),
  entry('uhssvc', 'uhssvc.exe', `${PF}\\Microsoft Update Health Tools`, 'boot', 0, { kinds: 'fdh', life: 'service', parents: SERVICES }),
  entry('audiodg', 'audiodg.exe', S32, 'bg', 1.2, { kinds: 'fdh', life: 'med', token: 'svc', parents: [['svchost', 1]] }),
  entry('wudfhost', 'WUDFHost.exe', S32, 'bg', 0.6, { kinds: 'fdh', life: 'long', token: 'svc', parents: [['svchost', 1]] }),
  entry('dashost', 'dasHost.exe', S32, 'bg', 0.35, { life: 'med', token: 'svc', parents: [['svchost', 1]] }),

  // ── Server roles and agents ───────────────────────────────────────────────────────────────
  entry('vmtoolsd', 'vmtoolsd.exe', `${PF}\\VMware\\VMware Tools`, 'boot', 0, { kinds: 's', life: 'service', parents: SERVICES }),
  entry('vgauth', 'VGAuthService.exe', `${PF}\\VMware\\VMware Tools\\VMware VGAuth`, 'boot', 0, { kinds: 's', life: 'service', parents: SERVICES }),
  entry('dfsrs', 'dfsrs.exe', S32, 'boot', 0, { kinds: 's', life: 'service', parents: SERVICES }),
  entry('dfssvc', 'dfssvc.exe', S32, 'boot', 0, { kinds: 's', life: 'service', parents: SERVICES }),
  entry('sqlservr', 'sqlservr.exe', SQL, 'boot', 0, { kinds: 's', life: 'service', token: 'svc', parents: SERVICES }),
  entry('sqlceip', 'sqlceip.exe', SQL, 'boot', 0, { kinds: 's', life: 'service', token: 'svc', parents: SERVICES }),
  entry('sqlwriter', 'sqlwriter.exe', `${PF}\\Microsoft SQL Server\\90\\Shared`, 'boot', 0, { kinds: 's', life: 'service', parents: SERVICES }),
  entry('healthservice', 'HealthService.exe', `${PF}\\Microsoft Monitoring Agent\\Agent`, 'boot', 0, { kinds: 's', life: 'service', parents: SERVICES }),
  entry('monitoringhost', 'MonitoringHost.exe', `${PF}\\Microsoft Monitoring Agent\\Agent`, 'bg', 2.5, {
    kinds: 's',
    life: 'short',
    parents: [['healthservice', 1]],
    dlls: DOTNET_DLLS,
  }),
  entry('srmhost', 'srmhost.exe', S32, 'bg', 0.5, { kinds: 's', life: 'short', parents: SERVICES }),
  entry('wmiapsrv', 'WmiApSrv.exe', WBEM, 'bg', 0.4, { kinds: 's', life: 'med', parents: SERVICES, dlls: WMI_DLLS }),
  entry('vssvc', 'VSSVC.exe', S32, 'bg', 0.8, { kinds: 's', life: 'med', parents: SERVICES }),
  entry('wbengine', 'wbengine.exe', S32, 'bg', 0.3, { kinds: 's', life: 'long', parents: SERVICES }),
  entry('wsmprovhost', 'wsmprovhost.exe', S32, 'ui', 1.5, { kinds: 'sd', token: 'admin', life: 'med', parents: [['svchost:dcom', 1]], dlls: PS_DLLS }),
  entry('servermanager', 'ServerManager.exe', S32, 'ui', 0.5, { kinds: 's', token: 'admin', dlls: DOTNET_DLLS }),
  entry('rdpclip', 'rdpclip.exe', S32, 'ui', 0.3, { kinds: 'sd', life: 'long', parents: [['svchost', 1]] }),
  entry('tstheme', 'tstheme.exe', S32, 'ui', 0.2, { kinds: 's', life: 'long', parents: [['svchost', 1]] }),

  // ── Laptop and workstation hardware agents ────────────────────────────────────────────────
  entry('igfxem', 'igfxEM.exe', `${DRV}\\iigd_dch.inf_amd64_3a1c9e8f0b6d2e4c`, 'boot', 0, {
    kinds: 'h',
    userSession: true,
    token: 'user',
    life: 'session',
    parents: [['svchost', 1]],
  }),
  entry('rtkaud', 'RtkAudUService64.exe', `${DRV}\\realtekservice.inf_amd64_f4b1c2d3e5a69788`, 'boot', 0, { kinds: 'fh', life: 'service', parents: SERVICES }),
  entry('jhi', 'jhi_service.exe', `${DRV}\\dal.inf_amd64_9c8e2f41a7b3d5e6`, 'boot', 0, { kinds: 'h', life: 'service', parents: SERVICES }),
  entry('lms', 'LMS.exe', `${DRV}\\lms.inf_amd64_4d2c7b9e1f0a3b58`, 'boot', 0, { kinds: 'h', life: 'service', parents: SERVICES }),
  entry('lenovosvc', 'LenovoVantageService.exe', `${PF86}\\Lenovo\\VantageService\\4.2.51.0`, 'boot', 0, { kinds: 'h', life: 'service', parents: SERVICES }),
  entry('lenovoaddin', 'LenovoVantage-(GenericMessagingAddin).exe', 'ProgramData\\Lenovo\\Vantage\\Addins\\GenericMessagingAddin\\1.0.0.10', 'bg', 0.7, {
    kinds: 'h',
    parents: [['lenovosvc', 1]],
  }),
  entry('lenovobattery', 'LenovoVantage-(LenovoBatteryGaugeAddin).exe', 'ProgramData\\Lenovo\\Vantage\\Addins\\LenovoBatteryGaugeAddin\\1.1.0.2', 'bg', 0.6, {
    kinds: 'h',
    parents: [['lenovosvc', 1]],
  }),
  entry('synaptics', 'SynTPEnh.exe', `${PF}\\Synaptics\\SynTP`, 'boot', 0, {
    kinds: 'h',
    userSession: true,
    token: 'user',
    life: 'session',
    parents: [['explorer', 1]],
  }),
  entry('vpnagent', 'vpnagent.exe', `${PF86}\\Cisco\\Cisco Secure Client`, 'boot', 0, { kinds: 'h', life: 'service', parents: SERVICES }),
  entry('vpnui', 'vpnui.exe', `${PF86}\\Cisco\\Cisco Secure Client`, 'boot', 0, {
    kinds: 'h',
    userSession: true,
    token: 'user',
    life: 'session',
    parents: [['explorer', 1]],
  }),
  entry('armsvc', 'armsvc.exe', `${PF86}\\Common Files\\Adobe\\ARM\\1.0`, 'boot', 0, { kinds: 'fh', life: 'service', parents: SERVICES }),

  // ── Shell, Store and COM hosts ────────────────────────────────────────────────────────────
  entry('startmenu', 'StartMenuExperienceHost.exe', `${SYSAPPS}\\Microsoft.Windows.StartMenuExperienceHost_cw5n1h2txyewy`, 'boot', 0, {
    kinds: 'fdh',
    userSession: true,
    token: 'appc',
    life: 'session',
    pkg: 'Microsoft.Windows.StartMenuExperienceHost_10.0.22621.4541_neutral_neutral_cw5n1h2txyewy',
  }),
  entry('searchhost', 'SearchHost.exe', `${SYSAPPS}\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy`, 'boot', 0, {
    kinds: 'dh',
    userSession: true,
    token: 'appc',
    life: 'session',
    kids: [['webview', 1, 2]],
    pkg: 'MicrosoftWindows.Client.CBS_1000.22700.1047.0_x64__cw5n1h2txyewy',
    appId: 'CortanaUI',
  }),
  entry('searchapp', 'SearchApp.exe', `${SYSAPPS}\\Microsoft.Windows.Search_cw5n1h2txyewy`, 'boot', 0, {
    kinds: 'f',
    userSession: true,
    token: 'appc',
    life: 'session',
    pkg: 'Microsoft.Windows.Search_1.14.17.19041_neutral_neutral_cw5n1h2txyewy',
    appId: 'CortanaUI',
  }),
  entry('textinput', 'TextInputHost.exe', `${SYSAPPS}\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy`, 'boot', 0, {
    kinds: 'dh',
    userSession: true,
    token: 'appc',
    life: 'session',
    pkg: 'MicrosoftWindows.Client.CBS_1000.22700.1047.0_x64__cw5n1h2txyewy',
    appId: 'InputApp',
  }),
  entry('shellexp', 'ShellExperienceHost.exe', `${SYSAPPS}\\ShellExperienceHost_cw5n1h2txyewy`, 'boot', 0, {
    kinds: 'f',
    userSession: true,
    token: 'appc',
    life: 'session',
    pkg: 'Microsoft.Windows.ShellExperienceHost_10.0.19041.4648_neutral_neutral_cw5n1h2txyewy',
  }),
  entry('lockapp', 'LockApp.exe', `${SYSAPPS}\\Microsoft.LockApp_cw5n1h2txyewy`, 'bg', 0.5, {
    kinds: 'fdh',
    userSession: true,
    token: 'appc',
    life: 'med',
    pkg: 'Microsoft.LockApp_10.0.22621.3527_neutral__cw5n1h2txyewy',
    appId: 'WindowsDefaultLockScreen',
  }),
  entry('runtimebroker', 'RuntimeBroker.exe', S32, 'bg', 9, { userSession: true, token: 'user', life: 'med', kindWeight: { s: 0.2 } }),
  entry('dllhost', 'dllhost.exe', S32, 'bg', 7, { token: 'mixed', life: 'short', nameCases: [['DllHost.exe', 0.35]] }),
  entry('dllhost-ui', 'dllhost.exe', S32, 'ui', 2, { parents: [['svchost:dcom', 1]], life: 'short', nameCases: [['DllHost.exe', 0.35]] }),
  entry('wmiprvse', 'WmiPrvSE.exe', WBEM, 'bg', 8, { token: 'svc', life: 'med', dlls: WMI_DLLS, nameCases: [['wmiprvse.exe', 0.15]], kindWeight: { s: 1.5 } }),
  entry('unsecapp', 'unsecapp.exe', WBEM, 'bg', 0.3, { life: 'med' }),
  entry('smartscreen', 'smartscreen.exe', S32, 'ui', 1.5, { parents: [['svchost:dcom', 1]], life: 'short', kinds: 'fdh' }),
  entry('bgtaskhost', 'backgroundTaskHost.exe', S32, 'bg', 16, { userSession: true, token: 'appc', life: 'short', kindWeight: { s: 0.15 } }),
  entry('appframe', 'ApplicationFrameHost.exe', S32, 'ui', 1, { parents: [['svchost:dcom', 1]], kinds: 'fdh' }),
  entry('comppkgsrv', 'CompPkgSrv.exe', S32, 'bg', 0.8, { life: 'short' }),
  entry('sppextcom', 'SppExtComObj.Exe', S32, 'bg', 0.6, { life: 'short' }),
  entry('systemsettings', 'SystemSettings.exe', 'Windows\\ImmersiveControlPanel', 'ui', 0.8, {
    parents: [['svchost:dcom', 1]],
    token: 'appc',
    life: 'med',
    kinds: 'fdh',
    pkg: 'windows.immersivecontrolpanel_10.0.6.1000_neutral_neutral_cw5n1h2txyewy',
    appId: 'microsoft.windows.immersivecontrolpanel',
  }),
  entry('sysbroker', 'SystemSettingsBroker.exe', S32, 'ui', 0.5, { parents: [['svchost:dcom', 1]], life: 'med', kinds: 'fdh' }),
  entry('useroobe', 'UserOOBEBroker.exe', `${S32}\\oobe`, 'bg', 0.4, { userSession: true, token: 'user', kinds: 'fdh' }),
  entry('consent', 'consent.exe', S32, 'ui', 1.1, { parents: [['svchost', 1]], token: 'sys', life: 'blip', kinds: 'fdh' }),
  entry('bgtransfer', 'BackgroundTransferHost.exe', S32, 'bg', 0.7, { userSession: true, token: 'appc', kinds: 'fdh' }),
  entry('phoneexp', 'PhoneExperienceHost.exe', `${APPS}\\Microsoft.YourPhone_1.24112.89.0_x64__8wekyb3d8bbwe`, 'boot', 0, {
    kinds: 'dh',
    userSession: true,
    token: 'appc',
    life: 'session',
    parents: [['svchost:dcom', 1]],
    pkg: 'Microsoft.YourPhone_1.24112.89.0_x64__8wekyb3d8bbwe',
  }),
  entry('crossdevice', 'CrossDeviceService.exe', `${APPS}\\MicrosoftWindows.CrossDevice_1.24112.23.0_x64__cw5n1h2txyewy`, 'bg', 0.35, {
    kinds: 'dh',
    userSession: true,
    token: 'appc',
    life: 'long',
    pkg: 'MicrosoftWindows.CrossDevice_1.24112.23.0_x64__cw5n1h2txyewy',
    appId: 'CrossDeviceService',
  }),
  entry('widgets', 'Widgets.exe', `${APPS}\\MicrosoftWindows.Client.WebExperience_524.33200.0.0_x64__cw5n1h2txyewy`, 'ui', 0.7, {
    kinds: 'dh',
    parents: [['svchost:dcom', 1]],
    token: 'appc',
    life: 'med',
    kids: [['webview', 1, 3]],
    pkg: 'MicrosoftWindows.Client.WebExperience_524.33200.0.0_x64__cw5n1h2txyewy',
    appId: 'Widgets',
  }),
  entry('widgetservice', 'WidgetService.exe', `${APPS}\\MicrosoftWindows.Client.WebExperience_524.33200.0.0_x64__cw5n1h2txyewy`, 'ui', 0.5, {
    kinds: 'dh',
    parents: [['svchost:dcom', 1]],
    token: 'appc',
    life: 'med',
    pkg: 'MicrosoftWindows.Client.WebExperience_524.33200.0.0_x64__cw5n1h2txyewy',
    appId: 'WidgetService',
  }),
  entry('sechealthui', 'SecHealthUI.exe', `${APPS}\\Microsoft.SecHealthUI_1000.27703.1006.0_x64__8wekyb3d8bbwe`, 'ui', 0.2, {
    kinds: 'fdh',
    parents: [['svchost:dcom', 1]],
    token: 'appc',
    life: 'med',
    pkg: 'Microsoft.SecHealthUI_1000.27703.1006.0_x64__8wekyb3d8bbwe',
    appId: 'SecHealthUI',
  }),
  entry('hxtsr', 'HxTsr.exe', `${APPS}\\microsoft.windowscommunicationsapps_16005.14326.22034.0_x64__8wekyb3d8bbwe`, 'bg', 0.35, {
    kinds: 'f',
    userSession: true,
    token: 'appc',
    pkg: 'microsoft.windowscommunicationsapps_16005.14326.22034.0_x64__8wekyb3d8bbwe',
    appId: 'microsoft.windowslive.mail',
  }),
  entry('speechruntime', 'SpeechRuntime.exe', `${S32}\\Speech_OneCore\\common`, 'bg', 0.25, { kinds: 'h', userSession: true, token: 'user' }),

  // ── Indexer, Defender, servicing, telemetry ───────────────────────────────────────────────
  entry('searchprot', 'SearchProtocolHost.exe', S32, 'bg', 11, { parents: [['searchindexer', 1]], life: 'short', kindWeight: { s: 0.5 } }),
  entry('searchfilter', 'SearchFilterHost.exe', S32, 'bg', 9, { parents: [['searchindexer', 1]], life: 'short', token: 'low', kindWeight: { s: 0.5 } }),
  entry('mpcmdrun', 'MpCmdRun.exe', DEF, 'bg', 2.5, {
    parents: [
      ['msmpeng', 2],
      ['svchost:schedule', 1],
    ],
    console: true,
  }),
  entry('mpcopyacc', 'MpCopyAccelerator.exe', DEF, 'bg', 0.4, { parents: [['msmpeng', 1]], life: 'blip' }),
  entry('trustedinstaller', 'TrustedInstaller.exe', 'Windows\\servicing', 'bg', 0.8, { parents: SERVICES, life: 'med' }),
  entry(
    'tiworker10',
    'TiWorker.exe',
    `${SERVICING}\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.5194_none_7e9b9f4c8f2f1c3a`,
    'bg',
    0.8,
    { kinds: 'f', life: 'med', role: 'tiworker' },
  ),
  entry(
    'tiworker11',
    'TiWorker.exe',
    `${SERVICING}\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.22621.4455_none_5f2d8c41a6b3e917`,
    'bg',
    0.8,
    { kinds: 'dh', life: 'med', role: 'tiworker' },
  ),
  entry(
    'tiworker22',
    'TiWorker.exe',
    `${SERVICING}\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.20348.2849_none_2c7e5a9b3d1f4e68`,
    'bg',
    0.8,
    { kinds: 's', life: 'med', role: 'tiworker' },
  ),
  entry('mousocore', 'MoUsoCoreWorker.exe', 'Windows\\UUS\\amd64', 'bg', 1, { kinds: 'dhs', life: 'med' }),
  entry('mousocore10', 'MoUsoCoreWorker.exe', S32, 'bg', 1, { kinds: 'f', life: 'med' }),
  entry('usoclient', 'UsoClient.exe', S32, 'bg', 0.5, { parents: TASK, life: 'blip' }),
  entry('wuauclt', 'wuauclt.exe', S32, 'bg', 0.5, { parents: [['svchost:netsvcs', 1]], kids: [['amdelta', 0, 1]] }),
  entry('amdelta', 'AM_Delta_Patch_1.421.1557.0.exe', 'Windows\\SoftwareDistribution\\Download\\Install', 'kid', 0, { kids: [['mpsigstub', 1, 1]] }),
  entry('mpsigstub', 'MpSigStub.exe', S32, 'kid', 0, {}),
  entry('mrt', 'MRT.exe', S32, 'bg', 0.1, { parents: [['svchost:netsvcs', 1]], life: 'med' }),
  entry('waasmedic', 'WaaSMedicAgent.exe', S32, 'bg', 0.4, { parents: [['svchost', 1]], console: true }),
  entry('sihclient', 'sihclient.exe', S32, 'bg', 0.35, { parents: TASK }),
  entry('compattel', 'CompatTelRunner.exe', S32, 'bg', 0.8, { parents: TASK, life: 'med', console: true }),
  entry('devicecensus', 'DeviceCensus.exe', S32, 'bg', 0.4, { parents: TASK, console: true }),
  entry('wsqmcons', 'wsqmcons.exe', S32, 'bg', 0.25, { parents: TASK }),
  entry('sdiagnhost', 'sdiagnhost.exe', S32, 'bg', 0.3, { life: 'short' }),
  entry('werfault', 'WerFault.exe', S32, 'bg', 0.7, { parents: [['svchost', 1]], token: 'mixed' }),
  entry('wermgr', 'wermgr.exe', S32, 'bg', 0.7, { parents: TASK }),
  entry('mobsync', 'mobsync.exe', S32, 'bg', 0.3, { userSession: true, token: 'user', kinds: 'fdh' }),
  entry('dismhost', 'DismHost.exe', 'Windows\\Temp\\{3F1D6E2A-9B4C-4D8E-A1F0-5C7B2E9D4A61}', 'bg', 0.3, {
    parents: [
      ['tiworker', 1],
      ['svchost:netsvcs', 1],
    ],
  }),
  entry('dismhost2', 'DismHost.exe', 'Windows\\Temp\\{8A2C4F1E-6D3B-47A9-B5E0-1F9C7D2E3B84}', 'bg', 0.2, {
    parents: [
      ['compattel', 1],
      ['svchost:netsvcs', 1],
    ],
  }),
  entry('musnotif', 'MusNotification.exe', S32, 'bg', 0.3, { parents: TASK, kinds: 'fdh' }),
  entry('tzsync', 'tzsync.exe', S32, 'bg', 0.1, { parents: TASK, life: 'blip' }),
  entry('disksnapshot', 'disksnapshot.exe', S32, 'bg', 0.1, { parents: TASK, life: 'blip' }),
  entry('lpremove', 'lpremove.exe', S32, 'bg', 0.1, { parents: TASK, life: 'blip' }),
  entry('defrag', 'defrag.exe', S32, 'bg', 0.1, { parents: TASK, life: 'med', console: true }),
  entry('gpscript', 'gpscript.exe', S32, 'bg', 0.3, { parents: [['svchost', 1]] }),
  entry('gpupdate', 'gpupdate.exe', S32, 'bg', 0.3, { parents: [['svchost:schedule', 1]], console: true }),
  entry('cscript', 'cscript.exe', S32, 'bg', 0.3, {
    parents: [
      ['gpscript', 2],
      ['svchost:schedule', 1],
    ],
    console: true,
  }),
  entry('wscript', 'wscript.exe', S32, 'ui', 0.1, { parents: [['explorer', 1]], kinds: 'f' }),
  entry('ngen', 'ngen.exe', NET64, 'bg', 0.3, { parents: TASK, kids: [['mscorsvw', 1, 2]], dlls: DOTNET_DLLS }),
  entry('ngentask', 'ngentask.exe', NET64, 'bg', 0.3, { parents: TASK, kids: [['mscorsvw', 0, 1]], dlls: DOTNET_DLLS }),
  entry('mscorsvw', 'mscorsvw.exe', NET64, 'kid', 0, { life: 'short', dlls: DOTNET_DLLS }),
  entry('mscorsvw32', 'mscorsvw.exe', NET32, 'bg', 0.2, {
    parents: [
      ['ngentask', 1],
      ['svchost:schedule', 1],
    ],
  }),
  entry('printisolation', 'PrintIsolationHost.exe', S32, 'bg', 0.5, { parents: [['spoolsv', 1]], life: 'med', kinds: 'fdhs' }),
  entry('printfilter', 'printfilterpipelinesvc.exe', S32, 'bg', 0.3, { parents: [['svchost:dcom', 1]], kinds: 'fh' }),
  entry('splwow64', 'splwow64.exe', WIN, 'ui', 0.5, { parents: [...OFFICE_APPS, ['acrobat', 1]], life: 'med', kinds: 'fh' }),

  // ── Task-scheduled helpers of third-party software ────────────────────────────────────────
  entry('edgeupdate', 'MicrosoftEdgeUpdate.exe', `${PF86}\\Microsoft\\EdgeUpdate`, 'bg', 1.6, {
    parents: TASK,
    token: 'sys',
    kids: [['edgeupdatecore', 0, 1]],
  }),
  entry('edgeupdatecore', 'MicrosoftEdgeUpdate.exe', `${PF86}\\Microsoft\\EdgeUpdate`, 'kid', 0, { kids: [['edgeupdatesetup', 0, 1]] }),
  entry('edgeupdatesetup', 'MicrosoftEdgeUpdateSetup_X86_1.3.195.39.exe', `${PF86}\\Microsoft\\Temp\\EU4D1A.tmp`, 'kid', 0, {}),
  entry('edgesetup', 'setup.exe', `${EDGEV}\\Installer`, 'bg', 0.15, { parents: [['edgeupdate', 1]] }),
  entry('edgeelevation', 'elevation_service.exe', EDGEV, 'bg', 0.3, { parents: SERVICES }),
  entry('gupdater', 'updater.exe', `${PF86}\\Google\\GoogleUpdater\\131.0.6724.0`, 'bg', 0.9, { parents: TASK, kinds: 'fd', kids: [['gupdater-child', 0, 2]] }),
  entry('gupdater-child', 'updater.exe', `${PF86}\\Google\\GoogleUpdater\\131.0.6724.0`, 'kid', 0, { kinds: 'fd' }),
  entry('chromeelevation', 'elevation_service.exe', CHROMEV, 'bg', 0.2, { parents: SERVICES, kinds: 'fd' }),
  entry('onedriveupdater', 'OneDriveStandaloneUpdater.exe', ONEDRIVE, 'bg', 0.6, { parents: TASK, userSession: true, token: 'user', kinds: 'fdh' }),
  entry('filesynchelper', 'FileSyncHelper.exe', ONEDRIVEV, 'bg', 0.25, { parents: SERVICES, kinds: 'fdh' }),
  entry('adobearm', 'AdobeARM.exe', `${PF86}\\Common Files\\Adobe\\ARM\\1.0`, 'bg', 0.35, { parents: TASK, kinds: 'fh' }),
  entry('msoia', 'msoia.exe', OFF, 'bg', 0.25, { parents: TASK, userSession: true, token: 'user', kinds: 'fdh' }),
  entry('olicense', 'OLicenseHeartbeat.exe', OFF, 'bg', 0.25, { parents: TASK, kinds: 'fdh' }),
  entry('defaultbrowseragent', 'default-browser-agent.exe', `${PF}\\Mozilla Firefox`, 'bg', 0.25, {
    parents: TASK,
    userSession: true,
    token: 'user',
    kinds: 'd',
  }),
  entry('teamsupdate', 'Update.exe', `${LOCAL}\\Microsoft\\Teams`, 'bg', 0.35, { parents: [['teams', 1]], userSession: true, token: 'user', kinds: 'f' }),
  entry('slackupdate', 'Update.exe', `${LOCAL}\\slack`, 'bg', 0.25, { parents: [['slack', 1]], userSession: true, token: 'user', kinds: 'd' }),
  entry('vmcompute', 'vmcompute.exe', S32, 'bg', 0.2, { parents: SERVICES, kinds: 'd', life: 'long' }),
  entry('vmwp', 'vmwp.exe', S32, 'bg', 0.2, { parents: [['vmcompute', 1]], kinds: 'd', life: 'long', token: 'svc' }),
  entry('wslservice', 'wslservice.exe', `${PF}\\WSL`, 'bg', 0.15, { parents: SERVICES, kinds: 'd', life: 'long' }),

  // ── Consoles and command-line tools ───────────────────────────────────────────────────────
  entry('conhost', 'conhost.exe', S32, 'kid', 0, { token: 'inherit', nameCases: [['CONHOST.EXE', 0.02]] }),
  entry('cmd', 'cmd.exe', S32, 'ui', 5, {
    parents: [
      ['explorer', 5],
      ['code', 2],
      ['windowsterminal', 1],
      ['devenv', 1],
    ],
    token: 'mixed',
    life: 'med',
    console: true,
    nameCases: [['CMD.EXE', 0.04]],
    kindWeight: { d: 1.8, s: 3 },
  }),
  entry('cmd-task', 'cmd.exe', S32, 'bg', 2.5, {
    parents: [
      ['svchost:schedule', 4],
      ['msiexec', 1],
      ['compattel', 1],
    ],
    role: 'cmd',
    console: true,
    life: 'short',
  }),
  entry('powershell', 'powershell.exe', PS1, 'ui', 3, {
    parents: [
      ['explorer', 4],
      ['cmd', 1],
      ['code', 2],
      ['windowsterminal', 2],
      ['wsmprovhost', 3],
    ],
    token: 'mixed',
    life: 'med',
    console: true,
    dlls: PS_DLLS,
    kindWeight: { s: 4 },
  }),
  entry('powershell-task', 'powershell.exe', PS1, 'bg', 2, {
    parents: [
      ['svchost:schedule', 3],
      ['mssense', 1],
      ['healthservice', 1],
    ],
    role: 'powershell',
    console: true,
    dlls: PS_DLLS,
    kindWeight: { s: 2.5 },
  }),
  entry('powershell-wow', 'powershell.exe', `${WOW}\\WindowsPowerShell\\v1.0`, 'bg', 0.15, {
    parents: [['svchost:schedule', 1]],
    console: true,
    dlls: PS_DLLS,
  }),
  entry('pwsh', 'pwsh.exe', `${PF}\\PowerShell\\7`, 'ui', 2.5, {
    kinds: 'd',
    parents: [
      ['windowsterminal', 3],
      ['code', 3],
      ['explorer', 1],
    ],
    life: 'med',
    console: true,
    dlls: PS_DLLS,
  }),
  entry('windowsterminal', 'WindowsTerminal.exe', `${APPS}\\Microsoft.WindowsTerminal_1.21.3231.0_x64__8wekyb3d8bbwe`, 'ui', 0.8, {
    kinds: 'd',
    life: 'day',
    kids: [['openconsole', 1, 1]],
    pkg: 'Microsoft.WindowsTerminal_1.21.3231.0_x64__8wekyb3d8bbwe',
  }),
  entry('openconsole', 'OpenConsole.exe', `${APPS}\\Microsoft.WindowsTerminal_1.21.3231.0_x64__8wekyb3d8bbwe`, 'kid', 0, { kinds: 'd' }),
  ...[
    ['whoami', 'whoami.exe', 0.8],
    ['ipconfig', 'ipconfig.exe', 1.2],
    ['ping', 'PING.EXE', 1.2],
    ['nslookup', 'nslookup.exe', 0.6],
    ['tasklist', 'tasklist.exe', 0.6],
    ['taskkill', 'taskkill.exe', 0.5],
    ['findstr', 'findstr.exe', 0.8],
    ['find', 'find.exe', 0.3],
    ['where', 'where.exe', 0.8],
    ['hostname', 'HOSTNAME.EXE', 0.3],
    ['systeminfo', 'systeminfo.exe', 0.3],
    ['sc', 'sc.exe', 0.6],
    ['reg', 'reg.exe', 0.9],
    ['net', 'net.exe', 0.6],
    ['netsh', 'netsh.exe', 0.4],
    ['certutil', 'certutil.exe', 0.2],
    ['xcopy', 'xcopy.exe', 0.3],
    ['icacls', 'icacls.exe', 0.4],
    ['attrib', 'attrib.exe', 0.3],
    ['chcp', 'chcp.com', 0.9],
    ['more', 'more.com', 0.2],
    ['tree', 'tree.com', 0.1],
    ['clip', 'clip.exe', 0.3],
    ['curl', 'curl.exe', 0.6],
    ['tar', 'tar.exe', 0.2],
    ['fsutil', 'fsutil.exe', 0.2],
    ['forfiles', 'forfiles.exe', 0.2],
    ['arp', 'ARP.EXE', 0.15],
    ['route', 'ROUTE.EXE', 0.15],
    ['quser', 'quser.exe', 0.2],
    ['wevtutil', 'wevtutil.exe', 0.3],
    ['timeout', 'timeout.exe', 0.4],
    ['gpresult', 'gpresult.exe', 0.2],
    ['dism', 'Dism.exe', 0.15],
    ['sfc', 'sfc.exe', 0.05],
    ['mountvol', 'mountvol.exe', 0.05],
  ].map(([id, name, weight]) =>
    entry(String(id), String(name), S32, 'ui', Number(weight), {
      parents: SHELLS,
      token: 'inherit',
      life: 'blip',
      kindWeight: { d: 1.5, s: 2 },
    }),
  ),
  entry('net1', 'net1.exe', S32, 'kid', 0, { token: 'inherit', life: 'blip' }),
  entry('schtasks', 'schtasks.exe', S32, 'bg', 0.5, {
    parents: [
      ['cmd', 2],
      ['powershell', 1],
      ['msiexec', 1],
    ],
    token: 'inherit',
    life: 'blip',
  }),
  entry('wmic', 'WMIC.exe', WBEM, 'bg', 0.3, {
    parents: [
      ['cmd', 1],
      ['powershell', 1],
    ],
    token: 'inherit',
    life: 'brief',
    dlls: WMI_DLLS,
  }),
  entry('robocopy', 'Robocopy.exe', S32, 'ui', 1, {
    kinds: 's',
    parents: [
      ['cmd', 2],
      ['powershell', 2],
      ['svchost:schedule', 2],
    ],
    life: 'long',
    token: 'inherit',
  }),
  entry('vssadmin', 'vssadmin.exe', S32, 'ui', 0.3, {
    kinds: 's',
    parents: [
      ['cmd', 1],
      ['powershell', 1],
      ['svchost:schedule', 1],
    ],
    life: 'blip',
    token: 'inherit',
  }),
  entry('wbadmin', 'wbadmin.exe', S32, 'ui', 0.3, {
    kinds: 's',
    parents: [
      ['svchost:schedule', 1],
      ['powershell', 1],
    ],
    life: 'long',
    token: 'inherit',
  }),
  entry('rundll32', 'rundll32.exe', S32, 'bg', 2.5, {
    parents: [
      ['svchost:schedule', 3],
      ['svchost:dcom', 1],
      ['explorer', 1],
    ],
    life: 'brief',
    dirCases: SYSTEM32_LOWER,
  }),
  entry('rundll32-ui', 'rundll32.exe', S32, 'ui', 1, {
    parents: [
      ['explorer', 3],
      ['control', 1],
    ],
    life: 'brief',
    role: 'rundll32',
    dirCases: SYSTEM32_LOWER,
  }),
  entry('rundll32-wow', 'rundll32.exe', WOW, 'bg', 0.3, {
    parents: [
      ['svchost:schedule', 1],
      ['msiexec', 1],
    ],
    life: 'brief',
  }),
  entry('regsvr32', 'regsvr32.exe', S32, 'bg', 0.3, {
    parents: [
      ['msiexec', 2],
      ['cmd', 1],
    ],
    life: 'blip',
  }),
  entry('msiexec', 'msiexec.exe', S32, 'bg', 0.7, { parents: SERVICES, life: 'med', kids: [['msiexec-custom', 0, 2]] }),
  entry('msiexec-custom', 'MsiExec.exe', S32, 'kid', 0, { life: 'short', role: 'msiexec' }),
  entry('msiexec-wow', 'msiexec.exe', WOW, 'bg', 0.25, { parents: [['msiexec', 1]], life: 'short' }),
  entry('msiexec-ui', 'msiexec.exe', S32, 'ui', 0.35, { life: 'short', role: 'msiexec', token: 'mixed' }),
  entry('werfault-ui', 'WerFault.exe', S32, 'ui', 0.4, {
    parents: [
      ['excel', 1],
      ['winword', 1],
      ['msedge', 1],
      ['code', 1],
      ['explorer', 1],
    ],
    role: 'werfault',
  }),

  // ── Desktop applications ──────────────────────────────────────────────────────────────────
  entry('notepad', 'notepad.exe', S32, 'ui', 2.2, { kinds: 'fs', life: 'long', kindWeight: { s: 0.4 } }),
  entry('notepadstore', 'Notepad.exe', `${APPS}\\Microsoft.WindowsNotepad_11.2410.21.0_x64__8wekyb3d8bbwe`, 'ui', 1.5, {
    kinds: 'dh',
    life: 'long',
    token: 'appc',
    pkg: 'Microsoft.WindowsNotepad_11.2410.21.0_x64__8wekyb3d8bbwe',
  }),
  entry('mstsc', 'mstsc.exe', S32, 'ui', 0.5, { kinds: 'ds', life: 'long' }),
  entry('taskmgr', 'Taskmgr.exe', S32, 'ui', 0.6, { life: 'med', token: 'admin' }),
  entry('mmc', 'mmc.exe', S32, 'ui', 0.5, { kinds: 'dsf', life: 'med', token: 'admin', kindWeight: { s: 3 } }),
  entry('control', 'control.exe', S32, 'ui', 0.4, { life: 'brief', kinds: 'fdh' }),
  entry('snippingtool', 'SnippingTool.exe', `${APPS}\\Microsoft.ScreenSketch_11.2409.25.0_x64__8wekyb3d8bbwe`, 'ui', 0.8, {
    kinds: 'fdh',
    life: 'med',
    token: 'appc',
    pkg: 'Microsoft.ScreenSketch_11.2409.25.0_x64__8wekyb3d8bbwe',
  }),
  entry('calculator', 'CalculatorApp.exe', `${APPS}\\Microsoft.WindowsCalculator_11.2409.0.0_x64__8wekyb3d8bbwe`, 'ui', 0.6, {
    kinds: 'fh',
    life: 'med',
    token: 'appc',
    kindWeight: { f: 2 },
    pkg: 'Microsoft.WindowsCalculator_11.2409.0.0_x64__8wekyb3d8bbwe',
  }),
  entry('photos', 'Photos.exe', `${APPS}\\Microsoft.Windows.Photos_2024.11100.16009.0_x64__8wekyb3d8bbwe`, 'ui', 0.35, {
    kinds: 'fh',
    life: 'med',
    token: 'appc',
    pkg: 'Microsoft.Windows.Photos_2024.11100.16009.0_x64__8wekyb3d8bbwe',
  }),
  entry('mediaplayer', 'Microsoft.Media.Player.exe', `${APPS}\\Microsoft.ZuneMusic_11.2411.5.0_x64__8wekyb3d8bbwe`, 'ui', 0.15, {
    kinds: 'h',
    life: 'med',
    token: 'appc',
    pkg: 'Microsoft.ZuneMusic_11.2411.5.0_x64__8wekyb3d8bbwe',
  }),
  entry('winget', 'winget.exe', `${LOCAL}\\Microsoft\\WindowsApps`, 'ui', 0.25, { kinds: 'd', parents: SHELLS, life: 'short' }),
  entry('wpmserver', 'WindowsPackageManagerServer.exe', `${APPS}\\Microsoft.DesktopAppInstaller_1.24.25200.0_x64__8wekyb3d8bbwe`, 'ui', 0.15, {
    kinds: 'd',
    parents: [['svchost:dcom', 1]],
    life: 'short',
    pkg: 'Microsoft.DesktopAppInstaller_1.24.25200.0_x64__8wekyb3d8bbwe',
  }),
  entry('iexplore', 'iexplore.exe', `${PF}\\Internet Explorer`, 'ui', 0.1, { kinds: 'f', life: 'med' }),
  entry('ielowutil', 'ielowutil.exe', `${PF}\\Internet Explorer`, 'bg', 0.1, { kinds: 'f', parents: [['svchost:dcom', 1]], userSession: true, token: 'low' }),
  entry('sevenzip', '7z.exe', `${PF}\\7-Zip`, 'ui', 0.3, {
    kinds: 'fd',
    parents: [
      ['cmd', 1],
      ['powershell', 1],
      ['sevenzipfm', 1],
    ],
    life: 'short',
  }),
  entry('sevenzipfm', '7zFM.exe', `${PF}\\7-Zip`, 'ui', 0.3, { kinds: 'fd', life: 'med' }),
  entry('sevenzipg', '7zG.exe', `${PF}\\7-Zip`, 'ui', 0.25, { kinds: 'fd', life: 'short' }),
  entry('notepadpp', 'notepad++.exe', `${PF}\\Notepad++`, 'ui', 0.7, { kinds: 'fd', life: 'long' }),
  entry('keepass', 'KeePass.exe', `${PF}\\KeePass Password Safe 2`, 'ui', 0.4, { kinds: 'fd', life: 'day', dlls: DOTNET_DLLS }),

  // ── Browsers and web-based apps ───────────────────────────────────────────────────────────
  entry('msedge', 'msedge.exe', EDGE, 'ui', 2.5, { life: 'long', kids: [['msedge-child', 4, 8]], dlls: EDGE_DLLS, kindWeight: { d: 0.6, s: 0.05 } }),
  entry('msedge-child', 'msedge.exe', EDGE, 'ui', 13, {
    parents: [['msedge', 1]],
    token: 'low',
    life: 'med',
    dlls: EDGE_DLLS,
    kindWeight: { d: 0.6, s: 0.05 },
  }),
  entry('identityhelper', 'identity_helper.exe', EDGEV, 'ui', 0.5, { parents: [['msedge', 1]], life: 'short' }),
  entry('cookieexporter', 'cookie_exporter.exe', EDGEV, 'ui', 0.25, { parents: [['msedge', 1]], life: 'blip' }),
  entry('webview', 'msedgewebview2.exe', WEBVIEW, 'ui', 5, {
    parents: [
      ['msteams', 4],
      ['olk', 2],
      ['widgets', 1],
      ['searchhost', 1],
    ],
    token: 'low',
    life: 'med',
    kinds: 'dh',
  }),
  entry('chrome', 'chrome.exe', CHROME, 'ui', 1.6, { kinds: 'fd', life: 'long', kids: [['chrome-child', 4, 7]], dlls: CHROME_DLLS }),
  entry('chrome-child', 'chrome.exe', CHROME, 'ui', 7, { kinds: 'fd', parents: [['chrome', 1]], token: 'untrusted', life: 'med', dlls: CHROME_DLLS }),
  entry('chromenotify', 'notification_helper.exe', CHROMEV, 'ui', 0.3, { kinds: 'fd', parents: [['chrome', 1]], life: 'med' }),
  entry('firefox', 'firefox.exe', `${PF}\\Mozilla Firefox`, 'ui', 0.6, { kinds: 'd', life: 'long', kids: [['firefox-child', 3, 6]] }),
  entry('firefox-child', 'firefox.exe', `${PF}\\Mozilla Firefox`, 'ui', 2.5, { kinds: 'd', parents: [['firefox', 1]], token: 'low', life: 'med' }),
  entry('pingsender', 'pingsender.exe', `${PF}\\Mozilla Firefox`, 'ui', 0.25, { kinds: 'd', parents: [['firefox', 1]], life: 'blip' }),
  entry('msteams', 'ms-teams.exe', `${APPS}\\MSTeams_24335.208.3315.1951_x64__8wekyb3d8bbwe`, 'ui', 0.2, {
    kinds: 'dh',
    life: 'session',
    kids: [['webview', 3, 5]],
    pkg: 'MSTeams_24335.208.3315.1951_x64__8wekyb3d8bbwe',
    appId: 'MSTeams',
  }),
  entry('msteamsupdate', 'ms-teamsupdate.exe', `${APPS}\\MSTeams_24335.208.3315.1951_x64__8wekyb3d8bbwe`, 'bg', 0.3, {
    kinds: 'dh',
    parents: [['msteams', 1]],
    userSession: true,
    token: 'user',
    pkg: 'MSTeams_24335.208.3315.1951_x64__8wekyb3d8bbwe',
  }),
  entry('olk', 'olk.exe', `${APPS}\\Microsoft.OutlookForWindows_1.2024.1127.300_x64__8wekyb3d8bbwe`, 'ui', 0.4, {
    kinds: 'h',
    life: 'day',
    kids: [['webview', 2, 4]],
    pkg: 'Microsoft.OutlookForWindows_1.2024.1127.300_x64__8wekyb3d8bbwe',
    appId: 'Microsoft.OutlookforWindows',
  }),
  entry('teams', 'Teams.exe', `${LOCAL}\\Microsoft\\Teams\\current`, 'ui', 0.15, {
    kinds: 'f',
    life: 'session',
    kids: [['teams-child', 3, 5]],
    dlls: ELECTRON_DLLS,
  }),
  entry('teams-child', 'Teams.exe', `${LOCAL}\\Microsoft\\Teams\\current`, 'ui', 2.5, {
    kinds: 'f',
    parents: [['teams', 1]],
    life: 'med',
    dlls: ELECTRON_DLLS,
  }),
  entry('zoom', 'Zoom.exe', `${ROAMING}\\Zoom\\bin`, 'ui', 0.6, {
    kinds: 'h',
    life: 'long',
    kids: [
      ['cpthost', 0, 1],
      ['aomhost', 1, 1],
    ],
  }),
  entry('cpthost', 'CptHost.exe', `${ROAMING}\\Zoom\\bin`, 'kid', 0, { kinds: 'h' }),
  entry('aomhost', 'aomhost64.exe', `${ROAMING}\\Zoom\\bin\\aomhost`, 'kid', 0, { kinds: 'h' }),
  entry('slack', 'slack.exe', `${LOCAL}\\slack\\app-4.41.105`, 'ui', 0.15, { kinds: 'd', life: 'session', kids: [['slack-child', 3, 4]], dlls: ELECTRON_DLLS }),
  entry('slack-child', 'slack.exe', `${LOCAL}\\slack\\app-4.41.105`, 'ui', 1.5, { kinds: 'd', parents: [['slack', 1]], life: 'med', dlls: ELECTRON_DLLS }),

  // ── Office and OneDrive ───────────────────────────────────────────────────────────────────
  entry('winword', 'WINWORD.EXE', OFF, 'ui', 2.2, { kinds: 'fdh', life: 'long', dlls: OFFICE_DLLS, kindWeight: { d: 0.3, h: 1.5 } }),
  entry('excel', 'EXCEL.EXE', OFF, 'ui', 2.5, { kinds: 'fdh', life: 'long', dlls: OFFICE_DLLS, kindWeight: { f: 2.5, d: 0.3 } }),
  entry('outlook', 'OUTLOOK.EXE', OFF, 'ui', 0.5, { kinds: 'fd', life: 'day', dlls: OFFICE_DLLS }),
  entry('powerpnt', 'POWERPNT.EXE', OFF, 'ui', 0.8, { kinds: 'fdh', life: 'long', dlls: OFFICE_DLLS, kindWeight: { d: 0.2 } }),
  entry('onenote', 'ONENOTE.EXE', OFF, 'ui', 0.3, { kinds: 'fdh', life: 'long', dlls: OFFICE_DLLS }),
  entry('onenotem', 'ONENOTEM.EXE', OFF, 'boot', 0, { kinds: 'f', userSession: true, token: 'user', life: 'session', parents: [['explorer', 1]] }),
  entry('msaccess', 'MSACCESS.EXE', OFF, 'ui', 0.4, { kinds: 'f', life: 'long', dlls: OFFICE_DLLS }),
  entry('msoadfsb', 'msoadfsb.exe', OFF, 'ui', 0.7, { kinds: 'fdh', parents: OFFICE_APPS, life: 'med' }),
  entry('sdxhelper', 'sdxhelper.exe', OFF, 'ui', 0.5, { kinds: 'fdh', parents: OFFICE_APPS, life: 'short' }),
  entry('officeai', 'ai.exe', `${PF}\\Microsoft Office\\root\\vfs\\ProgramFilesCommonX64\\Microsoft Shared\\Office16`, 'ui', 0.6, {
    kinds: 'fdh',
    parents: OFFICE_APPS,
    life: 'med',
  }),
  entry('onedrive', 'OneDrive.exe', ONEDRIVE, 'ui', 0.05, { kinds: 'fdh', life: 'session' }),
  entry('filecoauth', 'FileCoAuth.exe', ONEDRIVEV, 'ui', 0.8, { kinds: 'fdh', parents: [...OFFICE_APPS, ['svchost:dcom', 1]], life: 'short' }),
  entry('sharepoint', 'Microsoft.SharePoint.exe', ONEDRIVEV, 'ui', 0.3, { kinds: 'fdh', parents: [['onedrive', 1]], life: 'med' }),

  // ── Finance ───────────────────────────────────────────────────────────────────────────────
  entry('acrobat', 'Acrobat.exe', ACRO, 'ui', 1.2, { kinds: 'fh', life: 'long', kids: [['acrocef', 2, 4]], kindWeight: { f: 1.5 } }),
  entry('acrocef', 'AcroCEF.exe', `${ACRO}\\acrocef_1`, 'ui', 1.2, { kinds: 'fh', parents: [['acrobat', 1]], life: 'med', token: 'low' }),
  entry('adobecollab', 'AdobeCollabSync.exe', ACRO, 'ui', 0.35, { kinds: 'fh', parents: [['acrobat', 1]], life: 'med' }),
  entry('saplogon', 'saplogon.exe', `${PF86}\\SAP\\FrontEnd\\SAPGUI`, 'ui', 0.8, { kinds: 'f', life: 'day' }),
  entry('saplgpad', 'saplgpad.exe', `${PF86}\\SAP\\FrontEnd\\SAPGUI`, 'ui', 0.3, { kinds: 'f', parents: [['saplogon', 1]], life: 'med' }),
  entry('zoominstaller', 'ZoomInstallerFull.exe', `${USER}\\Downloads`, 'ui', 0.04, { kinds: 'h', life: 'short' }),
  entry('chromesetup', 'ChromeSetup.exe', `${USER}\\Downloads`, 'ui', 0.04, { kinds: 'f', life: 'short' }),

  // ── Development ───────────────────────────────────────────────────────────────────────────
  entry('code', 'Code.exe', VSCODE, 'ui', 0.6, { kinds: 'd', life: 'day', kids: [['code-child', 3, 6]], dlls: ELECTRON_DLLS }),
  entry('code-child', 'Code.exe', VSCODE, 'ui', 5, { kinds: 'd', parents: [['code', 1]], life: 'med', dlls: ELECTRON_DLLS }),
  entry('rg', 'rg.exe', `${VSCODE}\\resources\\app\\node_modules\\@vscode\\ripgrep\\bin`, 'ui', 2.5, { kinds: 'd', parents: [['code', 1]], life: 'blip' }),
  entry('git', 'git.exe', `${GIT}\\cmd`, 'ui', 6, {
    kinds: 'd',
    parents: [
      ['code', 4],
      ['cmd', 1],
      ['pwsh', 1],
      ['powershell', 1],
      ['bash', 1],
    ],
    life: 'blip',
    kids: [['git-mingw', 1, 1]],
  }),
  entry('git-mingw', 'git.exe', `${GIT}\\mingw64\\bin`, 'kid', 0, { kinds: 'd', life: 'blip', kids: [['git-https', 0, 1]] }),
  entry('git-https', 'git-remote-https.exe', `${GIT}\\mingw64\\libexec\\git-core`, 'kid', 0, { kinds: 'd', life: 'brief' }),
  entry('bash', 'bash.exe', `${GIT}\\usr\\bin`, 'ui', 0.7, {
    kinds: 'd',
    parents: [
      ['code', 1],
      ['windowsterminal', 1],
    ],
    life: 'med',
    console: true,
  }),
  entry('sh', 'sh.exe', `${GIT}\\usr\\bin`, 'ui', 0.5, {
    kinds: 'd',
    parents: [
      ['git', 1],
      ['bash', 1],
    ],
    life: 'blip',
  }),
  entry('ssh', 'ssh.exe', `${GIT}\\usr\\bin`, 'ui', 0.5, {
    kinds: 'd',
    parents: [
      ['git', 2],
      ['bash', 1],
    ],
    life: 'short',
  }),
  entry('ssh-win', 'ssh.exe', `${S32}\\OpenSSH`, 'ui', 0.35, {
    kinds: 'd',
    parents: [
      ['pwsh', 1],
      ['powershell', 1],
      ['cmd', 1],
    ],
    life: 'long',
  }),
  entry('node', 'node.exe', `${PF}\\nodejs`, 'ui', 3.5, {
    kinds: 'd',
    parents: [
      ['code', 3],
      ['cmd', 1],
      ['pwsh', 2],
    ],
    life: 'med',
  }),
  entry('python', 'python.exe', PYTHON, 'ui', 1.8, {
    kinds: 'd',
    parents: [
      ['code', 2],
      ['pwsh', 1],
      ['cmd', 1],
    ],
    life: 'short',
  }),
  entry('pip', 'pip.exe', `${PYTHON}\\Scripts`, 'ui', 0.35, {
    kinds: 'd',
    parents: [
      ['pwsh', 1],
      ['cmd', 1],
    ],
    life: 'short',
  }),
  entry('pylauncher', 'py.exe', WIN, 'ui', 0.35, {
    kinds: 'd',
    parents: [
      ['pwsh', 1],
      ['cmd', 1],
    ],
    life: 'short',
  }),
  entry('python-alias', 'python.exe', `${LOCAL}\\Microsoft\\WindowsApps`, 'ui', 0.1, { kinds: 'd', parents: [['cmd', 1]], life: 'blip' }),
  entry('dotnet', 'dotnet.exe', `${PF}\\dotnet`, 'ui', 1.8, {
    kinds: 'd',
    parents: [
      ['code', 2],
      ['devenv', 1],
      ['pwsh', 1],
    ],
    life: 'short',
    dlls: [`${PF}\\dotnet\\host\\fxr\\8.0.11\\hostfxr.dll`],
  }),
  entry('msbuild', 'MSBuild.exe', `${VS}\\MSBuild\\Current\\Bin\\amd64`, 'ui', 1, {
    kinds: 'd',
    parents: [
      ['devenv', 2],
      ['dotnet', 1],
    ],
    life: 'short',
    dlls: DOTNET_DLLS,
  }),
  entry('devenv', 'devenv.exe', `${VS}\\Common7\\IDE`, 'ui', 0.3, {
    kinds: 'd',
    life: 'day',
    kids: [
      ['servicehub', 2, 4],
      ['perfwatson', 1, 1],
    ],
    dlls: DOTNET_DLLS,
  }),
  entry('servicehub', 'ServiceHub.Host.dotnet.x64.exe', `${VS}\\Common7\\ServiceHub\\Hosts\\ServiceHub.Host.dotnet.x64`, 'ui', 0.8, {
    kinds: 'd',
    parents: [['devenv', 1]],
    life: 'long',
  }),
  entry('servicehub-identity', 'ServiceHub.IdentityHost.exe', `${VS}\\Common7\\ServiceHub\\Hosts\\ServiceHub.Host.netfx.x86`, 'ui', 0.3, {
    kinds: 'd',
    parents: [['devenv', 1]],
    life: 'long',
    x86: true,
  }),
  entry('servicehub-settings', 'ServiceHub.SettingsHost.exe', `${VS}\\Common7\\ServiceHub\\Hosts\\ServiceHub.Host.netfx.x86`, 'ui', 0.3, {
    kinds: 'd',
    parents: [['devenv', 1]],
    life: 'long',
    x86: true,
  }),
  entry('perfwatson', 'PerfWatson2.exe', `${VS}\\Common7\\IDE`, 'kid', 0, { kinds: 'd', life: 'long' }),
  entry('vbcscompiler', 'VBCSCompiler.exe', `${VS}\\MSBuild\\Current\\Bin\\Roslyn`, 'ui', 0.5, { kinds: 'd', parents: [['msbuild', 1]], life: 'med' }),
  entry('csc', 'csc.exe', NET64, 'ui', 0.35, { kinds: 'd', parents: [['msbuild', 1]], life: 'brief', dlls: DOTNET_DLLS }),
  entry('docker', 'Docker Desktop.exe', DOCKER, 'ui', 0.1, {
    kinds: 'd',
    life: 'session',
    kids: [
      ['dockerbackend', 1, 1],
      ['dockerbuild', 1, 1],
    ],
  }),
  entry('dockerbackend', 'com.docker.backend.exe', `${DOCKER}\\resources`, 'kid', 0, { kinds: 'd' }),
  entry('dockerbuild', 'com.docker.build.exe', `${DOCKER}\\resources`, 'kid', 0, { kinds: 'd' }),
  entry('dockercli', 'docker.exe', `${DOCKER}\\resources\\bin`, 'ui', 1.4, {
    kinds: 'd',
    parents: [
      ['pwsh', 2],
      ['code', 2],
      ['bash', 1],
    ],
    life: 'brief',
  }),
  entry('wsl', 'wsl.exe', S32, 'ui', 0.5, {
    kinds: 'd',
    parents: [
      ['pwsh', 1],
      ['code', 1],
      ['windowsterminal', 1],
    ],
    life: 'long',
  }),
  entry('wslhost', 'wslhost.exe', `${PF}\\WSL`, 'ui', 0.4, { kinds: 'd', parents: [['wsl', 1]], life: 'long' }),
  entry('choco', 'choco.exe', 'ProgramData\\chocolatey\\bin', 'ui', 0.15, { kinds: 'd', parents: SHELLS, life: 'short', token: 'admin' }),
  entry('postman', 'Postman.exe', `${LOCAL}\\Postman\\app-11.20.0`, 'ui', 0.35, { kinds: 'd', life: 'long', dlls: ELECTRON_DLLS }),
  entry('nppinstaller', 'npp.8.7.4.Installer.x64.exe', `${USER}\\Downloads`, 'ui', 0.04, { kinds: 'd', life: 'short', token: 'admin' }),
  entry('tempsetup', 'setup.exe', `${LOCAL}\\Temp\\{7C5A1B3E-2F4D-4A6B-9E8C-0D1F2A3B4C5D}`, 'ui', 0.06, {
    kinds: 'fdh',
    parents: [
      ['msiexec', 1],
      ['explorer', 1],
    ],
    life: 'short',
  }),
];

/** Package names a backgroundTaskHost.exe runs tasks for. */
export const BACKGROUND_TASK_PACKAGES = [
  'Microsoft.Windows.Photos_2024.11100.16009.0_x64__8wekyb3d8bbwe',
  'Microsoft.YourPhone_1.24112.89.0_x64__8wekyb3d8bbwe',
  'MicrosoftWindows.Client.WebExperience_524.33200.0.0_x64__cw5n1h2txyewy',
  'Microsoft.WindowsStore_22410.1401.5.0_x64__8wekyb3d8bbwe',
  'Microsoft.SecHealthUI_1000.27703.1006.0_x64__8wekyb3d8bbwe',
  'Microsoft.Windows.ContentDeliveryManager_10.0.22621.3527_neutral_neutral_cw5n1h2txyewy',
  'MicrosoftWindows.Client.CBS_1000.22700.1047.0_x64__cw5n1h2txyewy',
  '',
];

/**
 * One step of a boot or logon sequence: seconds after the boot (or the logon), catalog entry,
 * parent role, extra role it registers under, host kinds it applies to.
 * @typedef {[number, string, string, string?, string?]} ScriptStep
 */

/** @type {readonly ScriptStep[]} */
export const BOOT_SCRIPT = [
  [1.2, 'smss', 'system'],
  [2.4, 'autochk', 'smss'],
  [3.5, 'smss', 'smss', 'smss-s0'],
  [3.7, 'csrss', 'smss-s0'],
  [3.9, 'wininit', 'smss-s0'],
  [4.1, 'smss', 'smss', 'smss-s1'],
  [4.3, 'csrss', 'smss-s1', 'csrss-s1'],
  [4.5, 'winlogon', 'smss-s1'],
  [4.8, 'services', 'wininit'],
  [4.9, 'lsass', 'wininit'],
  [5.0, 'lsaiso', 'wininit', '', 'fdh'],
  [5.2, 'fontdrvhost', 'wininit'],
  [5.3, 'fontdrvhost', 'winlogon', 'fontdrvhost-s1'],
  [5.6, 'svchost', 'services', 'svchost:dcom'],
  [5.9, 'svchost', 'services', 'svchost:rpcss'],
  [6.3, 'svchost', 'services'],
  [6.6, 'svchost', 'services'],
  [7.0, 'logonui', 'winlogon', '', 'fdh'],
  [7.2, 'dwm', 'winlogon'],
  [7.9, 'svchost', 'services', 'svchost:netsvcs'],
  [8.4, 'svchost', 'services', 'svchost:schedule'],
  [8.8, 'svchost', 'services'],
  [9.3, 'svchost', 'services'],
  [9.9, 'svchost', 'services'],
  [10.4, 'svchost', 'services'],
  [11.0, 'msmpeng', 'services'],
  [11.4, 'svchost', 'services'],
  [12.0, 'nissrv', 'services'],
  [12.3, 'mpdefcore', 'services'],
  [12.9, 'spoolsv', 'services', '', 'fdhs'],
  [13.5, 'svchost', 'services'],
  [14.0, 'sechealthsvc', 'services'],
  [14.6, 'searchindexer', 'services'],
  [15.1, 'svchost', 'services'],
  [15.5, 'aggregatorhost', 'svchost'],
  [16.0, 'c2r', 'services', '', 'fdh'],
  [16.4, 'uhssvc', 'services', '', 'fdh'],
  [16.8, 'mssense', 'services', '', 'ds'],
  [17.0, 'vmtoolsd', 'services', '', 's'],
  [17.3, 'vgauth', 'services', '', 's'],
  [17.6, 'dfsrs', 'services', '', 's'],
  [17.9, 'dfssvc', 'services', '', 's'],
  [18.2, 'sqlservr', 'services', '', 's'],
  [18.6, 'sqlwriter', 'services', '', 's'],
  [19.0, 'sqlceip', 'services', '', 's'],
  [19.4, 'healthservice', 'services', '', 's'],
  [17.1, 'rtkaud', 'services', '', 'fh'],
  [17.5, 'jhi', 'services', '', 'h'],
  [17.8, 'lms', 'services', '', 'h'],
  [18.1, 'lenovosvc', 'services', '', 'h'],
  [18.4, 'vpnagent', 'services', '', 'h'],
  [18.8, 'armsvc', 'services', '', 'fh'],
  [20.2, 'svchost', 'services'],
  [21.0, 'sgrmbroker', 'services'],
  [22.5, 'sensendr', 'mssense', '', 'ds'],
  [24.0, 'wmiprvse', 'svchost:dcom'],
  [25.5, 'svchost', 'services'],
  [27.0, 'wmiprvse', 'svchost:dcom'],
  [29.0, 'sppsvc', 'services'],
  [33.0, 'searchprot', 'searchindexer'],
  [33.2, 'searchfilter', 'searchindexer'],
  [38.0, 'svchost', 'services'],
];

/** Steps after a user logs on (workstations and laptops). @type {readonly ScriptStep[]} */
export const LOGON_SCRIPT = [
  [0.0, 'userinit', 'winlogon'],
  [0.3, 'sihost', 'svchost:netsvcs'],
  [0.5, 'svchost', 'services'],
  [0.6, 'svchost', 'services'],
  [0.8, 'taskhostw', 'svchost:schedule'],
  [1.2, 'explorer', 'userinit'],
  [1.5, 'ctfmon', 'svchost'],
  [2.0, 'startmenu', 'svchost:dcom'],
  [2.2, 'runtimebroker', 'svchost:dcom'],
  [2.6, 'searchhost', 'svchost:dcom', '', 'dh'],
  [2.6, 'searchapp', 'svchost:dcom', '', 'f'],
  [3.0, 'textinput', 'svchost:dcom', '', 'dh'],
  [3.0, 'shellexp', 'svchost:dcom', '', 'f'],
  [3.3, 'runtimebroker', 'svchost:dcom'],
  [4.0, 'sechealthtray', 'explorer'],
  [4.5, 'onedrive', 'explorer'],
  [5.0, 'msteams', 'explorer', '', 'dh'],
  [5.0, 'teams', 'explorer', '', 'f'],
  [5.5, 'phoneexp', 'svchost:dcom', '', 'dh'],
  [6.0, 'vpnui', 'explorer', '', 'h'],
  [6.2, 'igfxem', 'svchost', '', 'h'],
  [6.4, 'synaptics', 'explorer', '', 'h'],
  [6.5, 'slack', 'explorer', '', 'd'],
  [6.7, 'docker', 'explorer', '', 'd'],
  [7.0, 'onenotem', 'explorer', '', 'f'],
  [9.0, 'runtimebroker', 'svchost:dcom'],
  [12.0, 'smartscreen', 'svchost:dcom'],
  [15.0, 'bgtaskhost', 'svchost:dcom'],
  [17.0, 'bgtaskhost', 'svchost:dcom'],
];

/**
 * Long-running applications a logged-on user already had open before a capture began
 * (so their children have parents that no ProcessStart in the capture describes).
 * @type {readonly string[]}
 */
export const OPEN_BEFORE_CAPTURE = ['msedge', 'code', 'outlook', 'windowsterminal'];

// ════════════════════════════════════════════════════════════════════════════════════════════
// Simulation
// ════════════════════════════════════════════════════════════════════════════════════════════

/** Microsoft-Windows-Kernel-Process. */
export const PROVIDER_GUID = '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}';

// Time inside the model is an integer count of 100 ns ticks since the capture start (FILETIME
// resolution); epoch nanoseconds would not fit in a double.
const TICKS_PER_MS = 10_000;
const TICKS_PER_SECOND = 10_000_000;
const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;
const MINUTES_PER_DAY = 1440;
const LRM = '\u200e';

/**
 * @typedef {object} Random
 * @property {() => number} next uniform in [0, 1)
 * @property {(n: number) => number} int uniform integer in [0, n)
 * @property {(lo: number, hi: number) => number} range uniform in [lo, hi)
 * @property {(p: number) => boolean} chance
 * @property {() => number} exp exponential with mean 1
 * @property {(lo: number, hi: number) => number} logUniform
 */

/**
 * mulberry32: small, fast, good enough for synthetic data, and identical on every platform.
 * @param {number} seed
 * @returns {Random}
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    exp: () => -Math.log(1 - next()),
    logUniform: (lo, hi) => lo * Math.pow(hi / lo, next()),
  };
}

/** FNV-1a over UTF-16 code units: stable per-image constants (checksums, bases). @param {string} text */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** @param {number} value */
const hex = (value) => `0x${value.toString(16).toUpperCase()}`;

// ── Hosts ───────────────────────────────────────────────────────────────────────────────────

/**
 * @typedef {object} HostProfile
 * @property {string} name
 * @property {'f' | 'd' | 's' | 'h'} kind catalog host kind
 * @property {number} tzHours offset of local time from UTC
 * @property {number} volume N of `\Device\HarddiskVolumeN`
 * @property {string} user interactive user (folder name under Users)
 * @property {boolean} userIsAdmin whether the user has a split (UAC) token
 * @property {'daily' | 'always'} power daily: boots each weekday morning, shuts down each evening;
 *   always: running before the capture, rebooted at `reboots`
 * @property {{day: number, hour: number}[]} reboots capture day index and local hour
 * @property {[number, number]} office local office hours [start, end)
 * @property {number} bgRate background starts per hour (relative)
 * @property {number} uiRate interactive starts per office hour (relative)
 * @property {number} userSession session id of the interactive user
 */

/** @type {readonly HostProfile[]} */
const HOST_TEMPLATES = [
  {
    name: 'WS-FIN-07',
    kind: 'f',
    tzHours: 1,
    volume: 3,
    user: 'm.weber',
    userIsAdmin: false,
    power: 'daily',
    reboots: [],
    office: [8, 18],
    bgRate: 12,
    uiRate: 75,
    userSession: 1,
  },
  {
    name: 'WS-DEV-12',
    kind: 'd',
    tzHours: 1,
    volume: 4,
    user: 'j.schmidt',
    userIsAdmin: true,
    power: 'always',
    reboots: [
      { day: 0, hour: 8.2 },
      { day: 3, hour: 12.6 },
    ],
    office: [9, 19],
    bgRate: 14,
    uiRate: 110,
    userSession: 1,
  },
  {
    name: 'SRV-FILE-01',
    kind: 's',
    tzHours: 0,
    volume: 2,
    user: 'Administrator',
    userIsAdmin: true,
    power: 'always',
    reboots: [{ day: 0, hour: 1.5 }],
    office: [8, 18],
    bgRate: 40,
    uiRate: 5,
    userSession: 2,
  },
  {
    name: 'LAPTOP-HR-03',
    kind: 'h',
    tzHours: -5,
    volume: 3,
    user: 'a.keller',
    userIsAdmin: false,
    power: 'daily',
    reboots: [],
    office: [8, 17],
    bgRate: 10,
    uiRate: 60,
    userSession: 1,
  },
];
const EXTRA_USERS = ['t.nguyen', 's.fischer', 'l.martin', 'k.yilmaz', 'p.novak', 'r.rossi', 'e.berg', 'd.okafor'];

/**
 * The simulated hosts: the four templates first, then copies with the next numbers
 * (WS-FIN-08, …) and other users. `overrides[i]` replaces fields of host i (e.g. `tzHours`).
 * @param {number} count
 * @param {readonly Partial<HostProfile>[]} [overrides]
 * @returns {HostProfile[]}
 */
export function hostProfiles(count, overrides = []) {
  /** @type {HostProfile[]} */
  const hosts = [];
  for (let i = 0; i < count; i++) {
    const template = /** @type {HostProfile} */ (HOST_TEMPLATES[i % HOST_TEMPLATES.length]);
    const round = Math.floor(i / HOST_TEMPLATES.length);
    const name = template.name.replace(/(\d+)$/, (digits) => String(Number(digits) + round).padStart(digits.length, '0'));
    const user = round === 0 || template.kind === 's' ? template.user : /** @type {string} */ (EXTRA_USERS[(i - HOST_TEMPLATES.length) % EXTRA_USERS.length]);
    hosts.push({ ...template, name, user, volume: round === 0 ? template.volume : 2 + ((template.volume + round) % 3), ...(overrides[i] ?? {}) });
  }
  return hosts;
}

/** Velociraptor-style client id (`C.` + 16 hex) derived from a host name. @param {string} hostName */
export function clientIdOf(hostName) {
  const high = fnv1a(`client:${hostName}`).toString(16).padStart(8, '0');
  const low = fnv1a(`${hostName}:client`).toString(16).padStart(8, '0');
  return `C.${high}${low}`;
}

// ── Options ─────────────────────────────────────────────────────────────────────────────────

/**
 * @typedef {object} GenerateOptions
 * @property {number} [seed] default 42
 * @property {number} [events] total rows, default 40 000
 * @property {number} [days] capture length, default 5
 * @property {string} [start] first UTC day, default 2026-03-02 (a Monday)
 * @property {number} [hosts] default 4
 * @property {readonly Partial<HostProfile>[]} [hostOverrides] per-host field overrides
 * @property {boolean} [startsOnly] only event 1 rows
 * @property {number} [imageLoadsPerStart] mean ImageLoad rows per process start, default 3
 * @property {number} [unloadFraction] share of loaded images with an ImageUnload when the process exits, default 0.8
 * @property {boolean} [withHostname] top-level `Hostname` on each row, default true
 * @property {boolean} [withTs] top-level `_ts` (epoch seconds, as on stored rows), default true
 */

/**
 * @typedef {Required<Omit<GenerateOptions, 'hostOverrides'>> & {hostOverrides: readonly Partial<HostProfile>[]}} ResolvedOptions
 */

/** @param {GenerateOptions} options @returns {ResolvedOptions} */
export function resolveOptions(options) {
  const resolved = {
    seed: options.seed ?? 42,
    events: options.events ?? 40_000,
    days: options.days ?? 5,
    start: options.start ?? '2026-03-02',
    hosts: options.hosts ?? 4,
    hostOverrides: options.hostOverrides ?? [],
    startsOnly: options.startsOnly ?? false,
    imageLoadsPerStart: options.imageLoadsPerStart ?? 3,
    unloadFraction: options.unloadFraction ?? 0.8,
    withHostname: options.withHostname ?? true,
    withTs: options.withTs ?? true,
  };
  if (!Number.isInteger(resolved.events) || resolved.events < 1) throw new Error(`events must be a positive integer, got ${resolved.events}`);
  if (!Number.isInteger(resolved.seed)) throw new Error(`seed must be an integer, got ${resolved.seed}`);
  if (!(resolved.days > 0) || resolved.days > 366) throw new Error(`days must be in (0, 366], got ${resolved.days}`);
  if (!Number.isInteger(resolved.hosts) || resolved.hosts < 1 || resolved.hosts > 64)
    throw new Error(`hosts must be an integer in 1..64, got ${resolved.hosts}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(resolved.start) || Number.isNaN(Date.parse(`${resolved.start}T00:00:00Z`)))
    throw new Error(`start must be YYYY-MM-DD, got ${resolved.start}`);
  if (!(resolved.imageLoadsPerStart >= 0 && resolved.imageLoadsPerStart <= 40)) throw new Error('imageLoadsPerStart must be in [0, 40]');
  if (!(resolved.unloadFraction >= 0 && resolved.unloadFraction <= 1)) throw new Error('unloadFraction must be in [0, 1]');
  return resolved;
}

// ── Small structures ────────────────────────────────────────────────────────────────────────

/** @param {{t: number, n: number}} a @param {{t: number, n: number}} b */
function earlier(a, b) {
  return a.t < b.t || (a.t === b.t && a.n < b.n);
}

/**
 * Binary min-heap ordered by `t`, then by insertion number `n` (so equal times keep order).
 * @template {{t: number, n: number}} T
 */
class MinHeap {
  constructor() {
    /** @type {T[]} */
    this.items = [];
  }
  get size() {
    return this.items.length;
  }
  /** @returns {T | undefined} */
  peek() {
    return this.items[0];
  }
  /** @param {T} item */
  push(item) {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = /** @type {T} */ (items[parent]);
      if (!earlier(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }
  /** @returns {T | undefined} */
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && earlier(/** @type {T} */ (items[right]), /** @type {T} */ (items[left]))) child = right;
      const c = /** @type {T} */ (items[child]);
      if (!earlier(c, last)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/** Formats ticks since the capture start as the two time shapes a capture carries. */
class TimeFormat {
  /** @param {number} baseMs */
  constructor(baseMs) {
    this.baseMs = baseMs;
    this.second = Number.NaN;
    this.prefix = '';
  }
  /** @param {number} second */
  isoSecond(second) {
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(this.baseMs + second * 1000).toISOString().slice(0, 19);
    }
    return this.prefix;
  }
  /** System.TimeStamp: RFC 3339 UTC with up to 7 fraction digits, trailing zeros dropped (Go's RFC3339Nano). @param {number} tick */
  timeStamp(tick) {
    const second = Math.floor(tick / TICKS_PER_SECOND);
    const fraction = tick - second * TICKS_PER_SECOND;
    const prefix = this.isoSecond(second);
    if (fraction === 0) return `${prefix}Z`;
    return `${prefix}.${String(fraction).padStart(7, '0').replace(/0+$/, '')}Z`;
  }
  /** CreateTime/ExitTime as TdhFormatProperty renders a FILETIME: 9 digits and U+200E marks. @param {number} tick */
  fileTime(tick) {
    const second = Math.floor(tick / TICKS_PER_SECOND);
    const fraction = tick - second * TICKS_PER_SECOND;
    const p = this.isoSecond(second);
    return `${LRM}${p.slice(0, 4)}${LRM}-${LRM}${p.slice(5, 7)}${LRM}-${LRM}${p.slice(8)}.${String(fraction).padStart(7, '0')}00Z`;
  }
}

// ── Catalog lookups ─────────────────────────────────────────────────────────────────────────

/** @type {Map<string, CatalogEntry>} */
const ENTRY_BY_ID = new Map(CATALOG.map((e) => [e.id, e]));

/** @param {string} id @returns {CatalogEntry} */
function entryById(id) {
  const found = ENTRY_BY_ID.get(id);
  if (!found) throw new Error(`unknown catalog entry ${id}`);
  return found;
}

for (const e of CATALOG) for (const [kid] of e.kids) entryById(kid);
for (const [, id] of [...BOOT_SCRIPT, ...LOGON_SCRIPT]) entryById(id);

/** Roles some entry or script step names as a parent: only these are tracked. */
const PARENT_ROLES = new Set([
  'system',
  'svchost',
  'svchost:dcom',
  'svchost:netsvcs',
  'svchost:schedule',
  'services',
  'explorer',
  ...CATALOG.flatMap((e) => e.parents.map(([role]) => role)),
  ...[...BOOT_SCRIPT, ...LOGON_SCRIPT].map((step) => step[2]),
]);

/** @type {[string, number][]} */
const FALLBACK_BG = [
  ['svchost:dcom', 4],
  ['svchost', 1],
  ['services', 1],
  ['system', 0.01],
];
/** @type {[string, number][]} */
const FALLBACK_UI = [
  ['explorer', 4],
  ['svchost:dcom', 1],
  ['services', 0.5],
  ['system', 0.01],
];

/** Pseudo-entry for the System process (pid 4): a parent, never a ProcessStart. */
const SYSTEM_ENTRY = /** @type {CatalogEntry} */ ({ ...entryById('smss'), id: 'system', name: 'System', dir: '', role: 'system', life: 'core', kids: [] });

/** Expected number of attached children (recursively) of one start of `e`. @param {CatalogEntry} e @returns {number} */
function expectedKids(e) {
  let total = e.console ? 0.8 : 0;
  for (const [id, min, max] of e.kids) total += ((min + max) / 2) * (1 + expectedKids(entryById(id)));
  return total;
}

/** Mean lifetimes in seconds (log-uniform bounds). */
const LIFETIME_SECONDS = /** @type {const} */ ({
  blip: [0.02, 3],
  brief: [2, 15],
  short: [1, 150],
  med: [30, 2400],
  long: [600, 4 * 3600],
  day: [2 * 3600, 10 * 3600],
});

/** Token fields [ProcessTokenElevationType, ProcessTokenIsElevated, MandatoryLabel]. */
const SYSTEM_TOKEN = /** @type {const} */ (['1', '1', 'S-1-16-16384']);
const ELEVATED_TOKEN = /** @type {const} */ (['2', '1', 'S-1-16-12288']);

// ── Simulation state ────────────────────────────────────────────────────────────────────────

/**
 * @typedef {object} Interval one power-on period of a host
 * @property {number} boot tick the machine booted (negative: before the capture)
 * @property {number | null} logon tick the user logged on, null when nobody did
 * @property {number} shutdown tick it went down (Infinity: after the capture)
 * @property {number} index boot number on the host, changes ASLR bases
 */

/**
 * @typedef {object} Proc
 * @property {HostState} host
 * @property {CatalogEntry} entry
 * @property {number} pid
 * @property {number} seq
 * @property {number} createTick
 * @property {number} stopTick Infinity when it outlives the capture
 * @property {Proc | null} parent
 * @property {number} session
 * @property {readonly [string, string, string]} token
 * @property {string} imagePath
 * @property {string} createTime formatted CreateTime
 * @property {string} pkg
 * @property {string} appId
 * @property {Dll[]} loaded images with an ImageLoad row (unloaded at exit)
 * @property {number} bootIndex
 */

/**
 * @typedef {object} Dll
 * @property {string} path device path
 * @property {string} base @property {string} size @property {string} checksum
 * @property {string} timeDateStamp @property {string} defaultBase
 */

/**
 * @typedef {object} RowRecord a row waiting in time order
 * @property {number} t tick of System.TimeStamp
 * @property {number} n insertion number
 * @property {1 | 2 | 5 | 6} id
 * @property {Proc} proc
 * @property {Dll | null} dll
 */

/**
 * @typedef {object} BootStep
 * @property {number} t @property {number} n
 * @property {HostState} host @property {Interval} interval
 * @property {CatalogEntry} entry @property {string} parentRole @property {string} extraRole
 * @property {boolean} isSystem
 */

/**
 * @typedef {object} Pool weighted choice of catalog entries
 * @property {CatalogEntry[]} entries
 * @property {Float64Array} cumulative
 */

class HostState {
  /** @param {HostProfile} profile @param {number} index */
  constructor(profile, index) {
    this.profile = profile;
    this.index = index;
    /** @type {Interval[]} */
    this.intervals = [];
    /** @type {Map<string, Proc[]>} */
    this.roles = new Map();
    /** @type {Set<number>} */
    this.alive = new Set([4]);
    /** @type {MinHeap<{t: number, n: number, pid: number}>} */
    this.exits = new MinHeap();
    /** @type {number[]} */
    this.recentlyFreed = [];
    this.seq = 0;
    this.lastTick = -Infinity;
    /** @type {Map<string, Dll>} */
    this.dllCache = new Map();
    /** @type {Map<string, string>} */
    this.dirCache = new Map();
    /** @type {Proc | null} */
    this.system = null;
    const userToken =
      profile.kind === 's'
        ? /** @type {const} */ (['1', '1', 'S-1-16-12288'])
        : profile.userIsAdmin
          ? /** @type {const} */ (['3', '0', 'S-1-16-8192'])
          : /** @type {const} */ (['1', '0', 'S-1-16-8192']);
    /** @type {readonly [string, string, string]} */
    this.userToken = userToken;
    /** @type {readonly [string, string, string]} */
    this.adminToken = profile.kind === 's' ? userToken : ELEVATED_TOKEN;
    this.bgPool = makePool(profile.kind, 'bg');
    this.uiPool = makePool(profile.kind, 'ui');
  }
  /** @param {number} t @returns {Interval | null} */
  intervalAt(t) {
    for (const interval of this.intervals) if (interval.boot <= t && t < interval.shutdown) return interval;
    return null;
  }
  /** @param {string} dir */
  resolveDir(dir) {
    let resolved = this.dirCache.get(dir);
    if (resolved === undefined) {
      resolved = `\\Device\\HarddiskVolume${this.profile.volume}\\${dir.replace('{user}', this.profile.user)}`;
      this.dirCache.set(dir, resolved);
    }
    return resolved;
  }
}

/** @param {string} kind @param {'bg' | 'ui'} cat @returns {Pool} */
function makePool(kind, cat) {
  const entries = CATALOG.filter((e) => e.cat === cat && e.weight > 0 && e.kinds.includes(kind));
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach((e, i) => {
    sum += e.weight * (e.kindWeight[kind] ?? 1);
    cumulative[i] = sum;
  });
  return { entries, cumulative };
}

/** @param {Pool} pool @param {Random} rng @returns {CatalogEntry} */
function pickFromPool(pool, rng) {
  const total = pool.cumulative[pool.cumulative.length - 1] ?? 0;
  const target = rng.next() * total;
  let lo = 0;
  let hi = pool.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pool.cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return /** @type {CatalogEntry} */ (pool.entries[lo]);
}

/** Per-image constants that do not depend on the host (same binary everywhere). */
const imageConstants = new Map();
/** @param {string} dir @param {string} name @returns {{checksum: string, timeDateStamp: string, size: string}} */
function constantsOf(dir, name) {
  const key = `${dir}\\${name}`.toLowerCase();
  let constants = imageConstants.get(key);
  if (!constants) {
    const h = fnv1a(key);
    constants = {
      checksum: hex(0x8000 + (fnv1a(`${key}#checksum`) % 0x3f0000)),
      timeDateStamp: hex((fnv1a(`${key}#tds`) | 0x10000000) >>> 0),
      size: hex((0x10 + (h % 0x600)) * 0x1000),
    };
    imageConstants.set(key, constants);
  }
  return constants;
}

// ── The simulation ──────────────────────────────────────────────────────────────────────────

class Simulation {
  /** @param {ResolvedOptions} options */
  constructor(options) {
    this.o = options;
    this.rng = mulberry32(options.seed);
    // Values drawn while rows are written use their own stream so that writing does not shift the process model.
    this.rowRng = mulberry32(options.seed ^ 0x5bd1e995);
    this.baseMs = Date.parse(`${options.start}T00:00:00Z`);
    this.baseMinute = this.baseMs / 60_000;
    this.windowEnd = Math.round(options.days * TICKS_PER_DAY);
    this.minutes = Math.ceil(options.days * MINUTES_PER_DAY);
    /** @type {MinHeap<RowRecord>} */
    this.rows = new MinHeap();
    this.pushed = 0;
    this.serial = 0;
    this.rowTime = new TimeFormat(this.baseMs);
    this.createTimeFormat = new TimeFormat(this.baseMs);
    this.hosts = hostProfiles(options.hosts, options.hostOverrides).map((p, i) => new HostState(p, i));
    /** @type {BootStep[]} */
    this.bootSteps = [];
    this.reserve = 0;
    this.lastTick = 0;
    /** @type {HostState | null} */
    this.lastHost = null;
    const m = options.imageLoadsPerStart;
    this.meanFollowUps = options.startsOnly ? 0 : m + 0.85 * (1 + m * options.unloadFraction);
  }

  // ── Power schedule and activity weights ──

  planIntervals() {
    for (const host of this.hosts) {
      const p = host.profile;
      const rng = mulberry32(this.o.seed * 31 + fnv1a(p.name));
      const logonDelay = () => Math.round(rng.range(45, 150) * TICKS_PER_SECOND);
      if (p.power === 'always') {
        /** @type {number[]} */
        const reboots = p.reboots
          .map((r) => Math.round((r.day * 24 + r.hour - p.tzHours) * TICKS_PER_HOUR))
          .filter((t) => t > 0 && t < this.windowEnd)
          .sort((a, b) => a - b);
        let boot = -Math.round(rng.range(1.5, 6) * TICKS_PER_DAY);
        for (const shutdown of [...reboots, Infinity]) {
          const logon = p.kind === 's' ? (boot < 0 ? boot + 2 * TICKS_PER_HOUR : null) : boot + logonDelay();
          host.intervals.push({ boot, logon, shutdown, index: host.intervals.length });
          boot = shutdown + Math.round(rng.range(45, 120) * TICKS_PER_SECOND);
        }
      } else {
        const firstDay = Math.floor(this.baseMinute / MINUTES_PER_DAY) - 1;
        const lastDay = firstDay + Math.ceil(this.o.days) + 2;
        for (let day = firstDay; day <= lastDay; day++) {
          const weekday = (day + 4) % 7;
          const bootHour = p.office[0] + rng.range(-0.05, 0.6);
          const shutdownHour = p.office[1] + rng.range(-0.3, 1.3);
          if (weekday === 0 || weekday === 6) continue;
          const toTick = (/** @type {number} */ hour) => Math.round((day * MINUTES_PER_DAY + (hour - p.tzHours) * 60 - this.baseMinute) * TICKS_PER_MINUTE);
          const boot = toTick(bootHour);
          const shutdown = toTick(shutdownHour);
          if (shutdown <= 0 || boot >= this.windowEnd) continue;
          host.intervals.push({ boot, logon: boot + logonDelay(), shutdown: shutdown > this.windowEnd ? Infinity : shutdown, index: host.intervals.length });
        }
      }
    }
  }

  /** Office-hours rhythm in a host's local time. @param {HostProfile} p @param {number} hour @param {number} weekday */
  static officeFactor(p, hour, weekday) {
    if (weekday === 0 || weekday === 6) return 0.05;
    const [start, end] = p.office;
    if (hour >= start && hour < end) {
      if (hour >= 12 && hour < 13) return 0.55;
      if (hour < start + 1) return 0.75;
      return 1;
    }
    if ((hour >= start - 1 && hour < start) || (hour >= end && hour < end + 1)) return 0.3;
    if (hour >= end + 1 && hour < end + 3) return 0.1;
    return 0.03;
  }

  planWeights() {
    const minutes = this.minutes;
    /** @type {{bg: Float64Array, ui: Float64Array}[]} */
    this.weights = this.hosts.map(() => ({ bg: new Float64Array(minutes), ui: new Float64Array(minutes) }));
    this.cumulative = new Float64Array(minutes + 1);
    const quietAfterBoot = 60 * TICKS_PER_SECOND;
    const quietAfterLogon = 25 * TICKS_PER_SECOND;
    const quietBeforeShutdown = 20 * TICKS_PER_SECOND;
    this.hosts.forEach((host, h) => {
      const p = host.profile;
      const w = /** @type {{bg: Float64Array, ui: Float64Array}} */ (this.weights?.[h]);
      for (let m = 0; m < minutes; m++) {
        const from = m * TICKS_PER_MINUTE;
        const to = Math.min(from + TICKS_PER_MINUTE, this.windowEnd);
        const interval = host.intervalAt(from);
        if (!interval || to > interval.shutdown - quietBeforeShutdown || from < interval.boot + quietAfterBoot) continue;
        if (interval.logon !== null && from >= interval.logon - quietAfterBoot && from < interval.logon + quietAfterLogon) continue;
        const localMinute = this.baseMinute + m + p.tzHours * 60;
        const localDay = Math.floor(localMinute / MINUTES_PER_DAY);
        const hour = (localMinute - localDay * MINUTES_PER_DAY) / 60;
        const weekday = (localDay + 4) % 7;
        const minuteOfHour = Math.floor(localMinute) % 60;
        // Scheduled tasks cluster at the top of the hour and in the 03:00 maintenance window.
        const bg = p.bgRate * (minuteOfHour < 3 ? 2.5 : 1) * (hour >= 3 && hour < 4 ? 1.8 : 1);
        const loggedOn = p.kind === 's' || (interval.logon !== null && from >= interval.logon);
        const ui = loggedOn ? p.uiRate * Simulation.officeFactor(p, hour, weekday) : 0;
        const share = (to - from) / TICKS_PER_MINUTE;
        w.bg[m] = bg * share;
        w.ui[m] = ui * share;
      }
    });
    for (let m = 0; m < minutes; m++) {
      let total = 0;
      for (const w of this.weights) total += (w.bg[m] ?? 0) + (w.ui[m] ?? 0);
      this.cumulative[m + 1] = (this.cumulative[m] ?? 0) + total;
    }
  }

  planBoots() {
    let n = 0;
    for (const host of this.hosts) {
      for (const interval of host.intervals) {
        if (interval.boot < 0 || interval.boot >= this.windowEnd) continue;
        this.bootSteps.push(this.systemStep(host, interval, interval.boot, n++));
        for (const step of this.stepsFor(host, interval)) {
          const bootStep = { ...step, n: n++ };
          if (bootStep.t >= this.windowEnd) continue;
          this.bootSteps.push(bootStep);
          const expectedStops = interval.shutdown <= this.windowEnd ? 1 : 0.05;
          const perStart = this.o.startsOnly ? 1 : 1 + this.o.imageLoadsPerStart + expectedStops * (1 + this.o.imageLoadsPerStart * this.o.unloadFraction);
          this.reserve += perStart * (1 + expectedKids(step.entry));
        }
      }
    }
    this.bootSteps.sort((a, b) => a.t - b.t || a.n - b.n);
  }

  /** @param {HostState} host @param {Interval} interval @param {number} t @param {number} n @returns {BootStep} */
  systemStep(host, interval, t, n) {
    return { t, n, host, interval, entry: SYSTEM_ENTRY, parentRole: '', extraRole: '', isSystem: true };
  }

  /** Boot (and logon) steps of one power-on period, in time order. @param {HostState} host @param {Interval} interval */
  stepsFor(host, interval) {
    const kind = host.profile.kind;
    /** @type {BootStep[]} */
    const steps = [];
    /** @param {readonly ScriptStep[]} script @param {number} origin */
    const add = (script, origin) => {
      for (const [seconds, id, parentRole, extraRole, kinds] of script) {
        if (kinds && !kinds.includes(kind)) continue;
        const entryForStep = entryById(id);
        if (!entryForStep.kinds.includes(kind)) continue;
        steps.push({
          t: origin + Math.round(seconds * TICKS_PER_SECOND),
          n: 0,
          host,
          interval,
          entry: entryForStep,
          parentRole,
          extraRole: extraRole ?? '',
          isSystem: false,
        });
      }
    };
    add(BOOT_SCRIPT, interval.boot);
    if (interval.logon !== null) add(LOGON_SCRIPT, interval.logon);
    return steps.sort((a, b) => a.t - b.t);
  }

  // ── Processes ──

  /** Frees the pids of processes that exited by `t`. @param {HostState} host @param {number} t */
  releasePids(host, t) {
    for (let next = host.exits.peek(); next && next.t <= t; next = host.exits.peek()) {
      host.exits.pop();
      host.alive.delete(next.pid);
      host.recentlyFreed.push(next.pid);
    }
    if (host.recentlyFreed.length > 96) host.recentlyFreed.splice(0, 48);
  }

  /** Windows hands out multiples of 4 and soon reuses freed ones. @param {HostState} host @param {boolean} early */
  allocatePid(host, early) {
    const rng = this.rng;
    if (!early && host.recentlyFreed.length > 0 && rng.chance(0.3)) {
      while (host.recentlyFreed.length > 0) {
        const pid = /** @type {number} */ (host.recentlyFreed.pop());
        if (!host.alive.has(pid)) return pid;
      }
    }
    const [low, high] = early ? [80, 1500] : [80, 22000];
    for (;;) {
      const pid = low + 4 * rng.int((high - low) / 4);
      if (!host.alive.has(pid)) return pid;
    }
  }

  /** @param {HostState} host @param {string} role @param {number} t @returns {Proc | null} */
  aliveInRole(host, role, t) {
    const procs = host.roles.get(role);
    if (!procs) return null;
    let write = 0;
    let eligible = 0;
    for (let read = 0; read < procs.length; read++) {
      const proc = /** @type {Proc} */ (procs[read]);
      if (proc.stopTick <= t) continue;
      procs[write++] = proc;
      if (proc.createTick < t) eligible++;
    }
    procs.length = write;
    if (eligible === 0) return null;
    let pick = this.rng.int(eligible);
    for (const proc of procs) {
      if (proc.createTick >= t) continue;
      if (pick-- === 0) return proc;
    }
    return null;
  }

  /** A running process in one of `roles`, chosen by weight. @param {HostState} host @param {readonly [string, number][]} roles @param {number} t */
  findParent(host, roles, t) {
    /** @type {Proc[]} */
    const found = [];
    /** @type {number[]} */
    const weights = [];
    let total = 0;
    for (const [role, weight] of roles) {
      const proc = this.aliveInRole(host, role, t);
      if (proc) {
        found.push(proc);
        weights.push(weight);
        total += weight;
      }
    }
    if (found.length === 0) return null;
    let target = this.rng.next() * total;
    for (let i = 0; i < found.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return /** @type {Proc} */ (found[i]);
    }
    return /** @type {Proc} */ (found[found.length - 1]);
  }

  /** @param {readonly [string, number][]} cases @param {string} fallback */
  pickCase(cases, fallback) {
    for (const [variant, p] of cases) if (this.rng.chance(p)) return variant;
    return fallback;
  }

  /** @param {CatalogEntry} entry @param {HostState} host @param {Proc | null} parent @returns {readonly [string, string, string]} */
  tokenFor(entry, host, parent) {
    switch (entry.token) {
      case 'sys':
      case 'svc':
        return SYSTEM_TOKEN;
      case 'user':
        return host.userToken;
      case 'admin':
        return host.adminToken;
      case 'mixed':
        return this.rng.chance(0.12) ? host.adminToken : host.userToken;
      case 'low':
      case 'appc':
        return [host.userToken[0], '0', 'S-1-16-4096'];
      case 'untrusted':
        return [host.userToken[0], '0', 'S-1-16-0'];
      case 'inherit':
        return parent ? parent.token : host.userToken;
      default:
        throw new Error(`unknown token level ${String(entry.token)}`);
    }
  }

  /** When a process started at `t` exits. @param {CatalogEntry} entry @param {Interval} interval @param {number} t @param {Proc | null} attachedTo */
  stopTickFor(entry, interval, t, attachedTo) {
    const rng = this.rng;
    const bounds = entry.life in LIFETIME_SECONDS ? LIFETIME_SECONDS[/** @type {keyof typeof LIFETIME_SECONDS} */ (entry.life)] : null;
    let stop = bounds ? t + Math.round(rng.logUniform(bounds[0], bounds[1]) * TICKS_PER_SECOND) : Infinity;
    if (attachedTo && attachedTo.stopTick < stop) stop = attachedTo.stopTick + Math.round(rng.range(0.001, 0.3) * TICKS_PER_SECOND);
    if (Number.isFinite(interval.shutdown)) {
      // Shutdown closes user programs first, then services, then the core of the session manager.
      const beforeShutdown = entry.life === 'core' ? rng.range(0.05, 0.8) : entry.life === 'service' ? rng.range(1, 6) : rng.range(6, 14);
      stop = Math.min(stop, interval.shutdown - Math.round(beforeShutdown * TICKS_PER_SECOND));
    }
    stop = Math.max(stop, t + 5 * TICKS_PER_MS);
    return stop > this.windowEnd ? Infinity : stop;
  }

  /** @param {HostState} host @param {Proc} proc */
  register(host, proc, extraRole = '') {
    for (const role of [proc.entry.role, extraRole]) {
      if (!role || !PARENT_ROLES.has(role)) continue;
      let procs = host.roles.get(role);
      if (!procs) host.roles.set(role, (procs = []));
      procs.push(proc);
    }
  }

  /** @param {RowRecord['id']} id @param {number} t @param {Proc} proc @param {Dll | null} dll */
  pushRow(id, t, proc, dll) {
    this.rows.push({ t, n: this.serial++, id, proc, dll });
    this.pushed++;
  }

  /** @param {HostState} host @param {string} path @param {number} bootIndex @param {boolean} isImage @param {boolean} x86 @returns {Dll} */
  dllFor(host, path, bootIndex, isImage, x86) {
    const key = `${bootIndex}|${path}`;
    let dll = host.dllCache.get(key);
    if (!dll) {
      const slash = path.lastIndexOf('\\');
      const constants = constantsOf(path.slice(0, slash), path.slice(slash + 1));
      const h = fnv1a(`${host.profile.name}|${bootIndex}|${path.toLowerCase()}`);
      const base = x86
        ? isImage
          ? 0x400000 + (h % 0x400) * 0x10000
          : 0x60000000 + (h % 0x1f00) * 0x10000
        : (isImage ? 0x7ff600000000 : 0x7ff800000000) + (h % 0xfff0) * 0x10000;
      dll = {
        path: host.resolveDir(path.slice(0, slash)) + path.slice(slash),
        base: hex(base),
        size: constants.size,
        checksum: constants.checksum,
        timeDateStamp: constants.timeDateStamp,
        defaultBase: x86 ? (isImage ? '0x400000' : '0x10000000') : isImage ? '0x140000000' : '0x180000000',
      };
      if (host.dllCache.size > 20_000) host.dllCache.clear();
      host.dllCache.set(key, dll);
    }
    return dll;
  }

  /** How many images a new process loads (mean `imageLoadsPerStart`). */
  loadCount() {
    const mean = this.o.imageLoadsPerStart;
    if (mean <= 0) return 0;
    if (mean < 1) return this.rng.chance(mean) ? 1 : 0;
    // 1 + Poisson(mean - 1): the image itself always loads first.
    const limit = Math.exp(-(mean - 1));
    let k = 0;
    for (let p = this.rng.next(); p > limit; p *= this.rng.next()) k++;
    return 1 + k;
  }

  /**
   * Starts one process (and its attached children) and queues its rows.
   * @param {HostState} host
   * @param {CatalogEntry} entry
   * @param {number} t CreateTime tick
   * @param {Proc | null} parent
   * @param {{emit: boolean, extraRole?: string, early?: boolean, attached?: boolean, stopAt?: number, loads?: number, depth?: number}} how
   * @returns {Proc | null} null when the host is off at `t`
   */
  start(host, entry, t, parent, how) {
    const rng = this.rng;
    // A gap wider than the CreateTime-to-TimeStamp delay keeps a host's rows in sequence order.
    t = Math.max(t, host.lastTick + 500 + rng.int(400));
    const interval = host.intervalAt(t);
    if (!interval || t >= this.windowEnd) return null;
    host.lastTick = t;
    const pid = this.allocatePid(host, how.early ?? false);
    host.seq += rng.chance(0.04) ? 2 : 1;
    const name = this.pickCase(entry.nameCases, entry.name);
    const dir = this.pickCase(entry.dirCases, entry.dir);
    const token = this.tokenFor(entry, host, parent);
    const inheritsSession = entry.token === 'inherit' || how.extraRole === 'smss-s1' || (how.early === true && (parent?.session ?? 0) > 0);
    const session = entry.userSession || how.extraRole === 'smss-s1' ? host.profile.userSession : inheritsSession && parent ? parent.session : 0;
    let stopTick = how.stopAt ?? this.stopTickFor(entry, interval, t, how.attached ? parent : null);
    if (stopTick <= t) stopTick = t + 5 * TICKS_PER_MS;
    const pkg = entry.id === 'bgtaskhost' ? /** @type {string} */ (BACKGROUND_TASK_PACKAGES[rng.int(BACKGROUND_TASK_PACKAGES.length)]) : entry.pkg;
    /** @type {Proc} */
    const proc = {
      host,
      entry,
      pid,
      seq: host.seq,
      createTick: t,
      stopTick,
      parent,
      session,
      token,
      imagePath: `${host.resolveDir(dir)}\\${name}`,
      createTime: this.createTimeFormat.fileTime(t),
      pkg,
      appId: entry.id === 'bgtaskhost' ? '' : entry.appId,
      loaded: [],
      bootIndex: interval.index,
    };
    host.alive.add(pid);
    if (Number.isFinite(stopTick)) host.exits.push({ t: stopTick, n: this.serial++, pid });
    this.register(host, proc, how.extraRole);

    const startRowTick = t + 100 + rng.int(300);
    const stopsInCapture = Number.isFinite(stopTick) && stopTick > 0;
    if (how.emit) {
      this.pushRow(1, startRowTick, proc, null);
      if (!this.o.startsOnly) this.queueImageLoads(proc, startRowTick, how.loads ?? this.loadCount());
    }
    if (stopsInCapture && !this.o.startsOnly) {
      const unloads = proc.loaded.filter(() => rng.chance(this.o.unloadFraction)).reverse();
      const lastLoad = proc.loaded.length > 0 ? startRowTick + 1 : t;
      const spread = Math.max(1, Math.min(500 * TICKS_PER_MS, Math.floor((stopTick - lastLoad) / 2)));
      unloads.forEach((dll, i) => this.pushRow(6, stopTick - spread + Math.floor((spread * i) / (unloads.length + 1)), proc, dll));
      this.pushRow(2, stopTick, proc, null);
    }

    const depth = how.depth ?? 0;
    if (depth < 4) {
      const kidLimit = Math.min(stopTick, interval.shutdown - TICKS_PER_SECOND, this.windowEnd - TICKS_PER_MS);
      let kidTick = t;
      const consoleless = parent === null || !parent.entry.console;
      if (entry.console && consoleless && rng.chance(0.9)) {
        kidTick += Math.round(rng.range(0.3, 6) * TICKS_PER_MS);
        if (kidTick < kidLimit) this.start(host, entryById('conhost'), kidTick, proc, { emit: how.emit, attached: true, depth: depth + 1 });
      }
      for (const [kidId, min, max] of entry.kids) {
        const count = min + rng.int(max - min + 1);
        for (let i = 0; i < count; i++) {
          kidTick += Math.round(rng.logUniform(2, 900) * TICKS_PER_MS);
          if (kidTick >= kidLimit) break;
          this.start(host, entryById(kidId), kidTick, proc, { emit: how.emit, attached: true, depth: depth + 1 });
        }
      }
    }
    return proc;
  }

  /** @param {Proc} proc @param {number} after @param {number} count */
  queueImageLoads(proc, after, count) {
    if (count <= 0) return;
    const { entry, host } = proc;
    const rng = this.rng;
    const x86 = entry.x86;
    const exe = { ...this.dllFor(host, `${entry.dir}\\${entry.name}`, proc.bootIndex, true, x86), path: proc.imagePath };
    /** @type {string[]} */
    const paths = [...(x86 ? WOW64_DLLS : NATIVE_DLLS), ...entry.dlls.map((d) => d.replace('{dir}', entry.dir))];
    const end = Math.min(proc.stopTick, this.windowEnd) - 1;
    let t = after + 200 + rng.int(3000);
    /** @type {Dll[]} */
    const chosen = [exe];
    let common = rng.int(3);
    while (chosen.length < count) {
      const path = paths.length > 0 ? paths.shift() : COMMON_DLLS[common];
      if (path === undefined) break;
      if (paths.length === 0) common += 1 + rng.int(3);
      chosen.push(this.dllFor(host, path, proc.bootIndex, false, x86));
    }
    for (const dll of chosen) {
      if (t >= end) break;
      this.pushRow(5, t, proc, dll);
      proc.loaded.push(dll);
      t += Math.max(1, Math.min(Math.round(rng.logUniform(0.03, 4) * TICKS_PER_MS), Math.floor((end - t) / 4)));
    }
  }

  // ── Sources of process starts ──

  /** Before the capture: run the boot and logon of hosts already up, without rows. */
  runBeforeCapture() {
    for (const host of this.hosts) {
      const interval = host.intervals.find((i) => i.boot < 0 && i.shutdown > 0);
      if (!interval) {
        host.seq = 8 + this.rng.int(40);
        continue;
      }
      host.seq = 8 + this.rng.int(40);
      this.runSystemStep(this.systemStep(host, interval, interval.boot, 0));
      for (const step of this.stepsFor(host, interval)) this.runBootStep(step, false);
      if (interval.logon !== null && interval.logon < 0) {
        for (const id of OPEN_BEFORE_CAPTURE) {
          const app = entryById(id);
          if (!app.kinds.includes(host.profile.kind)) continue;
          const t = Math.min(interval.logon + Math.round(this.rng.range(0.1, 20) * TICKS_PER_HOUR), -Math.round(this.rng.range(0.2, 2) * TICKS_PER_HOUR));
          const parent = this.findParent(host, app.parents, t) ?? this.findParent(host, FALLBACK_UI, t);
          this.start(host, app, Math.max(t, host.lastTick + 1), parent, { emit: false });
        }
      }
      // Processes that came and went between that boot and the capture used sequence numbers too.
      host.seq += Math.round((-interval.boot / TICKS_PER_DAY) * this.rng.range(2000, 4000));
      host.lastTick = Math.max(host.lastTick, 0);
    }
  }

  /** @param {BootStep} step */
  runSystemStep(step) {
    const { host, interval } = step;
    host.seq += 1;
    /** @type {Proc} */
    const system = {
      host,
      entry: SYSTEM_ENTRY,
      pid: 4,
      seq: host.seq,
      createTick: step.t,
      stopTick: Number.isFinite(interval.shutdown) ? interval.shutdown - 1 : Infinity,
      parent: null,
      session: 0,
      token: SYSTEM_TOKEN,
      imagePath: 'System',
      createTime: '',
      pkg: '',
      appId: '',
      loaded: [],
      bootIndex: interval.index,
    };
    host.system = system;
    host.lastTick = Math.max(host.lastTick, step.t);
    this.register(host, system);
  }

  /** @param {BootStep} step @param {boolean} emit */
  runBootStep(step, emit) {
    if (step.isSystem) return this.runSystemStep(step);
    const { host, entry } = step;
    this.releasePids(host, step.t);
    const parent = this.findParent(host, [[step.parentRole, 1]], step.t) ?? this.findParent(host, FALLBACK_BG, step.t);
    const stopAt =
      entry.id === 'logonui' && step.interval.logon !== null ? step.interval.logon + Math.round(this.rng.range(2, 5) * TICKS_PER_SECOND) : undefined;
    this.start(host, entry, step.t, parent, { emit, extraRole: step.extraRole, early: true, ...(stopAt === undefined ? {} : { stopAt }) });
    this.lastHost = host;
  }

  /** One background or interactive start in minute `m` at tick `t`. @param {number} m @param {number} t */
  runDynamic(m, t) {
    const rng = this.rng;
    const weights = /** @type {{bg: Float64Array, ui: Float64Array}[]} */ (this.weights);
    let total = 0;
    for (const w of weights) total += (w.bg[m] ?? 0) + (w.ui[m] ?? 0);
    let target = rng.next() * total;
    let h = 0;
    for (; h < weights.length - 1; h++) {
      const w = /** @type {{bg: Float64Array, ui: Float64Array}} */ (weights[h]);
      target -= (w.bg[m] ?? 0) + (w.ui[m] ?? 0);
      if (target < 0) break;
    }
    const host = /** @type {HostState} */ (this.hosts[h]);
    const w = /** @type {{bg: Float64Array, ui: Float64Array}} */ (weights[h]);
    const bg = w.bg[m] ?? 0;
    const isUi = rng.next() * (bg + (w.ui[m] ?? 0)) >= bg;
    const pool = isUi ? host.uiPool : host.bgPool;
    this.releasePids(host, t);
    let entry = pickFromPool(pool, rng);
    let parent = this.findParent(host, entry.parents, t);
    for (let tries = 0; !parent && tries < 3; tries++) {
      entry = pickFromPool(pool, rng);
      parent = this.findParent(host, entry.parents, t);
    }
    parent ??= this.findParent(host, isUi ? FALLBACK_UI : FALLBACK_BG, t);
    this.start(host, entry, t, parent, { emit: true });
    this.lastHost = host;
  }

  /** Starts that spend rows still missing at the end (the row count is exact). @param {number} missing */
  runFillers(missing) {
    const host = this.lastHost ?? /** @type {HostState} */ (this.hosts[0]);
    const interval = host.intervalAt(this.lastTick);
    const end = Math.min(interval ? interval.shutdown - 20 * TICKS_PER_SECOND : this.windowEnd, this.windowEnd - TICKS_PER_MS);
    const spacing = Math.max(1, Math.floor((end - this.lastTick) / 128));
    const filler = entryById('bgtaskhost');
    for (let i = 1; missing > 0 && i < 100_000; i++) {
      const t = Math.min(this.lastTick + spacing * i, this.windowEnd - 1000);
      this.releasePids(host, t);
      const parent = this.findParent(host, FALLBACK_BG, t) ?? host.system;
      const before = this.pushed;
      const loads = this.o.startsOnly ? 0 : Math.max(0, Math.min(60, missing - 2));
      if (!this.start(host, filler, t, parent, { emit: true, loads })) break;
      missing -= this.pushed - before;
    }
  }

  // ── Rows ──

  /** @param {RowRecord} record */
  buildRow(record) {
    const { proc } = record;
    const { host } = proc;
    /** @type {Record<string, string>} */
    let eventData;
    let emitter = proc.pid;
    switch (record.id) {
      case 1: {
        const parent = proc.parent;
        const constants = constantsOf(proc.entry.dir, proc.entry.name);
        emitter = parent ? parent.pid : 4;
        eventData = {
          ProcessID: String(proc.pid),
          ProcessSequenceNumber: String(proc.seq),
          CreateTime: proc.createTime,
          ParentProcessID: String(parent ? parent.pid : 4),
          ParentProcessSequenceNumber: String(parent ? parent.seq : 1),
          SessionID: String(proc.session),
          Flags: '0',
          ProcessTokenElevationType: proc.token[0],
          ProcessTokenIsElevated: proc.token[1],
          MandatoryLabel: proc.token[2],
          ImageName: proc.imagePath,
          ImageChecksum: constants.checksum,
          TimeDateStamp: constants.timeDateStamp,
          PackageFullName: proc.pkg,
          PackageRelativeAppId: proc.appId,
        };
        break;
      }
      case 2:
        eventData = this.stopData(proc);
        break;
      case 5:
      case 6: {
        const dll = /** @type {Dll} */ (record.dll);
        eventData = {
          ImageBase: dll.base,
          ImageSize: dll.size,
          ProcessID: String(proc.pid),
          ImageCheckSum: dll.checksum,
          TimeDateStamp: dll.timeDateStamp,
          DefaultBase: dll.defaultBase,
          ImageName: dll.path,
        };
        break;
      }
    }
    /** @type {Record<string, unknown>} */
    const row = {
      System: {
        ID: record.id,
        ProcessID: emitter,
        TimeStamp: this.rowTime.timeStamp(record.t),
        Provider: PROVIDER_GUID,
        OpCode: record.id === 1 ? 1 : record.id === 2 ? 2 : 0,
      },
      ProviderGUID: PROVIDER_GUID,
      EventData: eventData,
      Backtrace: [],
    };
    if (this.o.withHostname) row.Hostname = host.profile.name;
    // Stored rows carry the second the server wrote them: a moment after the event.
    if (this.o.withTs) row._ts = this.baseMs / 1000 + Math.floor(record.t / TICKS_PER_SECOND) + 2;
    return row;
  }

  /** ProcessStop fields; counters grow with lifetime. @param {Proc} proc */
  stopData(proc) {
    const rng = this.rowRng;
    const seconds = Math.max(0.001, (proc.stopTick - proc.createTick) / TICKS_PER_SECOND);
    const scale = Math.log10(1 + seconds);
    const heavy = proc.entry.dlls.length > 0 ? 4 : 1;
    const commit = Math.round(((1 + scale * heavy * rng.range(1, 12)) * 1024 * 1024) / 4096) * 4096;
    const roll = rng.next();
    const exitCode = roll < 0.9 ? '0' : roll < 0.96 ? '1' : roll < 0.98 ? (proc.entry.console ? '3221225786' : '2') : roll < 0.995 ? '259' : '3221225477';
    // ProcessStop reports EPROCESS.ImageFileName: 14 characters at most.
    const fileName = proc.imagePath.slice(proc.imagePath.lastIndexOf('\\') + 1).slice(0, 14);
    return {
      ProcessID: String(proc.pid),
      ProcessSequenceNumber: String(proc.seq),
      CreateTime: proc.createTime,
      ExitTime: this.rowTime.fileTime(proc.stopTick - 50 - rng.int(1500)),
      ExitCode: exitCode,
      TokenElevationType: proc.token[0],
      HandleCount: String(Math.round(20 + scale * heavy * rng.range(20, 160))),
      CommitCharge: String(commit),
      CommitPeak: String(commit + Math.round((rng.range(0, 0.4) * commit) / 4096) * 4096),
      CPUCycleCount: String(Math.round(rng.range(2e6, 4e7) * Math.min(seconds, 36000) * heavy * rng.range(0.01, 1))),
      ReadOperationCount: String(Math.round(scale * heavy * rng.range(2, 400))),
      WriteOperationCount: String(Math.round(scale * heavy * rng.range(0, 120))),
      ReadTransferKiloBytes: String(Math.round(scale * heavy * rng.range(8, 4000))),
      WriteTransferKiloBytes: String(Math.round(scale * heavy * rng.range(0, 900))),
      HardFaultCount: String(Math.round(scale * heavy * rng.range(0, 60))),
      ImageName: fileName,
    };
  }

  // ── Driver ──

  /** @returns {Generator<Record<string, unknown>, void, void>} */
  *run() {
    this.planIntervals();
    this.planWeights();
    this.runBeforeCapture();
    this.planBoots();
    const limit = this.o.events;
    const cumulative = /** @type {Float64Array} */ (this.cumulative);
    const totalWeight = cumulative[this.minutes] ?? 0;
    let emitted = 0;
    let minute = 0;
    const budget = () => limit - this.pushed - this.reserve;
    const groupGuess = 1.3 * (1 + this.meanFollowUps);
    let x = totalWeight > 0 && budget() > 0 ? ((groupGuess * totalWeight) / budget()) * this.rng.exp() : totalWeight;
    let b = 0;
    for (;;) {
      while (minute < this.minutes && (cumulative[minute + 1] ?? 0) <= x) minute++;
      const dynamicTick =
        x < totalWeight && minute < this.minutes
          ? Math.min(
              this.windowEnd - TICKS_PER_MS,
              Math.floor((minute + (x - (cumulative[minute] ?? 0)) / ((cumulative[minute + 1] ?? 0) - (cumulative[minute] ?? 0))) * TICKS_PER_MINUTE),
            )
          : Infinity;
      const step = this.bootSteps[b];
      const bootTick = step ? step.t : Infinity;
      if (dynamicTick === Infinity && bootTick === Infinity) break;
      let now;
      if (step && bootTick <= dynamicTick) {
        now = bootTick;
        this.runBootStep(step, true);
        if (!step.isSystem) {
          const expectedStops = step.interval.shutdown <= this.windowEnd ? 1 : 0.05;
          const perStart = this.o.startsOnly ? 1 : 1 + this.o.imageLoadsPerStart + expectedStops * (1 + this.o.imageLoadsPerStart * this.o.unloadFraction);
          this.reserve = Math.max(0, this.reserve - perStart * (1 + expectedKids(step.entry)));
        }
        b++;
      } else {
        now = dynamicTick;
        const before = this.pushed;
        this.runDynamic(minute, dynamicTick);
        const cost = Math.max(1, this.pushed - before);
        const remaining = budget();
        // Spread the rows still to write evenly over the activity still to come.
        x = remaining <= 0 ? totalWeight : x + cost * ((totalWeight - x) / remaining) * this.rng.exp();
      }
      this.lastTick = Math.max(this.lastTick, now);
      for (let next = this.rows.peek(); next && next.t <= now; next = this.rows.peek()) {
        if (emitted >= limit) return;
        yield this.buildRow(/** @type {RowRecord} */ (this.rows.pop()));
        emitted++;
      }
    }
    if (this.pushed < limit) this.runFillers(limit - this.pushed);
    while (this.rows.size > 0 && emitted < limit) {
      yield this.buildRow(/** @type {RowRecord} */ (this.rows.pop()));
      emitted++;
    }
  }
}

/**
 * Rows of a seeded Velociraptor `watch_etw` capture of Microsoft-Windows-Kernel-Process in the
 * 0.74+ shape, in time order. Exactly `events` rows unless the model runs dry (it does not for
 * sane settings). Rows are built lazily, so memory stays bounded for millions of rows.
 * @param {GenerateOptions} [options]
 * @returns {Generator<Record<string, unknown>, void, void>}
 */
export function* generateRows(options = {}) {
  yield* new Simulation(resolveOptions(options)).run();
}

/**
 * @typedef {object} CaptureSummary
 * @property {number} rows
 * @property {Record<string, number>} byEventId rows per System.ID ("1", "2", "5", "6")
 * @property {Record<string, number>} byHost rows per Hostname ("" when rows have none)
 */

/**
 * Counts rows per event id and host.
 * @param {Iterable<Record<string, unknown>>} rows
 * @returns {CaptureSummary}
 */
export function summarise(rows) {
  /** @type {CaptureSummary} */
  const summary = { rows: 0, byEventId: { 1: 0, 2: 0, 5: 0, 6: 0 }, byHost: {} };
  for (const row of rows) {
    summary.rows++;
    const system = row.System;
    const id = system && typeof system === 'object' && 'ID' in system ? String(system.ID) : '?';
    summary.byEventId[id] = (summary.byEventId[id] ?? 0) + 1;
    const host = typeof row.Hostname === 'string' ? row.Hostname : '';
    summary.byHost[host] = (summary.byHost[host] ?? 0) + 1;
  }
  return summary;
}
