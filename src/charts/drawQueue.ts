/**
 * Draws charts one per animation frame. Several Plotly charts drawn in one task block the page
 * for hundreds of milliseconds (text measuring for margins); one per frame keeps it responsive.
 */
export interface DrawQueue {
  /** Queues a draw; the returned function takes it back out if it has not run yet. */
  schedule(draw: () => void): () => void;
  /** True while draws wait their turn. */
  isBusy(): boolean;
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
    isBusy: () => pending.length > 0,
  };
}

/**
 * The page's queue: one draw per animation frame, each in a task of its own right after the frame
 * is rendered. Drawn inside the frame callback, a chart shares its task with the rendering of the
 * whole page (style, layout and paint of what the last draw and React changed: 10–20 ms on a
 * loaded capture), and its first size read forces the page's pending layout (issue 14).
 */
export const chartDrawQueue: DrawQueue = createDrawQueue((run) => {
  requestAnimationFrame(() => setTimeout(run, 0));
});
