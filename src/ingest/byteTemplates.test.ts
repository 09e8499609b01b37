/**
 * matchByteTemplate compares a template's fixed text eight bytes at a time (ByteTemplate.fixedWords):
 * a row that differs from the template's row in any one byte, wherever that byte falls in a word,
 * must be read by the byte path as the text path reads it, or declined (null) so the text path decides.
 */
import { describe, expect, it } from 'vitest';
import { FieldParsers } from './fieldParsers';
import { RowFieldReader } from './rowTemplates';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A Velociraptor Kernel-Process start, as the 1M-event bench capture writes them. */
const ROW =
  '{"System":{"ID":1,"ProcessID":1012,"TimeStamp":"2026-03-02T00:00:00.3141183Z","Provider":"{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}","OpCode":1},' +
  '"ProviderGUID":"{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}","EventData":{"ProcessID":"468","ProcessSequenceNumber":"6279",' +
  '"CreateTime":"\u200e2026\u200e-\u200e03\u200e-\u200e02T00:00:00.314081600Z","ParentProcessID":"1012","ParentProcessSequenceNumber":"82","SessionID":"0",' +
  '"Flags":"0","ProcessTokenElevationType":"1","ProcessTokenIsElevated":"1","MandatoryLabel":"S-1-16-16384",' +
  '"ImageName":"\\\\Device\\\\HarddiskVolume4\\\\Windows\\\\System32\\\\rundll32.exe","ImageChecksum":"0x3B6368","TimeDateStamp":"0xB5268070",' +
  '"PackageFullName":"","PackageRelativeAppId":""},"Backtrace":[],"Hostname":"WS-DEV-12","_ts":1772409602}';

/** A reader whose template was made from {@link ROW}. */
function templatedReader(): RowFieldReader {
  const reader = new RowFieldReader(new FieldParsers());
  reader.readEvent(ROW, null);
  return reader;
}

describe('matchByteTemplate', () => {
  it('reads the template row itself from its bytes as the text path does', () => {
    const bytes = encoder.encode(ROW);
    const event = templatedReader().readEventBytes(bytes, 0, bytes.length, null);
    expect(event).not.toBeNull();
    expect(event).toEqual(templatedReader().readEvent(ROW, null));
  });

  it('agrees with the text path on every row one byte away from the template row', () => {
    const original = encoder.encode(ROW);
    const reader = templatedReader();
    let declined = 0;
    // A letter, a digit, a quote, a backslash and a byte no ASCII text holds: each changes the row differently.
    for (const replacement of [0x78, 0x37, 0x22, 0x5c, 0xff]) {
      for (let at = 0; at < original.length; at++) {
        if (original[at] === replacement) continue;
        const bytes = original.slice();
        bytes[at] = replacement;
        const byBytes = reader.readEventBytes(bytes, 0, bytes.length, null);
        if (byBytes === null) {
          declined++;
          continue;
        }
        expect(byBytes, `byte ${at} → ${replacement}`).toEqual(templatedReader().readEvent(decoder.decode(bytes), null));
      }
    }
    // Every change in a key or in the JSON around the values is declined (most of the row is fixed text).
    expect(declined).toBeGreaterThan(original.length);
  });
});
