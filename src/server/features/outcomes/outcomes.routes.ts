import type { RoutesPlugin } from '../../app.ts';

/** Outcomes against comparable non-participants, skills before/after and the diversity view (§8). */
export const outcomesRoutes: RoutesPlugin = () => {};
