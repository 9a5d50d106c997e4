import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../app.js';
import { openDatabase } from '../db/database.js';
import type { TestApp } from './harness.js';

/**
 * Another server on the same database as `t`, as a second process would be: its own connection (SQLite) or pool
 * (PostgreSQL), its own caches and its own login limiter. Close it before `t`.
 */
export async function secondInstance(
  t: TestApp,
  build: Pick<BuildOptions, 'clock'> = {},
): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const handle = openDatabase(t.config);
  const app = await buildApp(t.config, { ...build, database: handle });
  return {
    app,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
