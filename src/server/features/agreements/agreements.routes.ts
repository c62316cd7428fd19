import type { RoutesPlugin } from '../../app.ts';

const tags = ['agreements'];

export const agreementsRoutes: RoutesPlugin = (_app, _ctx) => {
  void tags;
};
