import type { Stepwise } from '../../core/stepwise.ts';

/** Let timers, I/O and other requests run before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Run stepwise work without holding the event loop for more than about `sliceMs` at a time: a 200,000-row import
 * takes seconds of CPU, and the health check, sign-ins and page loads keep answering meanwhile.
 */
export async function runCooperatively<T>(work: Stepwise<T>, sliceMs = 10): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}

/** A pause for loops that are not generators (reading an upload): yields once `sliceMs` have passed since the last. */
export function cooperativePause(sliceMs = 10): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < sliceMs) return undefined;
    return yieldToEventLoop().then(() => {
      sliceStart = performance.now();
    });
  };
}
