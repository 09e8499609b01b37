import { describe, expect, it } from 'vitest';
import { ownString } from './ownString';

describe('ownString', () => {
  it('gives the same text, surrogate pairs and all', () => {
    for (const text of ['', 'a', '2026-03-02T09:15', '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}', 'x😀y\u200e']) expect(ownString(text)).toBe(text);
  });
});
