/**
 * CaptureSources for tests: a Blob's stream, as the browser gives for a File, or a stream cut
 * into chosen chunks so chunk boundaries can fall anywhere.
 */
import type { CaptureSource } from '../ingest/types';

/** UTF-8 text as a capture file. */
export function sourceFromText(text: string, name = 'capture.jsonl'): CaptureSource {
  const blob = new Blob([text]);
  return { name, size: blob.size, stream: () => blob.stream(), slice: (start, end) => blob.slice(start, end) };
}

/** Bytes as a capture file, delivered as one Blob stream and readable by ranges (as a File is). */
export function sourceFromBytes(bytes: Uint8Array<ArrayBuffer>, name = 'capture.bin'): CaptureSource {
  const blob = new Blob([bytes]);
  return { name, size: blob.size, stream: () => blob.stream(), slice: (start, end) => blob.slice(start, end) };
}

/**
 * Bytes delivered in chunks of exactly the given sizes (the last chunk takes the rest). With
 * `isSlow`, each chunk comes in a later task, as file reads do, so timers can run in between.
 */
export function sourceFromChunks(bytes: Uint8Array, chunkSizes: readonly number[], name = 'capture.bin', isSlow = false): CaptureSource {
  return {
    name,
    size: bytes.byteLength,
    stream: () => {
      let offset = 0;
      let chunkIndex = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (isSlow) await new Promise((resolve) => setTimeout(resolve, 0));
          if (offset >= bytes.byteLength) {
            controller.close();
            return;
          }
          const size = Math.max(1, chunkSizes[chunkIndex] ?? bytes.byteLength - offset);
          chunkIndex++;
          controller.enqueue(bytes.slice(offset, offset + size));
          offset += size;
        },
      });
    },
  };
}

/** Bytes gzip-compressed with the platform's CompressionStream (Node 20 and browsers). */
export async function gzipBytes(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const compressed = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}
