import type { AppContext } from '../context.ts';

// Placeholder until the job runner lands.
export function startJobRunner(_ctx: AppContext) {
  return { stop: async () => {} };
}
