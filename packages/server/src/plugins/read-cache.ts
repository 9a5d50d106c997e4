import fp from 'fastify-plugin';
import type { FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify';

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * Remembers what a read returned until the database next changes. Holds values of one database state only:
 * whenever the change stamp moves (any write, by this process or another), everything is forgotten.
 * Disabled (always misses) when the database gives no stamp (PostgreSQL).
 */
export class ChangeScopedCache<V> {
  private stamp: string | null = null;
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly currentStamp: () => string | null,
    private readonly max = 2000,
  ) {}

  /** The database's stamp now: take it before reading the database, then pass it to `get` and `set`. */
  now(): string | null {
    return this.currentStamp();
  }

  /** The value stored for the database state `stamp`, if any. */
  get(key: string, stamp: string | null): V | undefined {
    if (stamp === null) return undefined;
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.stamp = stamp;
      return undefined;
    }
    return this.entries.get(key);
  }

  /** Stores a value computed from the database state `stamp`, unless the database has changed since. */
  set(key: string, value: V, stamp: string | null): void {
    if (stamp === null || this.currentStamp() !== stamp) return;
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.stamp = stamp;
    }
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, value);
  }
}

/** Says whether a cacheable response came from the cache (`hit`) or was computed (`miss`), for diagnostics. */
export const CACHE_HEADER = 'x-luoshi-cache';

/** How a route's cached responses vary besides the URL; the default is by the caller's role and unit. */
export type CacheVary = (request: FastifyRequest) => string;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Opt a GET route in to response caching: its 200 responses are kept, per URL and per `vary(request)`
     * (default: the caller's role and unit, or "public"), until the database next changes. Only for responses
     * that depend on nothing but the database, the URL and what `vary` returns.
     */
    cache?: boolean | { vary: CacheVary };
  }
  interface FastifyRequest {
    /** Set when this request may store its response in the cache. */
    cacheSlot: { key: string; stamp: string } | null;
  }
}

const byRoleAndUnit: CacheVary = (request) =>
  request.user ? `${request.user.role}:${request.user.unitId ?? ''}` : 'public';

interface CachedResponse {
  /** The encoded body, so that a hit costs no serialization and no UTF-8 encoding. */
  payload: Buffer;
  contentType: string;
}

/** Response caching for routes that opt in with `config: { cache: true }` (see FastifyContextConfig.cache). */
export const readCachePlugin = fp(
  async (app) => {
    // At most 500 responses (a whole plan is some tens of KB): bounded memory however many plans and units.
    const cache = new ChangeScopedCache<CachedResponse>(() => app.dbChangeStamp(), 500);
    app.decorateRequest('cacheSlot', null);

    // Hooks only on the routes that opt in, so other requests pay nothing. preHandler: after authentication,
    // authorization and validation, so a cached answer is never given to someone the route would refuse.
    app.addHook('onRoute', (route) => {
      const opt = route.config?.cache;
      if (!opt || route.method !== 'GET') return;
      const vary = opt === true ? byRoleAndUnit : opt.vary;

      const lookup: preHandlerHookHandler = (request, reply, done) => {
        const stamp = cache.now();
        if (stamp === null) return done();
        const key = `${request.url}\u0000${vary(request)}`;
        const hit = cache.get(key, stamp);
        if (hit) {
          void reply.header(CACHE_HEADER, 'hit').type(hit.contentType).send(hit.payload);
          return;
        }
        request.cacheSlot = { key, stamp };
        void reply.header(CACHE_HEADER, 'miss');
        done();
      };
      const store: onSendHookHandler = (request, reply, payload, done) => {
        const slot = request.cacheSlot;
        if (slot && reply.statusCode === 200 && typeof payload === 'string') {
          const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
          cache.set(slot.key, { payload: Buffer.from(payload), contentType }, slot.stamp);
        }
        done(null, payload);
      };
      route.preHandler = [...asArray(route.preHandler), lookup];
      route.onSend = [...asArray(route.onSend), store];
    });
  },
  { name: 'luoshi-read-cache', dependencies: ['luoshi-db'] },
);
