/**
 * Tests against real public captures in ../shared/data (beside the clone). Outside CI a fresh
 * clone has no such folder and those tests skip; under CI the data is expected, so its absence
 * fails the run instead of passing it quietly.
 */

/** Whether the tests that need `what` may run: false outside CI when it is absent; throws under CI when it is absent. */
export function hasSharedData(isPresent: boolean, what: string): boolean {
  if (!isPresent && process.env.CI) throw new Error(`../shared/data/${what} is absent: under CI the tests that read it fail rather than skip`);
  return isPresent;
}
