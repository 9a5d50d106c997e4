import type { Insertable } from 'kysely';
import type { SessionTable } from '../db/schema.js';
import type { Db } from '../audit/audit.js';

/** The SQL of sessions (see sessions.ts). */
export const sessionsRepository = {
  async deleteExpired(db: Db, now: string): Promise<void> {
    await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  },

  async insert(db: Db, session: Insertable<SessionTable>): Promise<void> {
    await db.insertInto('sessions').values(session).execute();
  },

  /** A session by its id with its user (and the user's unit's name), whatever their state. */
  async findWithUser(db: Db, id: string) {
    return db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .leftJoin('units', 'units.id', 'users.unit_id')
      .selectAll('users')
      .select([
        'units.name as unit_name',
        'sessions.id as session_id',
        'sessions.csrf_token',
        'sessions.expires_at',
        'sessions.credentials_epoch as session_epoch',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
  },

  async delete(db: Db, id: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
  },
};
