import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/**
 * A page whose code loads the first time it is shown (its own chunk, with what only it uses — charts, the drop
 * zone, markdown). Pages are named exports; React.lazy wants a default one.
 */
// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own bound on the component it wraps.
type AnyComponent = ComponentType<any>;

export type LazyPage<Component extends AnyComponent> = LazyExoticComponent<Component> & {
  /** Start loading the page's code now (the app does for the page of the address it opens on). */
  preload(): Promise<unknown>;
};

export function lazyPage<Name extends string, Module extends Record<Name, AnyComponent>>(
  load: () => Promise<Module>,
  name: Name,
): LazyPage<Module[Name]> {
  return Object.assign(
    lazy(async () => ({ default: (await load())[name] })),
    { preload: load },
  );
}

/** The lazy page an element shows, if it is one. */
export function pageOf(element: unknown): LazyPage<AnyComponent> | null {
  const type = (element as { type?: { preload?: unknown } } | null)?.type;
  return type && typeof type.preload === 'function' ? (type as LazyPage<AnyComponent>) : null;
}
