import type { Selectable } from 'kysely';
import type { ApiTokenTable } from '../db/schema.js';
import type { Db } from '../audit/audit.js';

/** The SQL behind ending a user's credentials (see credentials.ts). */
export const credentialsRepository = {
  /** Moves the user's credentials epoch on; returns the new one (undefined when the user does not exist). */
  async bumpEpoch(db: Db, userId: number): Promise<number | undefined> {
    const row = await db
      .updateTable('users')
      .set((eb) => ({ credentials_epoch: eb('credentials_epoch', '+', 1) }))
      .where('id', '=', userId)
      .returning('credentials_epoch')
      .executeTakeFirst();
    return row?.credentials_epoch;
  },

  async epochOf(db: Db, userId: number): Promise<number | undefined> {
    const row = await db
      .selectFrom('users')
      .select('credentials_epoch')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.credentials_epoch;
  },

  /** Deletes every session of the user; returns how many there were. */
  async deleteSessions(db: Db, userId: number): Promise<number> {
    const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  /** Marks every live token of the user revoked at `at`; returns them as they were. */
  async revokeTokens(db: Db, userId: number, at: string): Promise<Selectable<ApiTokenTable>[]> {
    const live = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('id')
      .execute();
    if (live.length > 0) {
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where(
          'id',
          'in',
          live.map((t) => t.id),
        )
        .execute();
    }
    return live;
  },
};
