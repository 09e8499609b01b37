import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { Label } from '../frame/frame';
import { defaultFeatureSettings } from '../ml/features';
import { defaultModelSettings } from '../ml/modelSettings';
import type { TrainConfig } from '../ml/runTypes';
import { buildExampleTable, selectRows } from '../pipeline/examples';
import { startsFrame, type StartRow } from '../test-support/startsFrame';
import { loadSources } from './captureLoader';
import { BlobSink, captureParquetBlob } from './parquetExport';
import { trainingSetParquetBlob } from './trainingSetExport';
import { splitAndSpec } from './runExamples';
import { CaptureParquetWriter } from '../formats/parquetCapture';

const HOUR = 3_600_000;

function starts(count: number): StartRow[] {
  return Array.from({ length: count }, (_, i) => ({
    imageName: i % 10 === 0 ? 'C:\\Users\\a\\AppData\\Local\\Temp\\evil.exe' : `C:\\Windows\\System32\\tool${i % 7}.exe`,
    parentImage: 'C:\\Windows\\explorer.exe',
    timeMs: Date.UTC(2026, 0, 5) + i * HOUR,
    host: i % 2 === 0 ? 'alpha' : 'beta',
    label: i % 10 === 0 ? Label.KnownBad : Label.KnownGood,
  }));
}

function asFile(blob: Blob, name: string): File {
  return new File([blob], name);
}

describe('Export Parquet in the data worker', () => {
  it('writes each row group into its own Blob part, reusing one buffer', () => {
    const frame = startsFrame(starts(50));
    const sink = new BlobSink();
    const writer = new CaptureParquetWriter(sink, { rowGroupRows: 10 });
    writer.write(frame, { start: 0, end: frame.length });
    // Every finished group has left the buffer for a Blob part.
    expect(sink.index).toBe(0);
    const bufferAfterGroups = sink.buffer.byteLength;
    writer.finish();
    expect(sink.toBlob().size).toBe(sink.offset);
    // Five row groups never grew the buffer past one group's bytes plus the header.
    expect(bufferAfterGroups).toBeLessThan(sink.offset);
  });

  it('opens an exported capture through loadSources as the same events, labels and scores', async () => {
    const frame = startsFrame(starts(40));
    const scores = Float32Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? Number.NaN : i / 40));
    const blob = captureParquetBlob(frame, scores);
    const bytes = await blob.arrayBuffer();
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
    const cells = await parquetReadObjects({ file: bytes, columns: ['score'] });
    expect(cells.map((row) => row['score'])).toEqual(Array.from(scores, (s) => (Number.isNaN(s) ? null : s)));

    const outcome = await loadSources([asFile(blob, 'capture.parquet')], { label: 'known-good', partReader: null });
    expect(outcome.files[0]).toMatchObject({ name: 'capture.parquet', format: 'parquet', events: 40, fatal: null });
    expect(outcome.frame.length).toBe(40);
    expect(Array.from(outcome.frame.label.subarray(0, 40))).toEqual(Array.from(frame.label.subarray(0, 40)));
    expect(outcome.frame.hosts.value(outcome.frame.host[1] ?? 0)).toBe('beta');
  });

  it('keeps the memory budget on a Parquet file, and names a broken one', async () => {
    const blob = captureParquetBlob(startsFrame(starts(30)), null);
    const capped = await loadSources([asFile(blob, 'big.parquet')], { label: 'known-good', partReader: null, maxEvents: 12 });
    expect(capped.frame.length).toBe(12);
    expect(capped.truncated).toContain('big.parquet');

    const broken = new Blob([new Uint8Array(await blob.slice(0, 200).arrayBuffer()), new TextEncoder().encode('PAR1')]);
    const outcome = await loadSources([asFile(broken, 'cut.parquet')], { label: 'known-good', partReader: null });
    expect(outcome.files[0]?.fatal).toMatch(/^cut\.parquet /);
    expect(outcome.frame.length).toBe(0);
  });

  it('writes the training set with the split and spec the training worker makes', async () => {
    const frame = startsFrame(starts(200));
    const columns = defaultFeatureSettings.filter((f) => f.treatment !== 'off').map((f) => f.column);
    const table = buildExampleTable(frame, selectRows(frame, { kind: 'labelled', eventIds: [1], balancedRows: null }), columns);
    const config: TrainConfig = {
      features: defaultFeatureSettings.map((f) => ({ ...f })),
      model: defaultModelSettings,
      split: 'random-stratified',
      maxVocabulary: 100,
    };
    const { blob, counts } = trainingSetParquetBlob(table, config);
    const { split, spec } = splitAndSpec(table, config);
    expect(counts).toEqual({ train: split.train.length, validation: split.validation.length, test: split.test.length });
    const bytes = await blob.arrayBuffer();
    const metadata = await parquetMetadataAsync(bytes);
    expect(Number(metadata.num_rows)).toBe(table.size);
    expect(metadata.key_value_metadata?.find((kv) => kv.key === 'etwlab.featureSpec')?.value).toBe(JSON.stringify(spec));
    const rows = await parquetReadObjects({ file: bytes, columns: ['split', 'example'] });
    expect(rows.filter((row) => row['split'] === 'test').map((row) => row['example'])).toEqual(Array.from(split.test));
  });
});
