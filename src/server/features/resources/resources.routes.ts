import type { RoutesPlugin } from '../../app.ts';

const tags = ['resources'];

export const resourcesRoutes: RoutesPlugin = (_app, _ctx) => {
  void tags;
};
