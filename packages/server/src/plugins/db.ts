import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { migrateToLatest, openDatabase, type ChangeStamps, type DatabaseHandle } from '../db/database.js';
import type { DialectName } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { storeAllPlanDocuments } from '../plans/plan-read-model.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Kysely instance over SQLite or PostgreSQL. */
    db: Kysely<Database>;
    dbDialect: DialectName;
    /** See `DatabaseHandle.changeStamp`: changes on every write; null when caching is not possible. */
    dbChangeStamp(): string | null;
    /** See `DatabaseHandle.credentialStamp`: changes on writes that may alter who a credential names. */
    dbCredentialStamp(): string | null;
    /** See `DatabaseHandle.exclusive`: the start-up lock all processes on this database share. */
    dbExclusive<T>(fn: () => Promise<T>): Promise<T>;
    /**
     * The database's change stamps for this request (see `DatabaseHandle.stamps`), for the caches that serve it,
     * read once per request before anything the request reads: on SQLite two prepared statements, on PostgreSQL
     * one query (shared by the credential cache and the response cache).
     */
    dbStamps(request: FastifyRequest): ChangeStamps | null | Promise<ChangeStamps | null>;
  }
  interface FastifyRequest {
    /** This request's change stamps, once read (see `dbStamps`); a promise on PostgreSQL. */
    dbStampsRead: ChangeStamps | Promise<ChangeStamps | null> | null;
  }
}

export interface DbPluginOptions {
  /** Use this handle instead of opening the configured database (tests, CLI); the app then does not close it. */
  handle?: DatabaseHandle;
  /** Apply pending migrations while starting (default true). */
  migrate?: boolean;
}

/** Opens the database, applies pending migrations, and closes it when the app closes. */
export const dbPlugin = fp<DbPluginOptions>(
  async (app, opts) => {
    const handle = opts.handle ?? openDatabase(app.config);
    if (!opts.handle) app.addHook('onClose', () => handle.close());
    if (opts.migrate !== false) {
      // Under the start-up lock: another server (or the command line) starting at the same moment waits, then
      // finds nothing left to apply.
      const result = await handle.exclusive(() => migrateToLatest(handle.db));
      for (const r of result.results ?? []) app.log.info({ migration: r.migrationName }, 'migration applied');
      // Plans written around the services (by hand, or before the read model existed) get their documents now.
      const stored = await storeAllPlanDocuments(handle.db);
      if (stored > 0) app.log.info({ plans: stored }, 'plan documents stored');
    }
    app.decorate('db', handle.db);
    app.decorate('dbDialect', handle.dialect);
    app.decorate('dbChangeStamp', () => handle.changeStamp());
    app.decorate('dbCredentialStamp', () => handle.credentialStamp());
    app.decorate('dbExclusive', <T>(fn: () => Promise<T>) => handle.exclusive(fn));
    app.decorateRequest('dbStampsRead', null);
    // Read once per request: both caches that serve it (credentials, responses) use the same reading.
    const dbStamps: FastifyInstance['dbStamps'] =
      handle.dialect === 'sqlite'
        ? (request) => (request.dbStampsRead ??= handle.stamps() as ChangeStamps | null)
        : (request) => (request.dbStampsRead ??= Promise.resolve(handle.stamps()));
    app.decorate('dbStamps', dbStamps);
    app.log.info({ database: handle.dialect, location: handle.location }, 'database ready');
  },
  { name: 'luoshi-db', dependencies: ['luoshi-config'] },
);
