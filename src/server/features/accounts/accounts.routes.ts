import type { RoutesPlugin } from '../../app.ts';

// Placeholder until the feature lands.
export const accountsRoutes: RoutesPlugin = () => {};
