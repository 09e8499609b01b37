import { describe, expect, it } from 'vitest';
import { Label, appendEvent, commandLineOf, compactFrame, emptyFrame } from '../frame/frame';
import type { NormalizedEvent } from '../ingest/types';
import { commandLineShapeColumn } from './examples';

function start(commandLine: string | undefined): NormalizedEvent {
  const event: NormalizedEvent = {
    eventId: 1,
    timeMs: 0,
    host: null,
    processId: 1,
    parentProcessId: -1,
    processSequence: -1,
    parentProcessSequence: -1,
    imageName: 'C:\\Windows\\System32\\cmd.exe',
    createTimeMs: Number.NaN,
    parentImage: null,
  };
  if (commandLine !== undefined) event.commandLine = commandLine;
  return event;
}

describe('command lines in the frame and as a shape column', () => {
  it('stores command lines dictionary-encoded, MISSING when absent, and codes each distinct shape once', () => {
    const frame = emptyFrame(2);
    for (const line of ['cmd.exe /c C:\\a.bat', undefined, 'cmd.exe /c C:\\b.bat', 'whoami /all', 'cmd.exe /c C:\\a.bat']) {
      appendEvent(frame, start(line), { hostCode: 0, sourceCode: 0, label: Label.Unlabelled, isSynthetic: false });
    }
    expect(frame.commandLines.values).toEqual(['cmd.exe /c C:\\a.bat', 'cmd.exe /c C:\\b.bat', 'whoami /all']);
    expect(Array.from(frame.commandLine.subarray(0, 5))).toEqual([0, 0xffffffff, 1, 2, 0]);
    const column = commandLineShapeColumn(frame, Uint32Array.from([4, 3, 2, 1, 0]));
    expect(column.vocabulary).toEqual(['cmd.exe /c <path>', 'whoami /all']);
    expect(Array.from(column.codes)).toEqual([0, 1, 0, -1, 0]);
    compactFrame(frame, Uint8Array.from([0, 1, 0, 1, 1]));
    expect([commandLineOf(frame, 0), commandLineOf(frame, 1), commandLineOf(frame, 2)]).toEqual([null, 'whoami /all', 'cmd.exe /c C:\\a.bat']);
  });
});
