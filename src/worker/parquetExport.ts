/**
 * "Export Parquet" in the data worker: the capture written a row group at a time into a Blob (the
 * rows a run trained and tested on: trainingSetExport.ts). Beside the frame only one row group's cells and
 * its encoded bytes exist at once; the finished groups live in the Blob, which crosses to the
 * page by reference (a Blob is never copied by postMessage).
 */
import { ByteWriter } from 'hyparquet-writer';
import type { EventFrame } from '../frame/frame';
import { CaptureParquetWriter } from '../formats/parquetCapture';

/** The media type of Parquet files (IANA registration, 2024). */
export const PARQUET_MEDIA_TYPE = 'application/vnd.apache.parquet';

/** A hyparquet-writer sink that moves each finished row group's bytes into a Blob part. */
export class BlobSink extends ByteWriter {
  private readonly parts: Blob[] = [];

  /** Called by the writer after every row group: the bytes so far go to a Blob, the buffer is reused. */
  flush(): void {
    if (this.index === 0) return;
    // The Blob constructor copies the bytes, so the buffer can be overwritten at once.
    this.parts.push(new Blob([new Uint8Array(this.buffer, 0, this.index)]));
    this.index = 0;
  }

  /** The whole file, once the writer has finished. */
  toBlob(): Blob {
    this.flush();
    return new Blob(this.parts, { type: PARQUET_MEDIA_TYPE });
  }
}

/** Every row of the frame as capture Parquet, with a `score` column when `score` (per frame row, NaN unscored) is given. */
export function captureParquetBlob(frame: EventFrame, score: Float32Array | null): Blob {
  const sink = new BlobSink();
  const writer = new CaptureParquetWriter(sink, { hasScore: score !== null, utcOffsetMinutes: frame.utcOffsetMinutes });
  writer.write(frame, { start: 0, end: frame.length }, score);
  writer.finish();
  return sink.toBlob();
}
