import { Label, appendEvent, emptyFrame, refreshCasings, type EventFrame, type LabelCode } from '../frame/frame';

/** One process start as plain values, for tests that need a small capture frame. */
export interface StartRow {
  imageName: string;
  /** Parent path or name when known. */
  parentImage: string | null;
  timeMs: number;
  host: string;
  /** Unlabelled when absent. */
  label?: LabelCode;
}

/** A frame of process starts (event 1), appended as a reader appends them. */
export function startsFrame(rows: readonly StartRow[]): EventFrame {
  const frame = emptyFrame(rows.length);
  const sourceCode = frame.sources.code('test.jsonl');
  rows.forEach((row, i) => {
    appendEvent(
      frame,
      {
        eventId: 1,
        timeMs: row.timeMs,
        host: row.host,
        processId: 1000 + i,
        parentProcessId: -1,
        processSequence: -1,
        parentProcessSequence: -1,
        imageName: row.imageName,
        createTimeMs: row.timeMs,
        parentImage: row.parentImage,
      },
      { hostCode: frame.hosts.code(row.host), sourceCode, label: row.label ?? Label.Unlabelled, isSynthetic: false },
    );
  });
  refreshCasings(frame);
  return frame;
}
