import { describe, expect, it } from 'vitest';
import { warmUpFigures } from './warmUp';

describe('chart warm-up figures', () => {
  it('start with an empty frame, then draw every trace type and axis kind the page charts use, with data', () => {
    const figures = warmUpFigures();
    expect(figures.map((figure) => figure.data.length > 0)).toEqual([false, false, true, true, true, true, true, true]);
    expect(figures[0]?.layout?.xaxis?.visible).toBe(false);
    const types = new Set(figures.flatMap((figure) => figure.data.map((trace) => trace.type)));
    expect([...types].sort()).toEqual(['bar', 'heatmap', 'scatter']);
    expect(figures.some((figure) => figure.data.some((trace) => trace.type === 'bar' && trace.orientation === 'h'))).toBe(true);
    expect(figures.some((figure) => figure.layout?.xaxis?.type === 'category')).toBe(true);
  });
});
