import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { generateRows } from './captureModel.mjs';
import { resolveParents } from '../src/enrich/parents';
import { Label, MISSING, appendEvent, emptyFrame, refreshCasings, type EventFrame } from '../src/frame/frame';
import { readCapture } from '../src/ingest/readCapture';
import type { CaptureSource, NormalizedEvent } from '../src/ingest/types';
import { fitFeatureSpec } from '../src/ml/features';
import type { ExampleTable } from '../src/ml/types';
import { sourceFromText } from '../src/test-support/testSources';
import { CAPTURE_COLUMNS, captureColumnsFor, writeCaptureParquet } from '../src/formats/parquetCapture';
import { readCaptureParquet, type ParquetCaptureSource } from '../src/formats/parquetCaptureReader';
import { hivePartitionValue, runEtl } from '../src/formats/parquetEtl';
import { writeTrainingSetParquet } from '../src/formats/parquetTrainingSet';

function captureText(events: number, seed: number): string {
  let text = '';
  for (const row of generateRows({ events, seed, days: 2 })) text += `${JSON.stringify(row)}\n`;
  return text;
}

/** A capture read the way the app reads one: readCapture into a frame, then parents and casings. */
async function frameOf(source: CaptureSource): Promise<EventFrame> {
  const frame = emptyFrame();
  const sourceCode = frame.sources.code(source.name);
  await readCapture(source, {
    event: (event: NormalizedEvent) =>
      appendEvent(frame, event, { hostCode: frame.hosts.code(event.host ?? 'unknown'), sourceCode, label: Label.KnownGood, isSynthetic: false }),
    problem: () => undefined,
    ignored: () => undefined,
    progress: () => undefined,
  });
  resolveParents(frame);
  refreshCasings(frame);
  return frame;
}

function fileOf(bytes: Uint8Array, name: string): ParquetCaptureSource {
  const blob = new Blob([new Uint8Array(bytes)]);
  return { name, size: blob.size, slice: (start, end) => blob.slice(start, end) };
}

