/**
 * Turns for replacing the capture. Every change of the data worker's capture (a file the user
 * opens, a notebook file's capture, the demo the app opens, the autosave restored at startup or
 * after a crash) takes a turn, and the latest turn wins: a new turn cancels the worker request of
 * the one running, aborts its download, and runs its own request only after that one settled, so
 * the worker's frame always ends as the latest turn's and only the latest may show its result.
 */

/** Who started a change: the user (a capture or notebook file) or the app (the demo, the autosave). */
export type TurnOrigin = 'user' | 'app';

/** One capture change. */
export interface CaptureTurn {
  readonly origin: TurnOrigin;
  /** What it opens, as the user knows it: `big.jsonl`, `demo-capture.jsonl`, `the capture in nb.etwlab.json`. */
  readonly subject: string;
  /** Aborted when a later turn supersedes this one (a download stops with it). */
  readonly signal: AbortSignal;
  /** The turn that superseded this one, once one has. */
  readonly supersededBy: CaptureTurn | null;
}

class Turn implements CaptureTurn {
  private readonly controller = new AbortController();
  supersededBy: CaptureTurn | null = null;

  constructor(
    readonly origin: TurnOrigin,
    readonly subject: string,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  supersede(by: CaptureTurn): void {
    this.supersededBy ??= by;
    this.controller.abort();
  }
}

/** The capture turns of one page. */
export class CaptureTurns {
  private latest: Turn | null = null;
  private inFlight: Promise<unknown> = Promise.resolve();
  private userTurns = 0;

  /**
   * `cancelRunning` cancels the worker request of the change in flight, if any;
   * `onSuperseded` hears of each turn that settled after a user's turn superseded it.
   */
  constructor(
    private readonly cancelRunning: () => void,
    private readonly onSuperseded: (turn: CaptureTurn, by: CaptureTurn) => void,
  ) {}

  /** Starts a change that supersedes every earlier one: the running one is cancelled, its download aborted. */
  begin(origin: TurnOrigin, subject: string): CaptureTurn {
    this.cancelRunning();
    const turn = new Turn(origin, subject);
    this.latest?.supersede(turn);
    this.latest = turn;
    if (origin === 'user') this.userTurns++;
    return turn;
  }

  isLatest(turn: CaptureTurn): boolean {
    return turn === this.latest;
  }

  /** A mark to ask later whether the user started a change since (while a notebook file was being read, say). */
  mark(): number {
    return this.userTurns;
  }

  /** Whether the user started a change after `mark` was taken. */
  hasUserTurnSince(mark: number): boolean {
    return this.userTurns !== mark;
  }

  /**
   * Runs `request` (the turn's worker requests) after the previous change settled; null when a
   * later turn superseded this one before or while it ran. Its errors are the caller's.
   */
  async run<T>(turn: CaptureTurn, request: () => Promise<T>): Promise<{ value: T } | null> {
    await this.inFlight;
    if (!this.isLatest(turn)) return null;
    const running = request();
    this.inFlight = running.catch(() => undefined);
    const value = await running;
    return this.isLatest(turn) ? { value } : null;
  }

  /**
   * Runs a whole change (download, worker requests, showing the result) and, once it settled,
   * reports it when a user's later turn superseded it: the page can say what the user's action stopped.
   */
  async settle<T>(turn: CaptureTurn, change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } finally {
      const by = turn.supersededBy;
      if (by !== null && by.origin === 'user') this.onSuperseded(turn, by);
    }
  }
}
