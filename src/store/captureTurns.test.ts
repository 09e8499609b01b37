import { describe, expect, it } from 'vitest';
import { CaptureTurns, type CaptureTurn } from './captureTurns';

/** A promise settled from outside, for a worker request still running. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function turnsWithLog() {
  const log: string[] = [];
  const turns = new CaptureTurns(
    () => log.push('cancel'),
    (turn: CaptureTurn, by: CaptureTurn) => log.push(`${turn.subject} stopped by ${by.subject}`),
  );
  return { turns, log };
}

describe('CaptureTurns', () => {
  it('a later turn cancels the running one, runs after it settled, and alone shows its result', async () => {
    const { turns, log } = turnsWithLog();
    const demo = turns.begin('app', 'demo.jsonl');
    const demoRequest = deferred<string>();
    const demoChange = turns.settle(demo, () => turns.run(demo, () => demoRequest.promise));
    await Promise.resolve();

    const user = turns.begin('user', 'hunt.jsonl');
    expect(demo.signal.aborted).toBe(true);
    expect(demo.supersededBy).toBe(user);
    let userStarted = false;
    const userChange = turns.settle(user, () =>
      turns.run(user, () => {
        userStarted = true;
        return Promise.resolve('hunt');
      }),
    );
    await Promise.resolve();
    // The worker still runs the demo's load: the user's request waits for it to settle.
    expect(userStarted).toBe(false);
    demoRequest.resolve('demo');
    expect(await demoChange).toBeNull();
    expect(await userChange).toEqual({ value: 'hunt' });
    expect(log).toEqual(['cancel', 'cancel', 'demo.jsonl stopped by hunt.jsonl']);
  });

  it('a failed request settles the turn, so the next one runs', async () => {
    const { turns } = turnsWithLog();
    const first = turns.begin('user', 'a.jsonl');
    await expect(turns.run(first, () => Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
    const second = turns.begin('user', 'b.jsonl');
    expect(await turns.run(second, () => Promise.resolve(2))).toEqual({ value: 2 });
  });

  it('says only what a user superseded, once the superseded change settled', async () => {
    const { turns, log } = turnsWithLog();
    const load = turns.begin('user', 'a.jsonl');
    const request = deferred<number>();
    const change = turns.settle(load, () => turns.run(load, () => request.promise));
    await Promise.resolve();
    turns.begin('app', 'the autosaved capture');
    expect(log).toEqual(['cancel', 'cancel']);
    request.reject(new Error('The data worker stopped'));
    await expect(change).rejects.toThrow('The data worker stopped');
    expect(log).toEqual(['cancel', 'cancel']);
  });

  it('tells whether the user started a change since a mark', () => {
    const { turns } = turnsWithLog();
    const mark = turns.mark();
    turns.begin('app', 'demo.jsonl');
    expect(turns.hasUserTurnSince(mark)).toBe(false);
    turns.begin('user', 'hunt.jsonl');
    expect(turns.hasUserTurnSince(mark)).toBe(true);
  });
});
