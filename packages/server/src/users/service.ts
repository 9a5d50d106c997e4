import { sql, type Kysely, type SqlBool } from 'kysely';
import { afterKey, containsPattern, decodeCursor, pageOf, type Page } from '../db/keyset.js';
import type { Database, Role, UserRow } from '../db/schema.js';
import { fromFlag, isUniqueViolation, lockRows, nowIso, toFlag } from '../db/dialect.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { changeOf } from '../audit/changes.js';
import { hashPassword } from '../auth/crypto.js';
import { endCredentials, type CredentialsEndReason } from '../auth/credentials.js';
import { preparedQuery } from '../db/prepared.js';
import { DomainError } from '../errors/index.js';
import { ROLES, ROLES_NEEDING_UNIT, type User, type UsersQuery } from './schemas.js';

type UserWithUnit = UserRow & { unit_name: string | null };

/** The API shape of a user row joined with its unit's name. */
export function toUser(r: UserWithUnit): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    disabled: fromFlag(r.disabled),
  };
}

function selectUsers(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .selectAll('users')
    .select('units.name as unit_name');
}

/** A page of the accounts: filtered by name words, role and disabled; by id or username. */
export async function listUsers(db: Db, query: UsersQuery = {}): Promise<Page<User>> {
  const sort = query.sort ?? 'id';
  const order = query.order ?? 'asc';
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, sort, order);
  const column = sort === 'username' ? 'users.username' : 'users.id';
  let q = selectUsers(db);
  if (query.role !== undefined) q = q.where('users.role', '=', query.role);
  if (query.disabled !== undefined) q = q.where('users.disabled', '=', toFlag(query.disabled));
  const words = query.q?.trim();
  if (words) {
    const pattern = containsPattern(words);
    q = q.where((eb) =>
      eb.or([
        sql<SqlBool>`lower(users.username) like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(users.display_name) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (after) q = q.where(afterKey(column, 'users.id', order, after));
  if (column !== 'users.id') q = q.orderBy(column, order);
  const rows = await q
    .orderBy('users.id', order)
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    sort,
    order,
    (r) => ({ value: sort === 'username' ? r.username : r.id, id: r.id }),
    toUser,
  );
}

// Read before and after every audited user change: compiled once rather than built per call.
const userById = preparedQuery((db, id: number) => selectUsers(db).where('users.id', '=', id));

export async function getUser(db: Db, id: number): Promise<User> {
  const [row] = (await userById(db, id)).rows;
  if (!row) throw new DomainError('USER_NOT_FOUND');
  return toUser(row);
}

/** A user with what a password check needs: the hash, and the credentials epoch a new session will carry. */
export type UserWithSecret = User & { passwordHash: string; credentialsEpoch: number };

export async function findUserByUsername(db: Db, username: string): Promise<UserWithSecret | null> {
  const row = await selectUsers(db).where('users.username', '=', username).executeTakeFirst();
  return row
    ? { ...toUser(row), passwordHash: row.password_hash, credentialsEpoch: row.credentials_epoch }
    : null;
}

/** Like findUserByUsername, by id. */
export async function findUserWithSecret(db: Db, id: number): Promise<UserWithSecret | null> {
  const [row] = (await userById(db, id)).rows;
  return row
    ? { ...toUser(row), passwordHash: row.password_hash, credentialsEpoch: row.credentials_epoch }
    : null;
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function checkUnit(db: Db, role: Role, unitId: number | null): Promise<void> {
  if (unitId === null) {
    if (ROLES_NEEDING_UNIT.includes(role)) {
      throw new DomainError('UNIT_REQUIRED', {
        errors: [{ path: '/body/unitId', message: `role ${role} needs a unit` }],
      });
    }
    return;
  }
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', { detail: `unit ${unitId}` });
}

export interface CreateUserInput {
  username: string;
  displayName?: string;
  role: Role;
  unitId?: number | null;
  password: string;
}

/**
 * Creates a user (password hashed with argon2id) and records it in the audit log, in one transaction.
 * Used by the users route, the command line, the first start and demo seeding.
 */
export async function createUser(db: Kysely<Database>, actor: Actor, input: CreateUserInput): Promise<User> {
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new DomainError('VALIDATION_FAILED', {
      errors: [{ path: '/body/role', message: `unknown role ${input.role}` }],
    });
  }
  const unitId = input.unitId ?? null;
  const passwordHash = await hashPassword(input.password);
  return withTransaction(db, async (trx) => {
    await checkUnit(trx, input.role, unitId);
    let id: number;
    try {
      const row = await trx
        .insertInto('users')
        .values({
          username: input.username,
          display_name: input.displayName ?? input.username,
          password_hash: passwordHash,
          role: input.role,
          unit_id: unitId,
          disabled: 0,
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('USERNAME_TAKEN', { detail: input.username });
      throw err;
    }
    const user = await getUser(trx, id);
    await audited(trx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      before: null,
      after: user,
    });
    return user;
  });
}

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  unitId?: number | null;
  disabled?: boolean;
  password?: string;
}

/**
 * Changes a user. A new password, disabling, or a new role or unit ends all their sessions and API tokens (see
 * endCredentials); enabling again revives none. Audited (without secrets).
 */
export async function updateUser(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: UpdateUserInput,
): Promise<User> {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return withTransaction(db, async (trx) => {
    // Locked before it is read, so the audit row's "before" is the state this write replaced (PostgreSQL).
    await lockRows(trx, 'users', [id]);
    const before = await getUser(trx, id);
    const role = input.role ?? before.role;
    const unitId = input.unitId === undefined ? before.unitId : input.unitId;
    if (input.role !== undefined || input.unitId !== undefined) await checkUnit(trx, role, unitId);
    const losesAdmin =
      before.role === 'admin' &&
      !before.disabled &&
      (input.disabled === true || (input.role ?? 'admin') !== 'admin');
    if (losesAdmin) {
      const others = await trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .where('id', '!=', id)
        .executeTakeFirst();
      // Without an enabled admin nobody could manage accounts any more, short of the command line.
      if (!others) throw new DomainError('LAST_ADMIN');
    }
    const changes: Partial<UserRow> = {};
    if (input.displayName !== undefined) changes.display_name = input.displayName;
    if (input.role !== undefined) changes.role = input.role;
    if (input.unitId !== undefined) changes.unit_id = input.unitId;
    if (input.disabled !== undefined) changes.disabled = toFlag(input.disabled);
    if (passwordHash !== undefined) changes.password_hash = passwordHash;
    if (Object.keys(changes).length > 0)
      await trx.updateTable('users').set(changes).where('id', '=', id).execute();
    const reasons: CredentialsEndReason[] = [];
    if (passwordHash !== undefined) reasons.push('password');
    if (input.disabled === true) reasons.push('disabled');
    if (input.role !== undefined && input.role !== before.role) reasons.push('role');
    if (input.unitId !== undefined && input.unitId !== before.unitId) reasons.push('unit');
    const after = await getUser(trx, id);
    await audited(trx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      ...changeOf(before, passwordHash === undefined ? after : { ...after, passwordChanged: true }),
    });
    if (reasons.length > 0) await endCredentials(trx, actor, id, reasons);
    return after;
  });
}
