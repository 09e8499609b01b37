import { describe, expect, it } from 'vitest';
import { commandLineShape, splitCommandLine } from './commandLineShape';

describe('commandLineShape', () => {
  it('splits on blanks outside quotes and drops the quotes', () => {
    expect(splitCommandLine('"C:\\Program Files\\a b.exe" /x  "two words" last')).toEqual(['C:\\Program Files\\a b.exe', '/x', 'two words', 'last']);
    expect(splitCommandLine('cmd ""')).toEqual(['cmd', '']);
  });

  it('keeps the program name and switches, and replaces values by their kind', () => {
    expect(commandLineShape('"C:\\Windows\\system32\\cmd.exe" /c C:\\Temp\\run.bat')).toBe('cmd.exe /c <path>');
    expect(commandLineShape('powershell.exe -noP -sta -w 1 -enc SQBmACgAJABQAFMAVgBFAHIAUwBpAE8AbgBUAEEAQgBsAEUA')).toBe(
      'powershell.exe -nop -sta -w <n> -enc <b64>',
    );
    expect(commandLineShape('rundll32.exe {4E5FB9B5-1F7E-4A1E-9D6C-6B1C3E5F0A11} https://x.example/a')).toBe('rundll32.exe <guid> <url>');
    expect(commandLineShape('C:\\Windows\\System32\\smartscreen.exe -Embedding')).toBe('smartscreen.exe -embedding');
    expect(commandLineShape('1432')).toBe('1432');
    expect(commandLineShape('   ')).toBe('');
  });

  it('cuts long argument lists after six arguments', () => {
    expect(commandLineShape('reg.exe add "HKLM\\SYSTEM\\X" /v fDeny /t REG_DWORD /d 0 /f')).toBe('reg.exe <s> <path> /v <s> /t <s> …');
  });
});
