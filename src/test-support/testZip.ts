/**
 * A tiny zip writer for tests (stored and deflate entries, optional ZIP64 records), so zip
 * fixtures are built in the test from text the test controls. Deflate uses the platform's
 * CompressionStream('deflate-raw').
 */

/** One file to put in a test archive. */
export interface TestZipEntry {
  readonly name: string;
  readonly text: string;
  /** 0 stored, 8 deflate (default). */
  readonly method?: 0 | 8;
}

export interface TestZipOptions {
  /** Writes sizes and offsets as 0xffffffff with ZIP64 extra fields and end records. */
  readonly zip64?: boolean;
  /** Archive comment (the end record is then not the last 22 bytes). */
  readonly comment?: string;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function deflateRaw(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Little-endian byte writer. */
class Bytes {
  readonly parts: number[] = [];
  u16(value: number): this {
    this.parts.push(value & 0xff, (value >>> 8) & 0xff);
    return this;
  }
  u32(value: number): this {
    this.u16(value & 0xffff).u16(Math.floor(value / 0x10000) & 0xffff);
    return this;
  }
  u64(value: number): this {
    return this.u32(value % 0x1_0000_0000).u32(Math.floor(value / 0x1_0000_0000));
  }
  bytes(values: Uint8Array): this {
    for (const value of values) this.parts.push(value);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
}

/** The bytes of a zip archive holding `entries`, in order. */
export async function buildZip(entries: readonly TestZipEntry[], options: TestZipOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  const isZip64 = options.zip64 === true;
  const out = new Bytes();
  const central = new Bytes();
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const raw = encoder.encode(entry.text);
    const method = entry.method ?? 8;
    const data = method === 8 ? await deflateRaw(raw) : raw;
    const offset = out.length;
    const zip64Extra = new Bytes();
    if (isZip64) zip64Extra.u16(1).u16(24).u64(raw.length).u64(data.length).u64(offset);
    const extra = new Uint8Array(zip64Extra.parts);
    const crc = crc32(raw);
    out
      .u32(0x04034b50)
      .u16(isZip64 ? 45 : 20)
      .u16(0x0800)
      .u16(method)
      .u16(0)
      .u16(0x21)
      .u32(crc);
    out
      .u32(isZip64 ? 0xffffffff : data.length)
      .u32(isZip64 ? 0xffffffff : raw.length)
      .u16(name.length)
      .u16(extra.length)
      .bytes(name)
      .bytes(extra)
      .bytes(data);
    central
      .u32(0x02014b50)
      .u16(isZip64 ? 45 : 20)
      .u16(isZip64 ? 45 : 20)
      .u16(0x0800)
      .u16(method)
      .u16(0)
      .u16(0x21)
      .u32(crc);
    central
      .u32(isZip64 ? 0xffffffff : data.length)
      .u32(isZip64 ? 0xffffffff : raw.length)
      .u16(name.length)
      .u16(extra.length)
      .u16(0);
    central
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(isZip64 ? 0xffffffff : offset)
      .bytes(name)
      .bytes(extra);
  }
  const directoryOffset = out.length;
  out.bytes(new Uint8Array(central.parts));
  const directorySize = central.length;
  if (isZip64) {
    const zip64End = out.length;
    out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(entries.length).u64(entries.length).u64(directorySize).u64(directoryOffset);
    out.u32(0x07064b50).u32(0).u64(zip64End).u32(1);
  }
  const comment = encoder.encode(options.comment ?? '');
  out
    .u32(0x06054b50)
    .u16(0)
    .u16(0)
    .u16(isZip64 ? 0xffff : entries.length)
    .u16(isZip64 ? 0xffff : entries.length);
  out
    .u32(isZip64 ? 0xffffffff : directorySize)
    .u32(isZip64 ? 0xffffffff : directoryOffset)
    .u16(comment.length)
    .bytes(comment);
  return new Uint8Array(out.parts);
}
