// @ts-check
/**
 * The catalogue of the capture model: which programs run from which folders on which kind of
 * host, how often, started by whom, what they load, and the boot and logon sequences. Plain data
 * and one constructor; scripts/captureSimulation.mjs turns it into rows.
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
