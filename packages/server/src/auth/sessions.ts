import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { audited, withTransaction } from '../audit/audit.js';
import { randomSecret, sha256 } from './crypto.js';
import { toUser } from '../users/service.js';
import type { User } from '../users/schemas.js';

export const SESSION_COOKIE = 'luoshi_session';

/** Starts a session for a user; returns the cookie value (stored only as its SHA-256) and the CSRF token. */
export async function createSession(
  db: Kysely<Database>,
  user: User,
  ttlHours: number,
): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await withTransaction(db, async (trx) => {
    // Expired sessions are useless; logins are rare enough to sweep them here.
    await trx.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(cookieValue),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    await audited(
      trx,
      { userId: user.id, label: user.username },
      {
        action: 'session.login',
        entityType: 'user',
        entityId: user.id,
        after: { expiresAt: expiresAt.toISOString() },
      },
    );
  });
  return { cookieValue, csrfToken, expiresAt };
}

/** The live session a cookie value names, with its (enabled) user; null when unknown, expired or disabled. */
export async function findSession(
  db: Kysely<Database>,
  cookieValue: string,
): Promise<{ id: string; csrfToken: string; user: User; expiresAt: string } | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .selectAll('users')
    .select([
      'units.name as unit_name',
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
    ])
    .where('sessions.id', '=', sha256(cookieValue))
    .executeTakeFirst();
  if (!row || row.expires_at <= nowIso() || row.disabled === 1) return null;
  return { id: row.session_id, csrfToken: row.csrf_token, user: toUser(row), expiresAt: row.expires_at };
}

/** Ends a session (logout). */
export async function deleteSession(db: Kysely<Database>, sessionId: string, user: User): Promise<void> {
  await withTransaction(db, async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await audited(
      trx,
      { userId: user.id, label: user.username },
      { action: 'session.logout', entityType: 'user', entityId: user.id },
    );
  });
}
