import { describe, expect, it } from 'vitest';
import { parseIntegerField, parseIntegerText } from './integerField';

describe('parseIntegerField', () => {
  it('reads decimal and hex EventData strings', () => {
    expect(parseIntegerField('10756')).toBe(10756);
    expect(parseIntegerField('0x2C834')).toBe(0x2c834);
    expect(parseIntegerField('0x2c834')).toBe(182324);
    expect(parseIntegerField('0')).toBe(0);
    expect(parseIntegerField('8,416')).toBe(8416);
  });

  it('passes non-negative safe integers through', () => {
    expect(parseIntegerField(888)).toBe(888);
    expect(parseIntegerField(0)).toBe(0);
  });

  it('gives -1 for missing, negative, fractional, oversized and malformed values', () => {
    for (const value of [undefined, null, '', '-5', '12a', '0x', '0xZZ', ' 12', '1,', ',1', -3, 1.5, 2 ** 60, '0xFFFFFFFFFFFFFFFF', true, {}]) {
      expect(parseIntegerField(value), String(value)).toBe(-1);
    }
  });

  it('agrees with Number for random decimal and hex text', () => {
    for (let value = 1; value < 2 ** 40; value = value * 7 + 3) {
      expect(parseIntegerText(String(value))).toBe(value);
      expect(parseIntegerText(`0x${value.toString(16).toUpperCase()}`)).toBe(value);
    }
  });
});
