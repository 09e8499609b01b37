/**
 * Splits a Windows image path into volume, folder (from the volume root) and file name, so the
 * same folder compares equal across hosts with different volume numbers and across ETW device
 * paths and Sysmon drive-letter paths.
 */
export interface ImagePathParts {
  /** `\Device\HarddiskVolume3`, `C:`, `\\server\share`, or '' for a bare name. */
  volume: string;
  /** Folder from the volume root, e.g. `\Windows\System32`; `\` for the root; '' for a bare name. */
  folder: string;
  /** File name, e.g. `rundll32.exe`. */
  name: string;
}

const DEVICE_VOLUME = /^\\device\\[^\\]+/i;
const DRIVE = /^[a-z]:/i;

export function splitImagePath(rawPath: string): ImagePathParts {
  let path = rawPath.trim();
  if (path.includes('/')) path = path.replace(/\//g, '\\');
  // Win32 and NT prefixes that point at the same places.
  if (path.startsWith('\\??\\') || path.startsWith('\\\\?\\') || path.startsWith('\\\\.\\')) path = path.slice(4);

  const lastSlash = path.lastIndexOf('\\');
  if (lastSlash < 0) return { volume: '', folder: '', name: path };
  const name = path.slice(lastSlash + 1);

  let volume = '';
  let rest = path.slice(0, lastSlash);
  const device = DEVICE_VOLUME.exec(path);
  if (device) {
    volume = device[0];
    rest = path.slice(volume.length, lastSlash);
    // UNC through the multiple UNC provider: keep server and share as the volume.
    if (/^\\device\\mup$/i.test(volume)) {
      const parts = rest.split('\\');
      volume = `${volume}\\${parts[1] ?? ''}\\${parts[2] ?? ''}`;
      rest = `\\${parts.slice(3).join('\\')}`;
    }
  } else if (DRIVE.test(path)) {
    volume = path.slice(0, 2).toUpperCase();
    rest = path.slice(2, lastSlash);
  } else if (/^\\systemroot(\\|$)/i.test(path)) {
    // \SystemRoot is the kernel's alias for the Windows folder.
    volume = '\\SystemRoot';
    rest = `\\Windows${path.slice('\\SystemRoot'.length, lastSlash)}`;
  } else if (path.startsWith('\\\\')) {
    const parts = path.slice(2).split('\\');
    volume = `\\\\${parts[0] ?? ''}\\${parts[1] ?? ''}`;
    rest = `\\${parts.slice(2, -1).join('\\')}`;
  }
  let folder = rest === '' ? '\\' : rest;
  if (!folder.startsWith('\\')) folder = `\\${folder}`;
  if (folder.length > 1 && folder.endsWith('\\')) folder = folder.slice(0, -1);
  return { volume, folder, name };
}
