/**
 * The byte readers of byteFields.ts must give what their string counterparts give for the text
 * the bytes decode to, or say they cannot (null / -1) so the caller takes the string path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteStringCache, isKernelProcessGuidBytes, numberOfBytes } from './byteFields';
import { FieldParsers } from './fieldParsers';
import { parseIntegerText } from './integerField';

// One file's parsers for every call here, as one file's rows share them (their caches carry over between calls).
const parsers = new FieldParsers();
const parseIsoBytes = (bytes: Uint8Array, start: number, end: number): number | null => parsers.bytes.parseIsoBytes(bytes, start, end);
const parseMarkedBytes = (bytes: Uint8Array, start: number, end: number): number | null => parsers.bytes.parseMarkedBytes(bytes, start, end);
const parseIntegerBytes = (bytes: Uint8Array, start: number, end: number): number => parsers.bytes.parseIntegerBytes(bytes, start, end);
const parseTimestampMs = (text: string): number => parsers.times.parse(text);
const parseMarkedTimestampMs = (text: string): number => parsers.times.parseMarked(text);
const isKernelProcessGuidText = (text: string): boolean => parsers.guids.isKernelProcessGuidText(text);
const stringValue = (body: string): string => parsers.strings.stringValue(body);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text's bytes with other bytes around them, as a value sits in a line. */
function padded(text: string): { bytes: Uint8Array; start: number; end: number } {
  const body = encoder.encode(text);
  const bytes = new Uint8Array(body.length + 8).fill(0x35); // '5': a digit on either side must not be read
  bytes.set(body, 3);
  return { bytes, start: 3, end: 3 + body.length };
}

const timeChar = fc.constantFrom('0', '1', '2', '9', '-', ':', 'T', 't', ' ', '.', 'Z', 'z', '+', '\u200e', '\u200f', 'é', '\\');
/** Timestamps as writers write them, mutated a character or two. */
const timestampText = fc.oneof(
  fc.integer({ min: Date.UTC(1969, 0, 1), max: Date.UTC(2100, 0, 1) }).chain((ms) => {
    const iso = new Date(ms).toISOString();
    return fc.constantFrom(
      iso,
      iso.replace('Z', '4567Z'),
      iso.replace('Z', '+02:00'),
      iso.replace('Z', '-0530'),
      iso.replace('Z', '+05'),
      iso.replace('T', ' ').replace('Z', ''),
      iso.slice(0, 16),
      iso.slice(0, 19),
      `\u200e${iso.slice(0, 4)}\u200e-\u200e${iso.slice(5, 7)}\u200e-\u200e${iso.slice(8, -1)}123400Z`,
      `\u200f${iso.slice(0, 4)}\u200e-${iso.slice(5, -1)}Z\u200e`,
    );
  }),
  fc.string({ unit: timeChar, maxLength: 32 }),
  fc.constantFrom(
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:60Z',
    '2024-01-01T00:00:00+24:00',
    '1735689600',
    '',
  ),
);

describe('byte field readers', () => {
  it('parse timestamps as parseTimestampMs and parseMarkedTimestampMs do, or decline', () => {
    fc.assert(
      fc.property(timestampText, fc.nat(), (text, at) => {
        const { bytes, start, end } = padded(text);
        const cut = start + (end > start ? at % (end - start + 1) : 0);
        for (const stop of [end, cut]) {
          const decoded = decoder.decode(bytes.subarray(start, stop));
          const iso = parseIsoBytes(bytes, start, stop);
          if (iso !== null) expect(iso).toBe(parseTimestampMs(decoded));
          const marked = parseMarkedBytes(bytes, start, stop);
          if (marked !== null) expect(marked).toBe(parseMarkedTimestampMs(decoded));
        }
      }),
      { numRuns: 3000, seed: 20251129 },
    );
  });

  it('read the common shapes themselves', () => {
    const iso = padded('2025-01-01T00:00:00.1234567Z');
    expect(parseIsoBytes(iso.bytes, iso.start, iso.end)).toBe(Date.UTC(2025, 0, 1, 0, 0, 0, 123));
    const marked = padded('\u200e2024\u200e-\u200e12\u200e-\u200e19T08:10:41.597027800Z');
    expect(parseMarkedBytes(marked.bytes, marked.start, marked.end)).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 597));
    const escaped = padded('2025-01-01T00:00:00\\u002e5Z');
    expect(parseIsoBytes(escaped.bytes, escaped.start, escaped.end)).toBeNull();
  });

  it('parse integers and numbers as parseIntegerText and Number do', () => {
    const integerChar = fc.constantFrom('0', '1', '7', '9', 'x', 'X', 'a', 'F', 'g', ',', '-', '.', 'é', '\\');
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: integerChar, maxLength: 20 }), fc.nat().map(String), fc.constantFrom('9007199254740993', '0x1F4', '8,416')),
        (text) => {
          const { bytes, start, end } = padded(text);
          const value = parseIntegerBytes(bytes, start, end);
          const expected = parseIntegerText(decoder.decode(bytes.subarray(start, end)));
          // -1 may also mean "not sure": only an escape makes the string path differ.
          if (value >= 0 || !text.includes('\\')) expect(value).toBe(expected);
        },
      ),
      { numRuns: 2000, seed: 20251130 },
    );
    for (const text of ['0', '7', '-0', '123456789012345', '1234567890123456789', '1.5e3', '-12', '18446744073709551615']) {
      const { bytes, start, end } = padded(text);
      expect(Object.is(numberOfBytes(bytes, start, end), Number(text))).toBe(true);
    }
  });

  it('tell the Kernel-Process provider GUID as isKernelProcessGuidText does, or decline', () => {
    const guid = '22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716';
    const guidText = fc.oneof(
      fc.constantFrom(
        guid,
        `{${guid}}`,
        `{${guid.toLowerCase()}}`,
        `{${guid}`,
        `${guid}}`,
        `{{${guid}}}`,
        guid.replace('D6', 'D7'),
        guid.replace('-', '\\u002d'),
        '',
      ),
      fc
        .tuple(fc.nat({ max: 37 }), fc.constantFrom('K', 'k', '\u212a', 'é', 'F', 'f', '{', '}'))
        .map(([at, char]) => `{${guid.slice(0, at)}${char}${guid.slice(at + 1)}}`),
    );
    fc.assert(
      fc.property(guidText, (text) => {
        const { bytes, start, end } = padded(text);
        const isKernel = isKernelProcessGuidBytes(bytes, start, end);
        if (isKernel !== null) expect(isKernel).toBe(isKernelProcessGuidText(text));
      }),
      { numRuns: 500, seed: 20251132 },
    );
  });

  it('look strings up by their bytes: the value stringValue gives for the decoded body, the same string for the same bytes', () => {
    const cache = new ByteStringCache(parsers.strings);
    const stringChar = fc.constantFrom('a', 'B', '\\\\', '\\"', '\\u00e9', '\\n', 'é', '😀', '/', '\\/');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: stringChar, maxLength: 12 }), { minLength: 1, maxLength: 20 }), (bodies) => {
        for (const body of [...bodies, ...bodies]) {
          const { bytes, start, end } = padded(body);
          const view = new DataView(bytes.buffer);
          expect(cache.get(bytes, view, start, end)).toBe(stringValue(body));
        }
      }),
      { numRuns: 300, seed: 20251131 },
    );
  });
});
