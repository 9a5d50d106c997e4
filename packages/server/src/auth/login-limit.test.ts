import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, TEST_DB, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { secondInstance } from '../test/second-instance.js';

/** The app's clock, moved by the tests. */
let now = Date.parse('2026-11-30T08:00:00.000Z');
const clock = () => now;

let t: TestApp;
beforeAll(async () => {
  // Behind a proxy, as in production: the client address comes from X-Forwarded-For.
  t = await createTestApp({ trustProxy: true }, { clock });
});
afterAll(() => t.close());

const attempt = (app: FastifyInstance, username: string, password: string, client: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: '10.9.9.9',
    headers: { 'x-forwarded-for': client },
    payload: { username, password },
  });

const codes = (responses: LightMyRequestResponse[]) => {
  const n = new Map<number, number>();
  for (const r of responses) n.set(r.statusCode, (n.get(r.statusCode) ?? 0) + 1);
  return Object.fromEntries(n);
};

const failureRows = async () =>
  Number(
    (
      await t.db
        .selectFrom('login_failures')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`the login limit per account, across addresses (${TEST_DB})`, () => {
  it('stops 200 guesses from 20 addresses after the account limit, with a zh/en 429; the window then reopens', async () => {
    const user = await t.createUser('admin');
    const perAccount = t.config.loginMaxAccountFailures;
    const perAddress = t.config.loginMaxFailures;
    expect([perAddress, perAccount]).toEqual([10, 50]); // the defaults
    const responses: LightMyRequestResponse[] = [];
    for (let a = 0; a < 20; a++)
      for (let i = 0; i < perAddress; i++)
        responses.push(await attempt(t.app, user.username, `guess-${a}-${i}`, `203.0.113.${a}`));
    expect(codes(responses)).toEqual({ 401: perAccount, 429: 200 - perAccount });

    const blocked = responses.at(-1)!;
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json()).toMatchObject({
      status: 429,
      code: 'LOGIN_RATE_LIMITED',
      message: { zh: expect.stringMatching(/登录失败次数过多/), en: expect.stringMatching(/Too many/) },
    });
    // The right password from an address never seen is refused too while the account's failures are in the window.
    expect((await attempt(t.app, user.username, TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(429);

    now += t.config.loginWindowMinutes * 60_000 + 1;
    expect((await attempt(t.app, user.username, TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
  });

  it('counts per address and username too, and a success forgets only that address’s failures', async () => {
    const user = await t.createUser('leader');
    const max = t.config.loginMaxFailures;
    for (let i = 0; i < max; i++)
      expect((await attempt(t.app, user.username, 'wrong', '192.0.2.1')).statusCode).toBe(401);
    expect((await attempt(t.app, user.username, TEST_PASSWORD, '192.0.2.1')).statusCode).toBe(429);
    // Another address still may, and its success does not lift the first address's block.
    expect((await attempt(t.app, user.username, 'wrong', '192.0.2.2')).statusCode).toBe(401);
    expect((await attempt(t.app, user.username, TEST_PASSWORD, '192.0.2.2')).statusCode).toBe(200);
    expect((await attempt(t.app, user.username, TEST_PASSWORD, '192.0.2.1')).statusCode).toBe(429);
    // Usernames differing in case are one account to the limit.
    expect((await attempt(t.app, user.username.toUpperCase(), TEST_PASSWORD, '192.0.2.1')).statusCode).toBe(
      429,
    );
  });

  it('keeps no failure older than the window: each write prunes them', async () => {
    const user = await t.createUser('leader');
    for (let i = 0; i < 3; i++) await attempt(t.app, user.username, 'wrong', '192.0.2.50');
    expect(await failureRows()).toBeGreaterThanOrEqual(3);
    now += t.config.loginWindowMinutes * 60_000 + 1;
    await attempt(t.app, 'someone-else', 'wrong', '192.0.2.51');
    expect(await failureRows()).toBe(1);
  });

  it('refused attempts leave no row, so a flood of them cannot grow the table', async () => {
    now += t.config.loginWindowMinutes * 60_000 + 1;
    const user = await t.createUser('leader');
    for (let i = 0; i < t.config.loginMaxFailures + 30; i++)
      await attempt(t.app, user.username, 'wrong', '192.0.2.60');
    expect(await failureRows()).toBe(t.config.loginMaxFailures);
  });
});

describe(`the login limit is shared by every server process on the database (${TEST_DB})`, () => {
  it('two app instances on one database: failures on either count on both', async () => {
    const other = await secondInstance(t, { clock });
    try {
      const user = await t.createUser('leader');
      const max = t.config.loginMaxFailures;
      for (let i = 0; i < max; i++) {
        const app = i % 2 === 0 ? t.app : other.app;
        expect((await attempt(app, user.username, 'wrong', '192.0.2.9')).statusCode).toBe(401);
      }
      expect((await attempt(t.app, user.username, TEST_PASSWORD, '192.0.2.9')).statusCode).toBe(429);
      expect((await attempt(other.app, user.username, TEST_PASSWORD, '192.0.2.9')).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('parallel guesses from many addresses through two instances check no more passwords than the limit', async () => {
    const other = await secondInstance(t, { clock });
    try {
      const user = await t.createUser('leader');
      now += t.config.loginWindowMinutes * 60_000 + 1; // earlier tests' failures leave the window …
      await attempt(t.app, 'prune-now', TEST_PASSWORD, '192.0.2.99'); // … and are pruned
      const rowsBefore = await failureRows();
      const guesses = Array.from({ length: 120 }, (_, i) =>
        attempt(i % 2 ? other.app : t.app, user.username, `guess-${i}`, `198.51.100.${i % 12}`),
      );
      const responses = await Promise.all(guesses);
      const n = codes(responses);
      // Each 401 is a password that was checked: never more than the account's limit, however many arrive at once
      // (in a burst the attempts in flight count each other, so fewer may be checked — the limit errs on refusing).
      expect((n[401] ?? 0) + (n[429] ?? 0)).toBe(120);
      expect(n[401] ?? 0).toBeLessThanOrEqual(t.config.loginMaxAccountFailures);
      // What stays counted is exactly the passwords checked: a refused attempt leaves no row.
      expect(await failureRows()).toBe(rowsBefore + (n[401] ?? 0));
    } finally {
      await other.close();
    }
  });
});
