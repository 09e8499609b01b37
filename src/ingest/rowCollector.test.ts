import { describe, expect, it } from 'vitest';
import { invalidJsonReason, MAX_ROWS_BEFORE_ETW, RowCollector } from './rowCollector';
import { normalizeContext } from './fieldParsers';
import { recordingSink } from '../test-support/testSink';
import { imageLoadData, v074Row } from '../test-support/testRows';

const etwLine = JSON.stringify(v074Row(5, '2025-03-04T10:00:00Z', imageLoadData('42', 'C:\\Windows\\System32\\ntdll.dll')));

describe('RowCollector', () => {
  it('holds problems back until the first ETW row, then reports them in order', () => {
    const recording = recordingSink();
    const collector = new RowCollector('f.jsonl', recording.sink, normalizeContext('H'));
    collector.acceptJsonText('{"EventID":1}', 1);
    collector.acceptJsonText('not json', 2);
    expect(recording.problems).toEqual([]);
    collector.acceptJsonText(etwLine, 3);
    collector.acceptJsonText('[1]', 4);
    expect(recording.problems.map((problem) => [problem.file, problem.line])).toEqual([
      ['f.jsonl', 1],
      ['f.jsonl', 2],
      ['f.jsonl', 4],
    ]);
    expect(recording.events.map((event) => [event.processId, event.host])).toEqual([[42, 'H']]);
    expect(collector.rows).toBe(4);
    expect(collector.finish()).toBeNull();
  });

  it('gives up after too many rows without an ETW row and drops them', () => {
    const recording = recordingSink();
    const collector = new RowCollector('sysmon.json', recording.sink, normalizeContext(null));
    for (let line = 1; line <= MAX_ROWS_BEFORE_ETW + 5; line++) collector.acceptJsonText('{"EventID":1}', line);
    expect(collector.hasGivenUp).toBe(true);
    expect(collector.rows).toBe(MAX_ROWS_BEFORE_ETW);
    expect(recording.problems).toEqual([]);
    expect(collector.finish()).toBe(
      `sysmon.json holds no process events (expected Velociraptor watch_etw rows with System.ID or EID and EventData, Sysmon or Security event log records with a Channel, or SilkETW rows; read ${MAX_ROWS_BEFORE_ETW} rows)`,
    );
  });

  it('drops rows once the signal is aborted', () => {
    const controller = new AbortController();
    const recording = recordingSink();
    const collector = new RowCollector('f.jsonl', recording.sink, normalizeContext(null), controller.signal);
    collector.acceptJsonText(etwLine, 1);
    controller.abort();
    collector.acceptJsonText(etwLine, 2);
    collector.reject(3, 'x', true);
    expect(recording.events.length).toBe(1);
    expect(recording.problems).toEqual([]);
  });

  it('keeps parser messages short', () => {
    expect(invalidJsonReason(new SyntaxError('Unexpected token'))).toBe('invalid JSON (Unexpected token)');
    expect(invalidJsonReason(new SyntaxError('x'.repeat(500))).length).toBe(100);
  });
});
