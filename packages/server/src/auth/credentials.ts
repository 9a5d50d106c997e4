import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { audited, type Actor } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { toApiToken } from '../tokens/schemas.js';
import { credentialsRepository as repo } from './credentials-repository.js';

/** Why a user's credentials ended, as recorded in the audit log. */
export type CredentialsEndReason = 'password' | 'own_password' | 'disabled' | 'role' | 'unit';

export interface EndedCredentials {
  /** The user's new credentials epoch: a credential issued from now on must carry it. */
  epoch: number;
  sessionsEnded: number;
  tokensRevoked: number;
}

/**
 * Ends every session and API token of a user, in the caller's transaction: moves the user's credentials epoch on
 * (which alone makes every earlier session and token fail their lookup, on every server process, including one a
 * login was creating at this moment), deletes the sessions and marks the tokens revoked, so that the token list
 * says so and re-enabling the user later revives nothing. Each revocation is audited with its reason.
 */
export async function endCredentials(
  trx: Transaction<Database>,
  actor: Actor,
  userId: number,
  reasons: readonly CredentialsEndReason[],
): Promise<EndedCredentials> {
  const epoch = await repo.bumpEpoch(trx, userId);
  if (epoch === undefined) throw new DomainError('USER_NOT_FOUND');
  const sessionsEnded = await repo.deleteSessions(trx, userId);
  const revokedAt = nowIso();
  const tokens = await repo.revokeTokens(trx, userId, revokedAt);
  const reason = reasons.join(',');
  if (sessionsEnded > 0) {
    await audited(trx, actor, {
      action: 'session.revoke',
      entityType: 'user',
      entityId: userId,
      after: { sessionsEnded, reason },
    });
  }
  for (const token of tokens) {
    await audited(trx, actor, {
      action: 'api_token.revoke',
      entityType: 'api_token',
      entityId: token.id,
      before: toApiToken(token),
      after: { ...toApiToken({ ...token, revoked_at: revokedAt }), reason },
    });
  }
  return { epoch, sessionsEnded, tokensRevoked: tokens.length };
}

/** The user's credentials epoch, for a credential issued outside a request (the command line). */
export async function currentEpoch(trx: Transaction<Database>, userId: number): Promise<number> {
  const epoch = await repo.epochOf(trx, userId);
  if (epoch === undefined) throw new DomainError('USER_NOT_FOUND');
  return epoch;
}
