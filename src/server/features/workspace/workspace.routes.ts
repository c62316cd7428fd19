import type { RoutesPlugin } from '../../app.ts';

const tags = ['workspace'];

export const workspaceRoutes: RoutesPlugin = (_app, _ctx) => {
  void tags;
};
