import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { audited, withTransaction } from '../audit/audit.js';
import { randomSecret, sha256 } from './crypto.js';
import { sessionsRepository as repo } from './sessions-repository.js';
import { toUser } from '../users/service.js';
import type { User } from '../users/schemas.js';

export const SESSION_COOKIE = 'luoshi_session';

/** What the browser gets for a new session: the cookie value (stored only as its SHA-256) and the CSRF token. */
export interface NewSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A live session as a request sees it. */
export interface FoundSession {
  id: string;
  csrfToken: string;
  user: User;
  expiresAt: string;
  /** The credentials epoch it was issued under (equal to its user's, or it would not be found). */
  epoch: number;
}

/**
 * Inserts a session for a user, under the credentials epoch read when their password was checked (so that a
 * password change or a disabling that lands in between leaves the new session dead on arrival). `now` in ms.
 */
export async function insertSession(
  trx: Transaction<Database>,
  userId: number,
  epoch: number,
  ttlHours: number,
  now: number,
): Promise<NewSession> {
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now + ttlHours * 3600_000);
  // Expired sessions are useless; logins are rare enough to sweep them here.
  await repo.deleteExpired(trx, new Date(now).toISOString());
  await repo.insert(trx, {
    id: sha256(cookieValue),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: new Date(now).toISOString(),
    expires_at: expiresAt.toISOString(),
    credentials_epoch: epoch,
  });
  return { cookieValue, csrfToken, expiresAt };
}

/** Starts a session for a user who has just logged in, and records the login in the audit log. */
export async function createSession(
  db: Kysely<Database>,
  user: User,
  epoch: number,
  ttlHours: number,
  now: number,
): Promise<NewSession> {
  return withTransaction(db, async (trx) => {
    const session = await insertSession(trx, user.id, epoch, ttlHours, now);
    await audited(
      trx,
      { userId: user.id, label: user.username },
      {
        action: 'session.login',
        entityType: 'user',
        entityId: user.id,
        after: { expiresAt: session.expiresAt.toISOString() },
      },
    );
    return session;
  });
}

/**
 * The live session a cookie value names, with its user; null when unknown, expired at `now` (ms), its user
 * disabled, or its credentials ended since it began (the user's epoch moved on).
 */
export async function findSession(
  db: Kysely<Database>,
  cookieValue: string,
  now: number,
): Promise<FoundSession | null> {
  const row = await repo.findWithUser(db, sha256(cookieValue));
  if (!row || Date.parse(row.expires_at) <= now || row.disabled === 1) return null;
  if (row.session_epoch !== row.credentials_epoch) return null;
  return {
    id: row.session_id,
    csrfToken: row.csrf_token,
    user: toUser(row),
    expiresAt: row.expires_at,
    epoch: row.session_epoch,
  };
}

/** Ends a session (logout). */
export async function deleteSession(db: Kysely<Database>, sessionId: string, user: User): Promise<void> {
  await withTransaction(db, async (trx) => {
    await repo.delete(trx, sessionId);
    await audited(
      trx,
      { userId: user.id, label: user.username },
      { action: 'session.logout', entityType: 'user', entityId: user.id },
    );
  });
}
