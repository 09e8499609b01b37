/**
 * What the known-bad generator draws from, besides the user's capture and the LOLBAS/Sigma seed
 * table: actor tools, the folders actors drop them in, the ordinary programs they also run, and
 * the parents a system process has (and should not have).
 */

/** An image by file name and folder below the volume root. */
export interface ImageSpec {
  name: string;
  folder: string;
}

/** A tool actors bring, and what it is for. */
export interface ActorTool {
  name: string;
  what: string;
  /** Fixed folder (PsExec's service lands in \Windows); otherwise an actor folder is drawn. */
  folder?: string;
}

/** Tools seen in intrusion reports, some under the plain or renamed names actors give them. */
export const ACTOR_TOOLS: readonly ActorTool[] = [
  { name: 'mimikatz.exe', what: 'credential dumper' },
  { name: 'mm64.exe', what: 'renamed credential dumper' },
  { name: 'kiwi.exe', what: 'renamed credential dumper' },
  { name: 'PsExec.exe', what: 'remote execution' },
  { name: 'PsExec64.exe', what: 'remote execution' },
  { name: 'PSEXESVC.exe', what: 'PsExec service on the target', folder: '\\Windows' },
  { name: 'procdump64.exe', what: 'memory dumper (LSASS dumps)' },
  { name: 'rclone.exe', what: 'exfiltration to cloud storage' },
  { name: 'AdFind.exe', what: 'Active Directory discovery' },
  { name: 'SharpHound.exe', what: 'Active Directory discovery' },
  { name: 'Rubeus.exe', what: 'Kerberos abuse' },
  { name: '7z.exe', what: 'archiver for staging' },
  { name: '7za.exe', what: 'archiver for staging' },
  { name: 'rar.exe', what: 'archiver for staging' },
  { name: 'nc.exe', what: 'netcat' },
  { name: 'plink.exe', what: 'SSH tunnelling' },
  { name: 'chisel.exe', what: 'tunnelling' },
  { name: 'ngrok.exe', what: 'tunnelling' },
  { name: 'netscan.exe', what: 'network scanner' },
  { name: 'AnyDesk.exe', what: 'remote access' },
];

/** Where actors drop tools; `<user>` becomes a user folder seen in the capture. */
export const ACTOR_FOLDERS: readonly string[] = [
  '\\Users\\Public',
  '\\ProgramData',
  '\\Windows\\Temp',
  '\\PerfLogs',
  '\\Users\\<user>\\AppData\\Local\\Temp',
  '\\Users\\<user>\\Downloads',
];

/** Folders a masquerading copy of a system binary is dropped into. */
export const MASQUERADE_FOLDERS: readonly string[] = [
  '\\Users\\Public',
  '\\ProgramData',
  '\\Windows\\Temp',
  '\\Users\\<user>\\AppData\\Roaming',
  '\\Users\\<user>\\AppData\\Local\\Temp',
  '\\PerfLogs',
];

/** Ordinary programs actors run for discovery, from their real folders. */
export const ORDINARY_PROGRAMS: readonly ImageSpec[] = [
  { name: 'cmd.exe', folder: '\\Windows\\System32' },
  { name: 'powershell.exe', folder: '\\Windows\\System32\\WindowsPowerShell\\v1.0' },
  { name: 'whoami.exe', folder: '\\Windows\\System32' },
  { name: 'net.exe', folder: '\\Windows\\System32' },
  { name: 'net1.exe', folder: '\\Windows\\System32' },
  { name: 'nltest.exe', folder: '\\Windows\\System32' },
  { name: 'ipconfig.exe', folder: '\\Windows\\System32' },
  { name: 'systeminfo.exe', folder: '\\Windows\\System32' },
  { name: 'tasklist.exe', folder: '\\Windows\\System32' },
  { name: 'quser.exe', folder: '\\Windows\\System32' },
  { name: 'hostname.exe', folder: '\\Windows\\System32' },
  { name: 'netstat.exe', folder: '\\Windows\\System32' },
  { name: 'ping.exe', folder: '\\Windows\\System32' },
  { name: 'reg.exe', folder: '\\Windows\\System32' },
  { name: 'sc.exe', folder: '\\Windows\\System32' },
  { name: 'schtasks.exe', folder: '\\Windows\\System32' },
  { name: 'WMIC.exe', folder: '\\Windows\\System32\\wbem' },
  { name: 'arp.exe', folder: '\\Windows\\System32' },
  { name: 'klist.exe', folder: '\\Windows\\System32' },
];

/** System processes used when a capture is too small to name its own. */
export const FALLBACK_SYSTEM_IMAGES: readonly ImageSpec[] = [
  { name: 'svchost.exe', folder: '\\Windows\\System32' },
  { name: 'lsass.exe', folder: '\\Windows\\System32' },
  { name: 'services.exe', folder: '\\Windows\\System32' },
  { name: 'explorer.exe', folder: '\\Windows' },
  { name: 'RuntimeBroker.exe', folder: '\\Windows\\System32' },
  { name: 'taskhostw.exe', folder: '\\Windows\\System32' },
  { name: 'conhost.exe', folder: '\\Windows\\System32' },
  { name: 'dllhost.exe', folder: '\\Windows\\System32' },
];

/** Expected parents of Windows processes (Windows process genealogy), used without Sigma. */
export const EXPECTED_PARENTS: Readonly<Record<string, readonly string[]>> = {
  'svchost.exe': ['services.exe'],
  'spoolsv.exe': ['services.exe'],
  'lsass.exe': ['wininit.exe'],
  'lsaiso.exe': ['wininit.exe'],
  'services.exe': ['wininit.exe'],
  'lsm.exe': ['wininit.exe'],
  'wininit.exe': ['smss.exe'],
  'winlogon.exe': ['smss.exe'],
  'csrss.exe': ['smss.exe'],
  'taskhostw.exe': ['svchost.exe'],
  'taskhost.exe': ['services.exe', 'svchost.exe'],
  'runtimebroker.exe': ['svchost.exe'],
};

/** Parents that start a system process in intrusions, from outside and inside System32. */
export const WRONG_PARENTS: readonly ImageSpec[] = [
  { name: 'explorer.exe', folder: '\\Windows' },
  { name: 'WINWORD.EXE', folder: '\\Program Files\\Microsoft Office\\root\\Office16' },
  { name: 'EXCEL.EXE', folder: '\\Program Files\\Microsoft Office\\root\\Office16' },
  { name: 'OUTLOOK.EXE', folder: '\\Program Files\\Microsoft Office\\root\\Office16' },
  { name: 'chrome.exe', folder: '\\Program Files\\Google\\Chrome\\Application' },
  { name: 'msedge.exe', folder: '\\Program Files (x86)\\Microsoft\\Edge\\Application' },
  { name: 'update.exe', folder: '\\Users\\Public' },
  { name: 'svc.exe', folder: '\\ProgramData' },
  { name: 'cmd.exe', folder: '\\Windows\\System32' },
  { name: 'powershell.exe', folder: '\\Windows\\System32\\WindowsPowerShell\\v1.0' },
  { name: 'rundll32.exe', folder: '\\Windows\\System32' },
];
