import { describe, expect, it } from 'vitest';
import { extendShapeProblem } from './plotly';

describe('extendShapeProblem', () => {
  it('accepts one x and one y array of equal length per trace', () => {
    expect(extendShapeProblem([[1, 2], [3]], [[0.5, 0.4], [0.9]], [0, 1])).toBeNull();
  });

  it('names what does not match', () => {
    expect(extendShapeProblem([[1], [2]], [[1]], [0, 1])).toBe('extendChart: 2 traces but 2 x and 1 y arrays');
    expect(extendShapeProblem([[1]], [[1]], [0, 1])).toBe('extendChart: 2 traces but 1 x and 1 y arrays');
    expect(
      extendShapeProblem(
        [[1, 2], [3]],
        [
          [1, 2],
          [3, 4],
        ],
        [0, 3],
      ),
    ).toBe('extendChart: trace 3 gets 1 x but 2 y values');
  });
});
