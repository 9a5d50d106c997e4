import fp from 'fastify-plugin';
import type { FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify';
import type { ChangeStamps } from '../db/database.js';

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** A database state, as `DatabaseHandle.stamps` gives it. */
export type Stamp = string | number;

/** True when both stamps are counters (PostgreSQL's) and `a` was read before `b`. */
const older = (a: Stamp, b: Stamp | null): boolean => typeof a === 'number' && typeof b === 'number' && a < b;

/**
 * Remembers what a read returned until the database next changes. Holds values of one database state only:
 * whenever the stamp moves (any write, by this process or another), everything is forgotten. A request that read
 * an older stamp than the one held (PostgreSQL, where a stamp is a query and requests overlap) neither finds nor
 * stores anything, so it cannot bring back a superseded state. Given no stamp, it always misses.
 */
export class ChangeScopedCache<V> {
  private stamp: Stamp | null = null;
  private readonly entries = new Map<string, V>();
  /** The sum of `sizeOf` over the entries. */
  private size = 0;

  /**
   * @param currentStamp The stamp now, where it can be read synchronously (SQLite): `set` then also refuses a
   *   value computed while the database changed. Returns null where it cannot (PostgreSQL), where a stamp read
   *   before the data it vouches for is enough: the data is then at least as new as the stamp.
   * @param max At most this many entries.
   * @param budget At most this much in all, each entry weighing `sizeOf(value)`: a count alone would let a few
   *   hundred large answers (a whole plan 50 times the demo's is 0.9 MB) hold hundreds of MB.
   */
  constructor(
    private readonly currentStamp: () => Stamp | null = () => null,
    private readonly max = 2000,
    private readonly budget = Infinity,
    private readonly sizeOf: (value: V) => number = () => 0,
  ) {}

  /** The database's stamp now, where it can be read synchronously; else null. */
  now(): Stamp | null {
    return this.currentStamp();
  }

  /** The value stored for the database state `stamp`, if any. */
  get(key: string, stamp: Stamp | null): V | undefined {
    if (stamp === null) return undefined;
    if (stamp !== this.stamp) {
      if (older(stamp, this.stamp)) return undefined;
      this.clear();
      this.stamp = stamp;
      return undefined;
    }
    return this.entries.get(key);
  }

  /** Stores a value computed from the database state `stamp`, unless the database has changed since. */
  set(key: string, value: V, stamp: Stamp | null): void {
    if (stamp === null) return;
    const current = this.currentStamp();
    if (current !== null && current !== stamp) return;
    if (stamp !== this.stamp) {
      if (older(stamp, this.stamp)) return;
      this.clear();
      this.stamp = stamp;
    }
    const size = this.sizeOf(value);
    if (size > this.budget) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.size -= this.sizeOf(previous);
    if (this.entries.size >= this.max || this.size + size > this.budget) this.clear();
    this.entries.set(key, value);
    this.size += size;
  }

  private clear(): void {
    this.entries.clear();
    this.size = 0;
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
    cacheSlot: { key: string; stamp: Stamp } | null;
  }
}

const byRoleAndUnit: CacheVary = (request) =>
  request.user ? `${request.user.role}:${request.user.unitId ?? ''}` : 'public';

interface CachedResponse {
  /** The encoded body, so that a hit costs no serialization and no UTF-8 encoding. */
  payload: Buffer;
  contentType: string;
}

/**
 * Response caching for routes that opt in with `config: { cache: true }` (see FastifyContextConfig.cache), on both
 * engines: the stamp that says whether an answer is still current moves with every committed write, whichever
 * server process made it (SQLite: total_changes and data_version; PostgreSQL: counters bumped at each commit).
 */
export const readCachePlugin = fp(
  async (app) => {
    // At most 500 responses and 64 MB of them: bounded memory however many plans, units and URLs.
    const cache = new ChangeScopedCache<CachedResponse>(
      () => app.dbChangeStamp(),
      500,
      64 * 1024 * 1024,
      (r) => r.payload.length,
    );
    app.decorateRequest('cacheSlot', null);

    // Hooks only on the routes that opt in, so other requests pay nothing. preHandler: after authentication,
    // authorization and validation, so a cached answer is never given to someone the route would refuse.
    app.addHook('onRoute', (route) => {
      const opt = route.config?.cache;
      if (!opt || route.method !== 'GET') return;
      const vary = opt === true ? byRoleAndUnit : opt.vary;

      const lookup: preHandlerHookHandler = (request, reply, done) => {
        const withStamp = (stamps: ChangeStamps | null) => {
          if (stamps === null) return done();
          const key = `${request.url}\u0000${vary(request)}`;
          const hit = cache.get(key, stamps.data);
          if (hit) {
            void reply.header(CACHE_HEADER, 'hit').type(hit.contentType).send(hit.payload);
            return;
          }
          request.cacheSlot = { key, stamp: stamps.data };
          void reply.header(CACHE_HEADER, 'miss');
          done();
        };
        const stamps = app.dbStamps(request);
        if (stamps instanceof Promise) stamps.then(withStamp, done);
        else withStamp(stamps);
      };
      const store: onSendHookHandler = (request, reply, payload, done) => {
        const slot = request.cacheSlot;
        if (slot && reply.statusCode === 200 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
          const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
          const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
          cache.set(slot.key, { payload: bytes, contentType }, slot.stamp);
        }
        done(null, payload);
      };
      route.preHandler = [...asArray(route.preHandler), lookup];
      route.onSend = [...asArray(route.onSend), store];
    });
  },
  { name: 'luoshi-read-cache', dependencies: ['luoshi-db'] },
);
