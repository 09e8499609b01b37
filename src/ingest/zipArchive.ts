/**
 * A small zip reader for Velociraptor collector and export archives: the central directory is
 * read from the end of the file by byte ranges (`Blob.slice`), and each entry is streamed from
 * its own range, inflated with `DecompressionStream('deflate-raw')` (method 8) or passed through
 * (method 0). Never reads the archive whole. ZIP64 sizes and offsets are understood.
 */

/** What a zip is read from: a File or Blob. */
export interface ZipFile {
  readonly size: number;
  slice(start: number, end: number): Blob;
}

/** One central directory record. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  readonly name: string;
  /** 0 stored, 8 deflate; others are not readable here. */
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  readonly isEncrypted: boolean;
  readonly isDirectory: boolean;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
/** Largest central directory read into memory (millions of entries would exceed it). */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

/** True for the bytes a zip file starts with: a local header, or the end record of an empty zip. */
export function isZipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

async function readRange(file: ZipFile, start: number, end: number): Promise<DataView> {
  const buffer = await file.slice(start, end).arrayBuffer();
  return new DataView(buffer);
}

function uint64(view: DataView, offset: number): number {
  const value = view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 0x1_0000_0000;
  if (!Number.isSafeInteger(value)) throw new Error('a ZIP64 size is beyond 2^53');
  return value;
}

interface DirectoryLocation {
  readonly entries: number;
  readonly size: number;
  readonly offset: number;
}

async function locateDirectory(file: ZipFile): Promise<DirectoryLocation> {
  if (file.size < END_RECORD_BYTES) throw new Error('too short for a zip archive');
  const tailStart = Math.max(0, file.size - END_RECORD_BYTES - MAX_COMMENT_BYTES);
  const tail = await readRange(file, tailStart, file.size);
  let end = -1;
  for (let i = tail.byteLength - END_RECORD_BYTES; i >= 0; i--) {
    if (tail.getUint32(i, true) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory record');
  let entries = tail.getUint16(end + 10, true);
  let size = tail.getUint32(end + 12, true);
  let offset = tail.getUint32(end + 16, true);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || tail.getUint32(locator, true) !== ZIP64_END_LOCATOR) throw new Error('ZIP64 sizes without a ZIP64 locator');
    const zip64Offset = uint64(tail, locator + 8);
    const zip64 = await readRange(file, zip64Offset, zip64Offset + 56);
    if (zip64.byteLength < 56 || zip64.getUint32(0, true) !== ZIP64_END_OF_DIRECTORY) throw new Error('bad ZIP64 end of central directory');
    entries = uint64(zip64, 32);
    size = uint64(zip64, 40);
    offset = uint64(zip64, 48);
  }
  if (offset + size > file.size) throw new Error('the central directory lies beyond the end of the file (truncated archive?)');
  if (size > MAX_DIRECTORY_BYTES) throw new Error('the central directory is too large');
  return { entries, size, offset };
}

const utf8 = new TextDecoder('utf-8');

/** Sizes and offset that are 0xffffffff in the record are in the ZIP64 extra field, in this order. */
function applyZip64Extra(view: DataView, start: number, length: number, values: { uncompressed: number; compressed: number; offset: number }): void {
  let at = start;
  while (at + 4 <= start + length) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      if (values.uncompressed === 0xffffffff && field + 8 <= at + 4 + size) {
        values.uncompressed = uint64(view, field);
        field += 8;
      }
      if (values.compressed === 0xffffffff && field + 8 <= at + 4 + size) {
        values.compressed = uint64(view, field);
        field += 8;
      }
      if (values.offset === 0xffffffff && field + 8 <= at + 4 + size) values.offset = uint64(view, field);
      return;
    }
    at += 4 + size;
  }
}

/** The archive's entries from its central directory. Rejects with a short reason when it is not a readable zip. */
export async function readZipDirectory(file: ZipFile): Promise<ZipEntry[]> {
  const location = await locateDirectory(file);
  const view = await readRange(file, location.offset, location.offset + location.size);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let index = 0; index < location.entries; index++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new Error(`central directory entry ${index + 1} is damaged`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const values = { compressed: view.getUint32(at + 20, true), uncompressed: view.getUint32(at + 24, true), offset: view.getUint32(at + 42, true) };
    const nameStart = at + 46;
    if (nameStart + nameLength + extraLength > view.byteLength) throw new Error(`central directory entry ${index + 1} is damaged`);
    const name = utf8.decode(new Uint8Array(view.buffer, view.byteOffset + nameStart, nameLength)).replace(/\\/g, '/');
    applyZip64Extra(view, nameStart + nameLength, extraLength, values);
    entries.push({
      name,
      method,
      compressedSize: values.compressed,
      uncompressedSize: values.uncompressed,
      localHeaderOffset: values.offset,
      isEncrypted: (flags & 1) === 1,
      isDirectory: name.endsWith('/'),
    });
    at = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts: after its local header, whose name and extra lengths may differ from the directory's. */
export async function entryDataOffset(file: ZipFile, entry: ZipEntry): Promise<number> {
  const header = await readRange(file, entry.localHeaderOffset, entry.localHeaderOffset + 30);
  if (header.byteLength < 30 || header.getUint32(0, true) !== LOCAL_HEADER) throw new Error(`${entry.name}: bad local header`);
  return entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
}

/** Counts bytes passing through, before inflation. */
function countingStream(onBytes: (count: number) => void): TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>> {
  return new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      onBytes(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
}

/**
 * The entry's uncompressed bytes as a stream, read from its byte range. `onCompressedBytes`
 * hears how many archive bytes were consumed, for progress.
 */
export function entryStream(
  file: ZipFile,
  entry: ZipEntry,
  dataOffset: number,
  onCompressedBytes: (count: number) => void = () => undefined,
): ReadableStream<Uint8Array> {
  if (entry.isEncrypted) throw new Error(`${entry.name} is encrypted`);
  const raw = file
    .slice(dataOffset, dataOffset + entry.compressedSize)
    .stream()
    .pipeThrough(countingStream(onCompressedBytes));
  if (entry.method === 0) return raw;
  if (entry.method === 8) return raw.pipeThrough(new DecompressionStream('deflate-raw'));
  throw new Error(`${entry.name} uses compression method ${entry.method} (only stored and deflate are readable)`);
}
