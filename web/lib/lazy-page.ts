import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/**
 * A page whose code loads the first time it is shown (its own chunk, with what only it uses — charts, the drop
 * zone, markdown). Pages are named exports; React.lazy wants a default one.
 */
// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own bound on the component it wraps.
type AnyComponent = ComponentType<any>;

export function lazyPage<Name extends string, Module extends Record<Name, AnyComponent>>(
  load: () => Promise<Module>,
  name: Name,
): LazyExoticComponent<Module[Name]> {
  return lazy(async () => ({ default: (await load())[name] }));
}
