import type { RoutesPlugin } from '../../app.ts';

const tags = ['notes'];

export const notesRoutes: RoutesPlugin = (_app, _ctx) => {
  void tags;
};
