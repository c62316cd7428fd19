/**
 * Long work written as a generator that yields between slices of work and returns its result, so a server can let
 * other requests run in between (`runCooperatively` in src/server/lib/cooperative.ts) while a command or a test runs
 * it through at once (`runAllSteps`). Pure: the work decides where it may pause, the caller decides whether to.
 */
export type Stepwise<T> = Generator<void, T, void>;

/** How many items a loop handles between two pauses: small enough to stay well under a millisecond or so. */
export const itemsPerStep = 1024;

/** Run stepwise work to its end, without pausing. */
export function runAllSteps<T>(work: Stepwise<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}
