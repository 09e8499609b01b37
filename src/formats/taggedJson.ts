/**
 * JSON that keeps what plain JSON loses: typed arrays (as base64 of their bytes) and NaN or
 * ±Infinity (metrics of a one-class split are NaN). Each is written as a one-key tagged object,
 * `{"$f32": "…"}` or `{"$num": "NaN"}`, so ordinary strings are never reinterpreted.
 */

const TYPED_TAGS = {
  $u8: Uint8Array,
  $u16: Uint16Array,
  $u32: Uint32Array,
  $i32: Int32Array,
  $f32: Float32Array,
  $f64: Float64Array,
} as const;

type TypedTag = keyof typeof TYPED_TAGS;
/** The typed arrays the codec carries. */
export type TaggedTypedArray = InstanceType<(typeof TYPED_TAGS)[TypedTag]>;

const TAG_NAMES: readonly TypedTag[] = ['$u8', '$u16', '$u32', '$i32', '$f32', '$f64'];

function isTypedTag(value: string): value is TypedTag {
  return TAG_NAMES.some((tag) => tag === value);
}

function tagOf(value: unknown): TypedTag | null {
  if (value instanceof Uint8Array) return '$u8';
  if (value instanceof Uint16Array) return '$u16';
  if (value instanceof Uint32Array) return '$u32';
  if (value instanceof Int32Array) return '$i32';
  if (value instanceof Float32Array) return '$f32';
  if (value instanceof Float64Array) return '$f64';
  return null;
}

/** Base64 of bytes, in chunks so large buffers do not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  for (let start = 0; start < bytes.length; start += 0x8000) {
    chunks.push(String.fromCharCode(...bytes.subarray(start, start + 0x8000)));
  }
  return btoa(chunks.join(''));
}

/** Bytes of base64 text; null when the text is not base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function encodeTyped(array: ArrayBufferView): string {
  return bytesToBase64(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

function decodeTyped(tag: TypedTag, text: string): TaggedTypedArray {
  const bytes = base64ToBytes(text);
  const make = TYPED_TAGS[tag];
  if (bytes === null) throw new SyntaxError(`${tag} holds text that is not base64`);
  if (bytes.byteLength % make.BYTES_PER_ELEMENT !== 0) throw new SyntaxError(`${tag} holds ${bytes.byteLength} bytes, not whole elements`);
  // A fresh, aligned buffer: the decoded bytes start at offset 0.
  return new make(bytes.buffer, 0, bytes.byteLength / make.BYTES_PER_ELEMENT);
}

function replace(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
  if (ArrayBuffer.isView(value)) {
    const tag = tagOf(value);
    if (tag !== null) return { [tag]: encodeTyped(value) };
  }
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined || !key.startsWith('$')) return value;
  const inner: unknown = Object.getOwnPropertyDescriptor(value, key)?.value;
  if (typeof inner !== 'string') return value;
  if (key === '$num') {
    if (inner === 'NaN') return Number.NaN;
    if (inner === 'Infinity') return Number.POSITIVE_INFINITY;
    if (inner === '-Infinity') return Number.NEGATIVE_INFINITY;
    throw new SyntaxError(`$num holds ${JSON.stringify(inner)}, not NaN or Infinity`);
  }
  return isTypedTag(key) ? decodeTyped(key, inner) : value;
}

/** JSON text of a value, typed arrays and non-finite numbers tagged. */
export function toTaggedJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, replace, indent);
}

/** Parses tagged JSON; throws SyntaxError on malformed text or tags. */
export function fromTaggedJson(text: string): unknown {
  const value: unknown = JSON.parse(text, revive);
  return value;
}
