import { describe, expect, it } from 'vitest';
import { detectLayout } from './detectLayout';

describe('detectLayout', () => {
  it('tells layouts from the first non-whitespace character', () => {
    expect(detectLayout('\r\n  {"System":{}}\n')).toEqual({ layout: 'json-lines', format: 'jsonl' });
    expect(detectLayout('\n[\n {"a":1}]')).toEqual({ layout: 'json-values', format: 'json-array' });
    expect(detectLayout('System,EventData\n')).toEqual({ layout: 'csv', format: 'csv' });
    expect(detectLayout('\ufeff{"a":1}')).toEqual({ layout: 'json-lines', format: 'jsonl' });
  });

  it('reads a { alone on its line as pretty-printed objects', () => {
    expect(detectLayout('{\r\n  "System": {\n')).toEqual({ layout: 'json-values', format: 'json-array' });
  });

  it('needs more text when there is only whitespace', () => {
    expect(detectLayout(' \r\n\t')).toBeNull();
    expect(detectLayout('')).toBeNull();
  });
});
