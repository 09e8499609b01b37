/**
 * Draws charts one per animation frame. Several Plotly charts drawn in one task block the page
 * for hundreds of milliseconds (text measuring for margins); one per frame keeps it responsive.
 */
export interface DrawQueue {
  /** Queues a draw; the returned function takes it back out if it has not run yet. */
  schedule(draw: () => void): () => void;
}

export function createDrawQueue(nextFrame: (run: () => void) => void): DrawQueue {
  const pending: (() => void)[] = [];
  let isScheduled = false;
  const runOne = (): void => {
    isScheduled = false;
    const draw = pending.shift();
    draw?.();
    if (pending.length > 0) {
      isScheduled = true;
      nextFrame(runOne);
    }
  };
  return {
    schedule(draw) {
      pending.push(draw);
      if (!isScheduled) {
        isScheduled = true;
        nextFrame(runOne);
      }
      return () => {
        const index = pending.indexOf(draw);
        if (index >= 0) pending.splice(index, 1);
      };
    },
  };
}

/** The page's queue, one draw per animation frame. */
export const chartDrawQueue: DrawQueue = createDrawQueue((run) => {
  requestAnimationFrame(() => run());
});
