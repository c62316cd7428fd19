import type { RoutesPlugin } from '../../app.ts';

const tags = ['surveys'];

export const surveysRoutes: RoutesPlugin = (_app, _ctx) => {
  void tags;
};
