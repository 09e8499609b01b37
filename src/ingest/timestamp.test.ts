import { describe, expect, it } from 'vitest';
import { epochNumberToMs, TimestampParser } from './timestamp';

// One parser for every call of this file, as one file's rows share one: each call meets the minute the calls before it left.
const parser = new TimestampParser();
const parseTimestampMs = (text: string): number => parser.parse(text);
const parseMarkedTimestampMs = (text: string): number => parser.parseMarked(text);
const timestampValueToMs = (value: unknown): number => parser.valueToMs(value);

describe('parseTimestampMs', () => {
  it('reads RFC 3339 UTC with 7 fraction digits (Velociraptor 0.74 System.TimeStamp)', () => {
    expect(parseTimestampMs('2024-12-19T08:10:45.1234567Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 45, 123));
  });

  it('reads 9 fraction digits (TDH CreateTime) truncating below the millisecond', () => {
    expect(parseTimestampMs('2024-12-19T08:10:41.597027800Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 597));
    expect(parseTimestampMs('2024-12-19T08:10:41.999999999Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 999));
  });

  it('reads short fractions and no fraction', () => {
    expect(parseTimestampMs('2024-12-19T08:10:41.5Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 500));
    expect(parseTimestampMs('2024-12-19T08:10:41.05Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 50));
    expect(parseTimestampMs('2024-12-19T08:10:45Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 45));
  });

  it('applies offsets: local time minus the offset is UTC', () => {
    expect(parseTimestampMs('2024-12-19T09:10:45+01:00')).toBe(Date.UTC(2024, 11, 19, 8, 10, 45));
    expect(parseTimestampMs('2024-12-19T03:40:45.25-04:30')).toBe(Date.UTC(2024, 11, 19, 8, 10, 45, 250));
    expect(parseTimestampMs('2024-12-19T09:10:45+0100')).toBe(Date.UTC(2024, 11, 19, 8, 10, 45));
    expect(parseTimestampMs('2024-12-20T00:30:00+10:00')).toBe(Date.UTC(2024, 11, 19, 14, 30));
  });

  it('reads a space separator and a missing zone as UTC (Sysmon UtcTime)', () => {
    expect(parseTimestampMs('2020-10-22 06:57:59.855')).toBe(Date.UTC(2020, 9, 22, 6, 57, 59, 855));
    expect(parseTimestampMs('2020-10-22T06:57')).toBe(Date.UTC(2020, 9, 22, 6, 57));
  });

  it('reads Go zero time as year 1, not 1901', () => {
    expect(new Date(parseTimestampMs('0001-01-01T00:00:00Z')).getUTCFullYear()).toBe(1);
  });

  it('gives NaN for impossible dates and garbage', () => {
    for (const text of [
      '2024-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-12-19T24:00:00Z',
      '2024-12-19T08:60:00Z',
      '2024-12-19T08:10:61Z',
      '2024-12-19T08:10:45+25:00',
      'yesterday',
      '',
      '2024-12-19T08:10:45.Z',
      '2024-12-19T08:10:45Zjunk',
    ]) {
      expect(parseTimestampMs(text), text).toBeNaN();
    }
    expect(parseTimestampMs('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('gives the same results in any order (the last minute parsed is remembered)', () => {
    const cases: [string, number][] = [
      ['2024-12-19T08:10:45Z', Date.UTC(2024, 11, 19, 8, 10, 45)],
      ['2024-12-19T08:10:46.5+01:00', Date.UTC(2024, 11, 19, 7, 10, 46, 500)],
      ['2024-12-19T08:10:47.25Z', Date.UTC(2024, 11, 19, 8, 10, 47, 250)],
      ['2024-12-19T08:10:99Z', Number.NaN],
      ['2024-12-19T08:10', Date.UTC(2024, 11, 19, 8, 10)],
      ['2024-12-19T08:10:59.999Z', Date.UTC(2024, 11, 19, 8, 10, 59, 999)],
      ['2024-12-20T08:10:00Z', Date.UTC(2024, 11, 20, 8, 10)],
      ['2024-12-19 08:10:01Z', Date.UTC(2024, 11, 19, 8, 10, 1)],
      ['2024-02-30T08:10:00Z', Number.NaN],
      ['2024-12-19T08:10:02Zjunk', Number.NaN],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [text, expected] of round === 1 ? [...cases].reverse() : cases) {
        if (Number.isNaN(expected)) expect(parseTimestampMs(text), text).toBeNaN();
        else expect(parseTimestampMs(text), text).toBe(expected);
      }
    }
  });

  it('falls back to Date.parse for other shapes', () => {
    expect(parseTimestampMs('Thu, 19 Dec 2024 08:10:45 GMT')).toBe(Date.UTC(2024, 11, 19, 8, 10, 45));
  });

  it('reads all-digit text as an epoch number', () => {
    expect(parseTimestampMs('1734595845')).toBe(1_734_595_845_000);
  });
});

describe('epochNumberToMs', () => {
  it('tells seconds, ms, µs, FILETIME and ns apart by magnitude', () => {
    const ms = Date.UTC(2024, 11, 19, 8, 10, 45, 123);
    expect(epochNumberToMs(ms / 1000)).toBe(ms);
    expect(epochNumberToMs(1_734_595_845)).toBe(1_734_595_845_000);
    expect(epochNumberToMs(ms)).toBe(ms);
    expect(epochNumberToMs(ms * 1000 + 456)).toBe(ms);
    // FILETIME: 100 ns ticks since 1601-01-01; 1970 is 11644473600 s later.
    expect(epochNumberToMs((ms + 11_644_473_600_000) * 10_000)).toBe(ms);
    expect(epochNumberToMs(ms * 1_000_000)).toBe(ms);
  });

  it('gives NaN for negative and non-finite numbers', () => {
    expect(epochNumberToMs(-1)).toBeNaN();
    expect(epochNumberToMs(Number.NaN)).toBeNaN();
    expect(epochNumberToMs(Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe('timestampValueToMs', () => {
  it('takes strings and numbers and nothing else', () => {
    expect(timestampValueToMs('2024-12-19T08:10:45Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 45));
    expect(timestampValueToMs(1_734_595_845)).toBe(1_734_595_845_000);
    expect(timestampValueToMs(null)).toBeNaN();
    expect(timestampValueToMs({ seconds: 1 })).toBeNaN();
  });
});

describe('parseMarkedTimestampMs', () => {
  const strip = (text: string): string => text.replace(/[\u200e\u200f]/g, '');

  it('reads TDH CreateTime with U+200E marks between the parts', () => {
    expect(parseMarkedTimestampMs('\u200e2024\u200e-\u200e12\u200e-\u200e19T08:10:41.597027800Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 597));
    expect(parseMarkedTimestampMs('\u200f2024\u200f-\u200f12\u200f-\u200f19T08:10:41Z\u200e')).toBe(Date.UTC(2024, 11, 19, 8, 10, 41));
    expect(parseMarkedTimestampMs('2024-12-19T08:10:41.5')).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 500));
  });

  it('equals strip-then-parseTimestampMs on every shape, fast path or not', () => {
    const texts = [
      '\u200e2024\u200e-\u200e12\u200e-\u200e19T08:10:41.597027800Z',
      '\u200e2024\u200e-\u200e12\u200e-\u200e19 08:10:41.05z',
      '\u200e2024\u200e-\u200e12\u200e-\u200e19T09:10:41.5+01:00',
      '\u200e2024\u200e-\u200e02\u200e-\u200e30T08:10:41Z',
      '\u200e2024\u200e-\u200e2\u200e-\u200e3T08:10:41Z',
      '\u200e2024\u200e-\u200e12\u200e-\u200e19T08:10Z',
      '\u200e2024\u200e-\u200e12\u200e-\u200e19T08:10:41.Z',
      '\u200e2024\u200e-\u200e12\u200e-\u200e19',
      '\u200e12/19/2024',
      '\u200e',
      '',
      'garbage',
      '2024-12-19T08:10:41.597Zx',
    ];
    for (const text of texts) {
      const expected = parseTimestampMs(strip(text));
      const actual = parseMarkedTimestampMs(text);
      if (Number.isNaN(expected)) expect(actual, JSON.stringify(text)).toBeNaN();
      else expect(actual, JSON.stringify(text)).toBe(expected);
    }
  });
});

describe('TimestampParser', () => {
  it('keeps its last minute to itself: parsers of two files interleaved read each text as a fresh parser does', () => {
    const first = new TimestampParser();
    const second = new TimestampParser();
    const texts = ['2024-12-19T08:10:45.5Z', '2025-01-01T00:00:01Z', '2024-12-19T08:10:59Z', '2025-01-01T00:00:02+01:00', '2024-12-19T08:10:60Z'];
    texts.forEach((text, i) => {
      const fresh = new TimestampParser().parse(text);
      expect((i % 2 === 0 ? first : second).parse(text)).toBe(fresh);
    });
    expect(first.parse('2024-12-19T08:10:46Z')).toBe(Date.UTC(2024, 11, 19, 8, 10, 46));
    expect(second.parse('2025-01-01T00:00:03Z')).toBe(Date.UTC(2025, 0, 1, 0, 0, 3));
  });
});
