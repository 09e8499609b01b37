import { describe, expect, it } from 'vitest';
import { hostFromFileName } from './hostFromFileName';

describe('hostFromFileName', () => {
  it('finds a Velociraptor client id in a name or path', () => {
    expect(hostFromFileName('C.1a2b3c4d5e6f7a8b-Custom.ETW.Kernel_Process.json')).toBe('C.1a2b3c4d5e6f7a8b');
    expect(hostFromFileName('clients/C.0123456789abcdef/monitoring/Windows.ETW.KernelProcess/2024-12-19.json')).toBe('C.0123456789abcdef');
    expect(hostFromFileName('export_C.ABCDEF0123456789.csv')).toBe('C.ABCDEF0123456789');
  });

  it('says "unknown" when there is none or it is not exactly 16 hex digits', () => {
    expect(hostFromFileName('capture.jsonl')).toBe('unknown');
    expect(hostFromFileName('C.123.json')).toBe('unknown');
    expect(hostFromFileName('C.0123456789abcdef0.json')).toBe('unknown');
    expect(hostFromFileName('XC.0123456789abcdef.json')).toBe('unknown');
    expect(hostFromFileName('C.0123456789abcdeg.json')).toBe('unknown');
  });
});
