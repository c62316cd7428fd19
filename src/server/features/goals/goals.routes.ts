import type { RoutesPlugin } from '../../app.ts';

const tags = ['goals'];

export const goalsRoutes: RoutesPlugin = (_app, _ctx) => {
  void tags;
};
