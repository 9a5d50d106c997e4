import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { createTestApp, createTestDatabase, TEST_DB, type Session, type TestApp } from '../test/harness.js';
import { secondInstance } from '../test/second-instance.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { migrateToLatest } from '../db/database.js';
import { migrations } from '../db/migrations/index.js';
import { createApiToken } from '../tokens/service.js';
import { findUserByUsername, updateUser } from '../users/service.js';
import type { User } from '../users/schemas.js';
import { createSession, findSession } from './sessions.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs('admin');
});
afterAll(() => t.close());

/** A user with a browser session and an API token, both checked to work (and so cached, where caching is on). */
async function userWithCredentials(role: User['role'] = 'leader', opts: { unitId?: number } = {}) {
  const user = await t.createUser(role, opts);
  const session = await t.login(user.username);
  const { token } = await createApiToken(t.db, SYSTEM_ACTOR, user.id, 'script');
  const bearer = { authorization: `Bearer ${token}` };
  expect(await status(session.headers)).toBe(200);
  expect(await status(bearer)).toBe(200);
  return { user, session, bearer };
}

const status = async (headers: Record<string, string>) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers })).statusCode;

const patchUser = (id: number, body: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.headers, payload: body });

describe(`a user's sessions and API tokens end (${TEST_DB})`, () => {
  it('when an admin changes the password: token and session → 401; the new password logs in', async () => {
    const { user, session, bearer } = await userWithCredentials();
    expect((await patchUser(user.id, { password: 'a brand new password' })).statusCode).toBe(200);
    expect(await status(bearer)).toBe(401);
    expect(await status(session.headers)).toBe(401);
    const again = await t.login(user.username, 'a brand new password');
    expect(await status(again.headers)).toBe(200);
  });

  it('when the user is disabled, and re-enabling revives neither the session nor the token', async () => {
    const { user, session, bearer } = await userWithCredentials();
    expect((await patchUser(user.id, { disabled: true })).statusCode).toBe(200);
    expect(await status(bearer)).toBe(401);
    expect(await status(session.headers)).toBe(401);
    expect((await patchUser(user.id, { disabled: false })).statusCode).toBe(200);
    expect(await status(bearer)).toBe(401);
    expect(await status(session.headers)).toBe(401);
    // The token says so in the owner's list, and the owner can log in again with a new session.
    const fresh = await t.login(user.username);
    expect(await status(fresh.headers)).toBe(200);
    const tokens = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: fresh.headers });
    expect(tokens.json<{ items: { revokedAt: string | null }[] }>().items).toEqual([
      expect.objectContaining({ revokedAt: expect.any(String) }),
    ]);
  });

  it('when the role changes', async () => {
    const { user, session, bearer } = await userWithCredentials('leader');
    expect((await patchUser(user.id, { role: 'secretariat' })).statusCode).toBe(200);
    expect(await status(session.headers)).toBe(401);
    expect(await status(bearer)).toBe(401);
  });

  it('when the unit changes', async () => {
    const unitA = await t.createUnit('凭据测试单位甲');
    const unitB = await t.createUnit('凭据测试单位乙');
    const { user, session, bearer } = await userWithCredentials('unit_officer', { unitId: unitA });
    expect((await patchUser(user.id, { unitId: unitB })).statusCode).toBe(200);
    expect(await status(session.headers)).toBe(401);
    expect(await status(bearer)).toBe(401);
  });

  it('but not when only the display name changes, or the role and unit are set to what they were', async () => {
    const { user, session, bearer } = await userWithCredentials('leader');
    const res = await patchUser(user.id, { displayName: '新名字', role: 'leader', unitId: null });
    expect(res.statusCode).toBe(200);
    expect(await status(session.headers)).toBe(200);
    expect(await status(bearer)).toBe(200);
  });

  it('and the audit log records each revocation with its reason', async () => {
    const { user } = await userWithCredentials();
    await t.login(user.username); // a second session
    await patchUser(user.id, { disabled: true });
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'actor_user_id', 'after_json'])
      .where('action', 'in', ['session.revoke', 'api_token.revoke'])
      .where('actor_user_id', '=', admin.user.id)
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    const parsed = rows.map((r) => ({ ...r, after: JSON.parse(r.after_json!) as Record<string, unknown> }));
    expect(parsed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'session.revoke',
          entity_type: 'user',
          after: { sessionsEnded: 2, reason: 'disabled' },
        }),
        expect.objectContaining({
          action: 'api_token.revoke',
          entity_type: 'api_token',
          after: expect.objectContaining({ reason: 'disabled', revokedAt: expect.any(String) }),
        }),
      ]),
    );
  });

  it('including a session a login was creating with the old password at that moment', async () => {
    const user = await t.createUser('leader');
    // The login read the user (and checked the old password) …
    const found = (await findUserByUsername(t.db, user.username))!;
    // … the password changes before its session is written …
    await updateUser(t.db, SYSTEM_ACTOR, user.id, { password: 'changed meanwhile' });
    // … so the session it then writes is dead on arrival.
    const late = await createSession(t.db, user, found.credentialsEpoch, 12, Date.now());
    expect(await findSession(t.db, late.cookieValue, Date.now())).toBeNull();
  });

  it('and a token asked for by a session that has just ended is not issued', async () => {
    const user = await t.createUser('leader');
    const epoch = (await findUserByUsername(t.db, user.username))!.credentialsEpoch;
    await updateUser(t.db, SYSTEM_ACTOR, user.id, { disabled: true });
    await updateUser(t.db, SYSTEM_ACTOR, user.id, { disabled: false });
    await expect(createApiToken(t.db, SYSTEM_ACTOR, user.id, 'late', epoch)).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
    });
    const tokens = await t.db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(tokens).toEqual([]);
  });

  it('at once on another server process that had them cached', async () => {
    const other = await secondInstance(t);
    try {
      const { user, session, bearer } = await userWithCredentials();
      const viaOther = async (headers: Record<string, string>) =>
        (await other.app.inject({ method: 'GET', url: '/api/v1/tokens', headers })).statusCode;
      expect(await viaOther(session.headers)).toBe(200);
      expect(await viaOther(bearer)).toBe(200);
      expect(await viaOther(session.headers)).toBe(200); // now from the other process's cache
      expect((await patchUser(user.id, { disabled: true })).statusCode).toBe(200);
      expect(await viaOther(session.headers)).toBe(401);
      expect(await viaOther(bearer)).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('the accounts migration', () => {
  it('revokes the tokens of users disabled before it, so that re-enabling them revives nothing', async () => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      const migrator = new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve(migrations) },
      });
      const before = Object.keys(migrations).filter((m) => m < '2026113003');
      expect((await migrator.migrateTo(before.at(-1)!)).error).toBeUndefined();
      const now = new Date().toISOString();
      const insertUser = (username: string, disabled: number) =>
        db
          .insertInto('users')
          .values({
            username,
            display_name: username,
            password_hash: 'x',
            role: 'leader',
            unit_id: null,
            disabled,
            created_at: now,
          } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
      const off = await insertUser('was-disabled', 1);
      const on = await insertUser('enabled', 0);
      for (const [u, hash] of [
        [off.id, 'h1'],
        [on.id, 'h2'],
      ] as const) {
        await db
          .insertInto('api_tokens')
          .values({
            user_id: u,
            name: 't',
            token_hash: hash,
            prefix: 'lsk_x',
            created_at: now,
            last_used_at: null,
            revoked_at: null,
          } as never)
          .execute();
      }
      await migrateToLatest(db);
      const tokens = await db
        .selectFrom('api_tokens')
        .select(['user_id', 'revoked_at'])
        .orderBy('user_id')
        .execute();
      expect(tokens).toEqual([
        { user_id: off.id, revoked_at: expect.any(String) },
        { user_id: on.id, revoked_at: null },
      ]);
    } finally {
      await tdb.drop();
    }
  });
});
