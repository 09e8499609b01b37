import { describe, expect, it } from 'vitest';
import { emptyFrame, MISSING } from '../frame/frame';
import { NumberMap } from '../lib/numberMap';
import { seededRandom } from '../lib/random';
import { StartIndex } from './startIndex';

const HOST_FACTOR = 4_294_967_296;

describe('StartIndex', () => {
  it('answers as a NumberMap keyed by host and key, for dense, spread-out and missing keys', () => {
    const random = seededRandom(5);
    const frame = emptyFrame(6000);
    for (const host of ['dense', 'spread', 'few', 'none']) frame.hosts.code(host);
    frame.length = 6000;
    for (let row = 0; row < frame.length; row++) {
      const host = random.int(4);
      frame.host[row] = host;
      // Host 3 has only stops: nothing is indexed for it.
      frame.eventId[row] = host === 3 || random.int(5) === 0 ? 2 : 1;
      const key = host === 0 ? 1000 + random.int(3000) : host === 1 ? random.int(4_000_000_000) : random.int(10) * 4;
      frame.processId[row] = random.int(50) === 0 ? MISSING : key;
    }
    const index = new StartIndex(frame, frame.processId);
    const reference = new NumberMap(frame.length);
    for (let row = 0; row < frame.length; row++) {
      const key = frame.processId[row] ?? MISSING;
      if (frame.eventId[row] !== 1 || key === MISSING) continue;
      const host = frame.host[row] ?? 0;
      index.set(host, key, row);
      reference.set(host * HOST_FACTOR + key, row);
    }
    for (let row = 0; row < frame.length; row++) {
      const host = frame.host[row] ?? 0;
      for (const key of [frame.processId[row] ?? 0, 0, 999, 4000, 4_100_000_000, MISSING])
        expect(index.get(host, key)).toBe(reference.get(host * HOST_FACTOR + key));
    }
  });
});
