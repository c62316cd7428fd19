import type { RoutesPlugin } from '../../app.ts';

/** The program dashboard and the organisation overview (§8). */
export const analyticsRoutes: RoutesPlugin = () => {};