function etlSource(text: string, name: string): CaptureSource & ParquetCaptureSource {
  const blob = new Blob([text]);
  return { name, size: blob.size, stream: () => blob.stream(), slice: (start, end) => blob.slice(start, end) };
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

describe('capture Parquet', () => {
  it('writes every schema column in row groups and reads the events back unchanged', async () => {
    const frame = await frameOf(sourceFromText(captureText(3000, 3), 'generated.jsonl'));
    frame.label[5] = Label.KnownBad;
    frame.synthetic[5] = 1;
    const score = new Float32Array(frame.length).map((_, row) => row / frame.length);
    const bytes = writeCaptureParquet(frame, { score, rowGroupRows: 1000 });

    const metadata = parquetMetadata(arrayBufferOf(bytes));
    const groupRows = metadata.row_groups.map((group) => Number(group.num_rows));
    expect(groupRows).toHaveLength(Math.ceil(frame.length / 1000));
    expect(groupRows.every((rows) => rows <= 1000)).toBe(true);
    expect(metadata.schema.slice(1).map((element) => element.name)).toEqual(CAPTURE_COLUMNS.map((column) => column.name));
    const encodings = metadata.row_groups[0]?.columns.find((column) => column.meta_data?.path_in_schema[0] === 'folder')?.meta_data?.encodings;
    expect(encodings).toContain('RLE_DICTIONARY');

    const cells = await parquetReadObjects({ file: arrayBufferOf(bytes), rowStart: 5, rowEnd: 6 });
    const row = cells[0] ?? {};
    expect(row['label']).toBe('known bad');
    expect(row['synthetic']).toBe(true);
    expect(row['score']).toBeCloseTo(5 / frame.length, 6);
    expect(row['weekday']).toBe(((frame.weekday[5] ?? 0) + 6) % 7);
    expect((row['time'] as Date).getTime()).toBe(Math.round(frame.timeMs[5] ?? 0));

    const back = emptyFrame();
    const outcome = await readCaptureParquet(fileOf(bytes, 'capture.parquet'), back);
    expect(outcome).toEqual({ rows: frame.length, events: frame.length, ignored: 0, fatal: null });
    refreshCasings(back);
    for (let r = 0; r < frame.length; r++) {
      expect(back.eventId[r]).toBe(frame.eventId[r]);
      expect(back.hosts.value(back.host[r] ?? 0)).toBe(frame.hosts.value(frame.host[r] ?? 0));
      expect(back.images.paths.value(back.image[r] ?? 0)).toBe(frame.images.paths.value(frame.image[r] ?? 0));
      const parent = frame.parentImage[r] ?? MISSING;
      expect(back.parentImage[r] === MISSING ? null : back.images.paths.value(back.parentImage[r] ?? 0)).toBe(
        parent === MISSING ? null : frame.images.paths.value(parent),
      );
      expect(back.label[r]).toBe(frame.label[r]);
      expect(back.hour[r]).toBe(frame.hour[r]);
      expect(back.sources.value(back.source[r] ?? 0)).toBe('generated.jsonl');
    }
  });

  it('refuses a file without a needed column, or with a column of another type, naming file and column', async () => {
    const frame = await frameOf(sourceFromText(captureText(200, 4)));
    const noTime = writeCaptureParquet(frame, { omit: ['time'] });
    const target = emptyFrame();
    const missing = await readCaptureParquet(fileOf(noTime, 'filtered.parquet'), target);
    expect(missing.fatal).toMatch(/^filtered\.parquet has no "time" column, which a capture needs \(columns: event_id, host, pid/);
    expect(target.length).toBe(0);

    const sink = new ByteWriter();
    const { parquetWrite } = await import('hyparquet-writer');
    parquetWrite({
      writer: sink,
      columnData: [
        { name: 'event_id', data: [1], type: 'INT32' },
        { name: 'time', data: [new Date(0)], type: 'TIMESTAMP' },
        { name: 'image_path', data: ['C:\\x.exe'], type: 'STRING' },
        { name: 'pid', data: ['twelve'], type: 'STRING' },
      ],
    });
    const mistyped = await readCaptureParquet(fileOf(sink.getBytes(), 'spark.parquet'), target);
    expect(mistyped.fatal).toBe('spark.parquet: column "pid" is BYTE_ARRAY UTF8, expected whole numbers (INT32 or INT64)');
    expect((await readCaptureParquet(fileOf(new TextEncoder().encode('not parquet at all'), 'a.parquet'), target)).fatal).toMatch(
      /^a\.parquet is not a readable Parquet file/,
    );
  });

  it('omits the score unless scored, and a column the caller leaves out', () => {
    expect(captureColumnsFor({}).map((c) => c.name)).not.toContain('score');
    expect(captureColumnsFor({ omit: ['host'], hasScore: true }).map((c) => c.name)).toEqual(
      CAPTURE_COLUMNS.map((c) => c.name).filter((name) => name !== 'host'),
    );
  });
});

describe('training-set Parquet', () => {
  it('writes each split row with its label, model inputs and the feature specification', async () => {
    const table: ExampleTable = {
      size: 4,
      label: new Uint8Array([0, 1, 0, 1]),
      timeMs: new Float64Array([0, 3_600_000, 7_200_000, Number.NaN]),
      groupName: new Int32Array([0, 1, 0, 1]),
      groupFolder: new Int32Array([0, 1, 0, 1]),
      groupHost: new Int32Array([0, 0, 0, 0]),
      synthetic: new Uint8Array([0, 1, 0, 0]),
      columns: {
        hour: { codes: new Int32Array([0, 1, 2, -1]), vocabulary: ['0', '1', '2'] },
        name: { codes: new Int32Array([0, 1, 0, 1]), vocabulary: ['cmd.exe', 'evil.exe'] },
      },
    };
    const split = { train: new Uint32Array([0, 1]), validation: new Uint32Array([2]), test: new Uint32Array([3]) };
    const spec = fitFeatureSpec(table, split.train, [
      { column: 'hour', treatment: 'indicator', embeddingDims: 8 },
      { column: 'name', treatment: 'embedding', embeddingDims: 4 },
    ]);
    const bytes = writeTrainingSetParquet(table, split, spec);
    const metadata = parquetMetadata(arrayBufferOf(bytes));
    expect(JSON.parse(metadata.key_value_metadata?.find((kv) => kv.key === 'etwlab.featureSpec')?.value ?? 'null')).toEqual(JSON.parse(JSON.stringify(spec)));
    const rows = await parquetReadObjects({
      file: arrayBufferOf(bytes),
      columns: ['split', 'example', 'label', 'hour', 'hour_id', 'name', 'name_id', 'synthetic'],
    });
    expect(rows).toEqual([
      {
        split: 'train',
        example: 0,
        label: 'known good',
        hour: '0',
        hour_id: spec.columns[0]?.labels.indexOf('0'),
        name: 'cmd.exe',
        name_id: spec.columns[1]?.labels.indexOf('cmd.exe'),
        synthetic: false,
      },
      {
        split: 'train',
        example: 1,
        label: 'known bad',
        hour: '1',
        hour_id: spec.columns[0]?.labels.indexOf('1'),
        name: 'evil.exe',
        name_id: spec.columns[1]?.labels.indexOf('evil.exe'),
        synthetic: true,
      },
      // Hour 2 was not seen in training: the out-of-vocabulary bucket, index 0.
      {
        split: 'validation',
        example: 2,
        label: 'known good',
        hour: spec.columns[0]?.labels[0],
        hour_id: 0,
        name: 'cmd.exe',
        name_id: spec.columns[1]?.labels.indexOf('cmd.exe'),
        synthetic: false,
      },
      {
        split: 'test',
        example: 3,
        label: 'known bad',
        hour: spec.columns[0]?.labels[0],
        hour_id: 0,
        name: 'evil.exe',
        name_id: spec.columns[1]?.labels.indexOf('evil.exe'),
        synthetic: false,
      },
    ]);
  });
});

describe('runEtl', () => {
  it('labels known-bad files and IOC matches and writes one file per host and day', async () => {
    const files = new Map<string, ByteWriter>();
    const summary = await runEtl(
      [
        { source: etlSource(captureText(2000, 5), 'good.jsonl'), label: Label.KnownGood },
        { source: etlSource(captureText(300, 6), 'bad.jsonl'), label: Label.KnownBad },
      ],
      {
        batchRows: 500,
        iocs: [{ line: 2, name: 'svchost.exe', path: null, firstSeenMs: null, lastSeenMs: null, hours: null, actor: null, note: null }],
        output: {
          open: (path) => {
            const sink = new ByteWriter();
            files.set(path, sink);
            return sink;
          },
        },
      },
    );
    expect(summary.events).toBe(2300);
    expect(summary.problemCount).toBe(0);
    expect(summary.iocMarked).toBeGreaterThan(0);
    expect((summary.labels['known bad'] ?? 0) - summary.iocMarked).toBeLessThanOrEqual(300);
    expect([...files.keys()].every((path) => /^host=[^/]+\/date=\d{4}-\d{2}-\d{2}\/part-0\.parquet$/.test(path))).toBe(true);
    let rows = 0;
    let svchostGood = 0;
    for (const sink of files.values()) {
      const cells = await parquetReadObjects({ file: arrayBufferOf(sink.getBytes()), columns: ['file_name', 'label', 'source_file'] });
      rows += cells.length;
      svchostGood += cells.filter((c) => String(c['file_name']).toLowerCase() === 'svchost.exe' && c['label'] !== 'known bad').length;
      expect(cells.filter((c) => c['source_file'] === 'bad.jsonl').every((c) => c['label'] === 'known bad')).toBe(true);
    }
    expect(rows).toBe(2300);
    expect(svchostGood).toBe(0);
  });

  it('escapes partition values as Hive does', () => {
    expect(hivePartitionValue('WKS-01.corp')).toBe('WKS-01.corp');
    expect(hivePartitionValue('a/b c')).toBe('a%2Fb%20c');
    expect(hivePartitionValue('')).toBe('__HIVE_DEFAULT_PARTITION__');
  });
});
