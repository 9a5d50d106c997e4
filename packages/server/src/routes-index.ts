/** A registered route's method and URL pattern (`/plans/:id`, `/static/*`). */
export interface RouteKey {
  method: string;
  url: string;
}

const patterns = new WeakMap<RouteKey, RegExp | null>();

/** The pattern as a regular expression; null for a catch-all (`/*`), which says nothing about a path. */
function patternOf(route: RouteKey): RegExp | null {
  let re = patterns.get(route);
  if (re === undefined) {
    if (route.url === '/*' || route.url === '*') re = null;
    else {
      const source = route.url
        .split('/')
        .map((segment) => {
          if (segment === '*') return '.*';
          if (segment.startsWith(':')) return '[^/]+';
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      re = new RegExp(`^${source}$`);
    }
    patterns.set(route, re);
  }
  return re;
}

/**
 * The methods some route answers on this path, sorted; empty when no route has the path at all. The not-found
 * handler uses it to tell "this path has no such method" (405 with `Allow`) from "no such path" (404).
 */
export function allowedMethods(routes: readonly RouteKey[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (patternOf(route)?.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
