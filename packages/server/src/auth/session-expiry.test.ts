import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type Session, type TestApp } from '../test/harness.js';

/** The app's clock, moved by the tests. */
let now = Date.parse('2026-11-30T08:00:00.000Z');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ sessionTtlHours: 12 }, { clock: () => now });
});
afterAll(() => t.close());

const me = async (s: Session) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode;

const expiresAt = async (s: Session) =>
  Date.parse(
    (
      await t.db
        .selectFrom('sessions')
        .select('expires_at')
        .where('user_id', '=', s.user.id)
        .executeTakeFirstOrThrow()
    ).expires_at,
  );

describe(`a session is refused the moment it expires (${TEST_DB})`, () => {
  it('lasts the configured hours from login, to the millisecond', async () => {
    const s = await t.loginAs('leader');
    expect(await expiresAt(s)).toBe(now + 12 * 3600_000);
    now += 12 * 3600_000 - 1;
    expect(await me(s)).toBe(200);
    now += 1;
    expect(await me(s)).toBe(401);
  });

  it('even when the credential cache holds it (checked a moment before, well within the cache’s minute)', async () => {
    const s = await t.loginAs('leader');
    // An expiry 30 s away: what the cache remembers must not outlive it.
    const soon = new Date(now + 30_000).toISOString();
    await t.db.updateTable('sessions').set({ expires_at: soon }).where('user_id', '=', s.user.id).execute();
    expect(await me(s)).toBe(200); // looked up, and remembered
    now += 29_999;
    expect(await me(s)).toBe(200);
    now += 1;
    expect(await me(s)).toBe(401);
    // And on writes, not only reads.
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: s.headers,
      payload: { name: 'late' },
    });
    expect(write.statusCode).toBe(401);
  });

  it('when its expiry is set in the past in the database', async () => {
    const s = await t.loginAs('leader');
    expect(await me(s)).toBe(200);
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(now - 1).toISOString() })
      .where('user_id', '=', s.user.id)
      .execute();
    expect(await me(s)).toBe(401);
  });
});
