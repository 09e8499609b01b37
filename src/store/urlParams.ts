/**
 * The page's URL query parameters, read once at startup (`readUrlParams`) and passed where they
 * are needed. The `#config=` settings link is the URL state's business (urlSync.ts).
 */
import { BACKEND_ORDER, type BackendName } from '../ml/backendNames';

export interface UrlParams {
  /** False with `?demo=0`: start empty instead of opening the demo (tests of empty states). */
  shouldOpenDemo: boolean;
  /** `?fresh=1`: clear the saved notebook and start fresh (then removed from the address). */
  isFresh: boolean;
  /** `?backend=webgl` (or wasm, cpu; comma-separated) limits the backends measured, e.g. to try WebGL. */
  backends: BackendName[] | null;
  /** `?maxEvents=`: a smaller memory budget, to try the limit without a huge file. */
  maxEvents: number | undefined;
}

/** No parameters: what tests and Node get. */
export const NO_URL_PARAMS: UrlParams = { shouldOpenDemo: true, isFresh: false, backends: null, maxEvents: undefined };

/** Reads the parameters of a query string (`location.search`). */
export function readUrlParams(search: string): UrlParams {
  const params = new URLSearchParams(search);
  const asked = (params.get('backend') ?? '').split(',');
  const backends = BACKEND_ORDER.filter((name) => asked.includes(name));
  const maxEvents = Number(params.get('maxEvents'));
  return {
    shouldOpenDemo: params.get('demo') !== '0',
    isFresh: params.get('fresh') === '1',
    backends: backends.length > 0 ? backends : null,
    maxEvents: Number.isInteger(maxEvents) && maxEvents > 0 ? maxEvents : undefined,
  };
}

/** The address without `?fresh=1` (kept: the other parameters; with `keepHash`, the hash). */
export function addressWithoutFresh(location: Pick<Location, 'pathname' | 'search' | 'hash'>, keepHash: boolean): string {
  const params = new URLSearchParams(location.search);
  params.delete('fresh');
  const search = params.toString();
  return `${location.pathname}${search ? `?${search}` : ''}${keepHash ? location.hash : ''}`;
}
