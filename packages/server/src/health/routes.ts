import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';

/** The server package's version, read once from its package.json (the same path from src and dist). */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: { tags: ['health'], summary: 'Liveness and database reachability', response: { 200: Health } },
    },
    async () => {
      // A trivial query proves the database answers; a failure becomes a 500 through the error handler.
      await sql`select 1`.execute(app.db);
      return { status: 'ok' as const, database: app.dbDialect, version: VERSION };
    },
  );
};
