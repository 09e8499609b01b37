import { describe, expect, it } from 'vitest';
import { addressWithoutFresh, NO_URL_PARAMS, readUrlParams } from './urlParams';

describe('readUrlParams', () => {
  it('no parameters: the demo opens, every backend is tried, the default budget', () => {
    expect(readUrlParams('')).toEqual(NO_URL_PARAMS);
  });

  it('reads demo, fresh, backend and maxEvents, ignoring unknown backends and bad numbers', () => {
    expect(readUrlParams('?demo=0&fresh=1&backend=cpu,quantum,webgl&maxEvents=5000')).toEqual({
      shouldOpenDemo: false,
      isFresh: true,
      backends: ['webgl', 'cpu'],
      maxEvents: 5000,
    });
    expect(readUrlParams('?maxEvents=-3').maxEvents).toBeUndefined();
    expect(readUrlParams('?maxEvents=1.5').maxEvents).toBeUndefined();
    expect(readUrlParams('?backend=quantum').backends).toBeNull();
  });

  it('drops only fresh from the address', () => {
    const location = { pathname: '/app/', search: '?fresh=1&demo=0', hash: '#config=x' };
    expect(addressWithoutFresh(location, true)).toBe('/app/?demo=0#config=x');
    expect(addressWithoutFresh({ ...location, search: '?fresh=1' }, false)).toBe('/app/');
  });
});
