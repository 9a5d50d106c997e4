import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * The read model's documents on PostgreSQL are stored compressed (brotli in base64, plans/plan-read-model.ts): every
 * plan is marked stale, so that the start that runs this stores each document again in that form (the server stores
 * every stale plan after its migrations). Until then a read builds the plan afresh, as for any stale plan; an old
 * document in plain base64 is still read correctly. SQLite stores the bytes as before: nothing to do there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres')
    await sql`insert into plan_read_dirty (plan_id) select id from plans`.execute(db);
}

/** The reader (documentBytes) reads both forms: nothing to undo. */
export async function down(): Promise<void> {}
