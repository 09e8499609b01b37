import { describe, expect, it } from 'vitest';
import { warmUpFigures } from './warmUp';

describe('chart warm-up figures', () => {
  it('draw every trace type and axis kind the page charts use, with data', () => {
    const figures = warmUpFigures();
    expect(figures).toHaveLength(6);
    for (const figure of figures) expect(figure.data.length).toBeGreaterThan(0);
    const types = new Set(figures.flatMap((figure) => figure.data.map((trace) => trace.type)));
    expect([...types].sort()).toEqual(['bar', 'heatmap', 'scatter']);
    expect(figures.some((figure) => figure.data.some((trace) => trace.type === 'bar' && trace.orientation === 'h'))).toBe(true);
    expect(figures.some((figure) => figure.layout?.xaxis?.type === 'category')).toBe(true);
  });
});
