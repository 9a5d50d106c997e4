import { api, call } from '../api/client.js';

/**
 * Reads the router starts when a navigation begins, so that they run while the page's code is still on its way
 * (a cold load of the plan page otherwise fetches its code, renders, and only then asks for the plan). The page
 * takes its read once; anything later (a reload after an edit) reads afresh. Every navigation to the route starts
 * a new read, so what the page takes is never older than the navigation that shows it.
 */
const started = new Map<string, Promise<unknown>>();

export function prefetch(key: string, read: () => Promise<unknown>): void {
  const promise = read();
  // Nobody may take it (the visitor is sent to the login page): its failure must not go unhandled.
  promise.catch(() => undefined);
  started.set(key, promise);
}

/** The read started for `key` by the router, taken once; otherwise a new read. */
export function prefetched<T>(key: string, read: () => Promise<T>): Promise<T> {
  const promise = started.get(key) as Promise<T> | undefined;
  started.delete(key);
  return promise ?? read();
}

/** A whole plan, from the private route or, for `publicView`, the public one. */
export function readPlan(planId: number, publicView: boolean) {
  return call(
    publicView
      ? api.GET('/api/v1/public/plans/{id}', { params: { path: { id: planId } } })
      : api.GET('/api/v1/plans/{id}', { params: { path: { id: planId } } }),
  );
}

export const planKey = (planId: number, publicView: boolean) =>
  `plan:${publicView ? 'public' : 'private'}:${planId}`;
