import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { audited, withTransaction } from '../audit/audit.js';
import { DomainError, defineErrorCodes } from '../errors/index.js';
import { findUserWithSecret, getUser } from '../users/service.js';
import type { User } from '../users/schemas.js';
import { hashPassword, verifyPassword } from './crypto.js';
import { endCredentials } from './credentials.js';
import { insertSession, type NewSession } from './sessions.js';
import type { LoginAttempt } from './login-limiter.js';

defineErrorCodes({
  CURRENT_PASSWORD_WRONG: {
    status: 400,
    message: { zh: '当前密码不正确。', en: 'The current password is wrong.' },
  },
  PASSWORD_UNCHANGED: {
    status: 400,
    message: {
      zh: '新密码不能与当前密码相同。',
      en: 'The new password must differ from the current one.',
    },
  },
});

export interface ChangeOwnPasswordInput {
  userId: number;
  currentPassword: string;
  newPassword: string;
  /** Give the caller a new session in place of the one it used (a browser); false for an API token. */
  renewSession: boolean;
  sessionTtlHours: number;
  /** Now, in ms. */
  now: number;
  /** Starts a password check under the login limit (LoginLimiter.begin for the caller's address and username). */
  limit: () => Promise<LoginAttempt>;
}

export interface ChangedPassword {
  user: User;
  /** The caller's new session, when `renewSession`. */
  session: NewSession | null;
  /** Sessions that ended besides the caller's (which was renewed, when `renewSession`). */
  otherSessionsEnded: number;
  /** API tokens revoked, the caller's own included when it used one. */
  tokensRevoked: number;
}

/**
 * A user changes their own password, proving the current one. Every session and API token of theirs ends — a
 * user changes a password because it may be known to someone else, who may hold a session too; the one they are
 * using is replaced by a fresh session (a new cookie), so they stay logged in here while a stolen copy of their
 * cookie stops working. Audited as `user.password_change` (no secret in it), with the revocations.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  input: ChangeOwnPasswordInput,
): Promise<ChangedPassword> {
  if (input.newPassword === input.currentPassword) {
    throw new DomainError('PASSWORD_UNCHANGED', {
      errors: [{ path: '/body/newPassword', message: 'equals the current password' }],
    });
  }
  const found = await findUserWithSecret(db, input.userId);
  if (!found || found.disabled) throw new DomainError('AUTH_REQUIRED');
  // A wrong current password is a failed guess like a failed login: whoever holds a session must not get to try
  // passwords faster than someone at the login page.
  const attempt = await input.limit();
  if (!(await verifyPassword(found.passwordHash, input.currentPassword))) {
    throw new DomainError('CURRENT_PASSWORD_WRONG', {
      errors: [{ path: '/body/currentPassword', message: 'does not match' }],
    });
  }
  await attempt.succeeded();
  const newHash = await hashPassword(input.newPassword);
  const actor = { userId: found.id, label: found.username };
  return withTransaction(db, async (trx) => {
    // Only over the hash that was checked: had the password changed meanwhile (another tab, an admin), the
    // current password given here is no longer proven.
    const updated = await trx
      .updateTable('users')
      .set({ password_hash: newHash })
      .where('id', '=', found.id)
      .where('password_hash', '=', found.passwordHash)
      .where('disabled', '=', 0)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new DomainError('CURRENT_PASSWORD_WRONG', {
        errors: [{ path: '/body/currentPassword', message: 'does not match' }],
      });
    }
    const ended = await endCredentials(trx, actor, found.id, ['own_password']);
    const session = input.renewSession
      ? await insertSession(trx, found.id, ended.epoch, input.sessionTtlHours, input.now)
      : null;
    await audited(trx, actor, {
      action: 'user.password_change',
      entityType: 'user',
      entityId: found.id,
      after: {
        sessionsEnded: ended.sessionsEnded,
        tokensRevoked: ended.tokensRevoked,
        sessionRenewed: session !== null,
      },
    });
    return {
      user: await getUser(trx, found.id),
      session,
      otherSessionsEnded: Math.max(0, ended.sessionsEnded - (session ? 1 : 0)),
      tokensRevoked: ended.tokensRevoked,
    };
  });
}
