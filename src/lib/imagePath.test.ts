import { describe, expect, it } from 'vitest';
import { splitImagePath } from './imagePath';

describe('splitImagePath', () => {
  it('splits an NT device path into volume, folder from the root and name', () => {
    expect(splitImagePath('\\Device\\HarddiskVolume3\\Windows\\System32\\rundll32.exe')).toEqual({
      volume: '\\Device\\HarddiskVolume3',
      folder: '\\Windows\\System32',
      name: 'rundll32.exe',
    });
  });
  it('gives the same folder for a drive-letter path', () => {
    expect(splitImagePath('c:\\Windows\\System32\\rundll32.exe')).toEqual({
      volume: 'C:',
      folder: '\\Windows\\System32',
      name: 'rundll32.exe',
    });
  });
  it('handles Win32 and NT prefixes, forward slashes and the volume root', () => {
    expect(splitImagePath('\\??\\C:\\Windows\\explorer.exe').folder).toBe('\\Windows');
    expect(splitImagePath('C:/Tools/x.exe')).toEqual({ volume: 'C:', folder: '\\Tools', name: 'x.exe' });
    expect(splitImagePath('\\Device\\HarddiskVolume2\\a.exe')).toEqual({
      volume: '\\Device\\HarddiskVolume2',
      folder: '\\',
      name: 'a.exe',
    });
  });
  it('maps \\SystemRoot to the Windows folder', () => {
    expect(splitImagePath('\\SystemRoot\\System32\\smss.exe')).toEqual({
      volume: '\\SystemRoot',
      folder: '\\Windows\\System32',
      name: 'smss.exe',
    });
  });
  it('keeps a bare name (ProcessStop) as a name with no folder', () => {
    expect(splitImagePath('svchost.exe')).toEqual({ volume: '', folder: '', name: 'svchost.exe' });
  });
  it('keeps UNC server and share as the volume', () => {
    expect(splitImagePath('\\\\fs01\\tools\\bin\\psexec.exe')).toEqual({
      volume: '\\\\fs01\\tools',
      folder: '\\bin',
      name: 'psexec.exe',
    });
    expect(splitImagePath('\\Device\\Mup\\fs01\\tools\\bin\\psexec.exe')).toEqual({
      volume: '\\Device\\Mup\\fs01\\tools',
      folder: '\\bin',
      name: 'psexec.exe',
    });
  });
});
