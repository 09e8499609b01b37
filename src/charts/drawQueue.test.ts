import { describe, expect, it } from 'vitest';
import { createDrawQueue } from './drawQueue';

describe('draw queue', () => {
  it('runs one draw per frame, in order, and skips cancelled ones', () => {
    const frames: (() => void)[] = [];
    const queue = createDrawQueue((run) => frames.push(run));
    const drawn: string[] = [];
    queue.schedule(() => drawn.push('a'));
    const cancelB = queue.schedule(() => drawn.push('b'));
    queue.schedule(() => drawn.push('c'));
    expect(frames).toHaveLength(1);
    expect(queue.isBusy()).toBe(true);
    cancelB();
    frames.shift()?.();
    expect(drawn).toEqual(['a']);
    frames.shift()?.();
    expect(drawn).toEqual(['a', 'c']);
    expect(frames).toHaveLength(0);
    expect(queue.isBusy()).toBe(false);
    queue.schedule(() => drawn.push('d'));
    frames.shift()?.();
    expect(drawn).toEqual(['a', 'c', 'd']);
  });
});
