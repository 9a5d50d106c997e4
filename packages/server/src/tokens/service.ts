import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { audited, withTransaction, type Actor } from '../audit/audit.js';
import { changeOf } from '../audit/changes.js';
import { randomSecret, sha256 } from '../auth/crypto.js';
import { currentEpoch } from '../auth/credentials.js';
import { DomainError } from '../errors/index.js';
import { decodeCursor, pageOf, type Page } from '../db/keyset.js';
import { toUser } from '../users/service.js';
import type { User } from '../users/schemas.js';
import { toApiToken, type ApiToken } from './schemas.js';

/** Tokens start with this, so they are recognisable in logs and secret scanners. */
const TOKEN_PREFIX = 'lsk_';

/**
 * Issues an API token for a user. The token itself is returned once and only its SHA-256 is kept. `epoch` is the
 * credentials epoch of the session or token that asked for it: should the user's credentials have ended since
 * (a password change, a disabling), no token is issued. Without it (the command line) the current epoch is used.
 */
export async function createApiToken(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  name: string,
  epoch?: number,
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = TOKEN_PREFIX + randomSecret();
  return withTransaction(db, async (trx) => {
    const current = await currentEpoch(trx, userId);
    if (epoch !== undefined && epoch !== current) throw new DomainError('AUTH_REQUIRED');
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: userId,
        name,
        token_hash: sha256(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
        credentials_epoch: current,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const apiToken = toApiToken(row);
    await audited(trx, actor, {
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: row.id,
      after: { ...apiToken, userId },
    });
    return { token, apiToken };
  });
}

/** A page of a user's tokens, oldest first (revoked ones included, marked). */
export async function listApiTokens(
  db: Kysely<Database>,
  userId: number,
  query: { limit?: number; cursor?: string } = {},
): Promise<Page<ApiToken>> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 'id', 'asc');
  let q = db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId);
  if (after) q = q.where('id', '>', after.id);
  const rows = await q
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, 'id', 'asc', (r) => ({ value: r.id, id: r.id }), toApiToken);
}

/** Revokes a token; only its owner or an admin may. Revoked tokens stay listed, marked with `revokedAt`. */
export async function revokeApiToken(
  db: Kysely<Database>,
  actor: Actor,
  requester: User,
  tokenId: number,
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
    // Someone else's token is reported as missing rather than forbidden, so ids do not reveal other users' tokens.
    if (!row || (row.user_id !== requester.id && requester.role !== 'admin'))
      throw new DomainError('TOKEN_NOT_FOUND');
    if (row.revoked_at !== null) return;
    const revokedAt = nowIso();
    await trx.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', tokenId).execute();
    await audited(trx, actor, {
      action: 'api_token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      ...changeOf(toApiToken(row), toApiToken({ ...row, revoked_at: revokedAt }), { name: row.name }),
    });
  });
}

// Recording every use would turn each read into a write; a minute's precision is enough to see a token is alive.
const LAST_USED_PRECISION_MS = 60_000;

/**
 * The enabled user an API token belongs to, with the token's id and credentials epoch; null when the token is
 * unknown, revoked, its user disabled, or its user's credentials ended since it was issued. `now` in ms.
 */
export async function findUserByToken(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<{ user: User; tokenId: number; epoch: number } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .selectAll('users')
    .select([
      'units.name as unit_name',
      'api_tokens.id as token_id',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'api_tokens.credentials_epoch as token_epoch',
    ])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled === 1) return null;
  if (row.token_epoch !== row.credentials_epoch) return null;
  if (row.last_used_at === null || now - Date.parse(row.last_used_at) > LAST_USED_PRECISION_MS) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(now).toISOString() })
      .where('id', '=', row.token_id)
      .execute();
  }
  return { user: toUser(row), tokenId: row.token_id, epoch: row.token_epoch };
}
