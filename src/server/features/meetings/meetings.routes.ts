import type { RoutesPlugin } from '../../app.ts';

const tags = ['meetings'];

export const meetingsRoutes: RoutesPlugin = (_app, _ctx) => {
  void tags;
};
