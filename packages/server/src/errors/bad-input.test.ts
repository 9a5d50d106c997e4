import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, execAsOwner, type TestApp } from '../test/harness.js';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.loginAs('admin')).headers;
});
afterAll(() => t.close());

/** Every error is problem+json with a stable code and both languages' messages. */
function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json()).toMatchObject({
    status,
    code,
    title: expect.any(String),
    type: expect.any(String),
    message: { zh: expect.any(String), en: expect.any(String) },
  });
}

describe('bad input gets a 4xx problem, never a 500', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"username": "x",',
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('an empty JSON body where one is required → 400 MALFORMED_JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('wrong types, missing and unknown fields → 400 VALIDATION_FAILED naming each field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { username: ['x'], role: 'leader', password: 12345678901, surprise: true },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const paths = res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/body/username', '/body/displayName', '/body/password', '/body/surprise']),
    );
  });

  it('null is not silently turned into a string or number', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin,
      payload: { name: null },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('a JSON array or string where an object is expected → 400 VALIDATION_FAILED', async () => {
    for (const payload of ['[]', '"text"', 'null', '42']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(['VALIDATION_FAILED', 'MALFORMED_JSON'], payload).toContain(res.json<{ code: string }>().code);
    }
  });

  it('a non-numeric id in the path → 400 VALIDATION_FAILED; an unknown id → 404 with the entity’s code', async () => {
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/users/abc',
        headers: admin,
        payload: { displayName: 'x' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/users/999999',
        headers: admin,
        payload: { displayName: 'x' },
      }),
      404,
      'USER_NOT_FOUND',
    );
    expectProblem(
      await t.app.inject({ method: 'DELETE', url: '/api/v1/tokens/999999', headers: admin }),
      404,
      'TOKEN_NOT_FOUND',
    );
  });

  it('a body over the 10 MiB limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(t.config.bodyLimit + 1) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: big,
    });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an uploaded file over the 10 MiB limit → 413 PAYLOAD_TOO_LARGE, nothing stored', async () => {
    const boundary = 'luoshi-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const body = Buffer.concat([
      Buffer.from(head),
      Buffer.alloc(t.config.bodyLimit + 1024, 0x61),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const before = await t.db.selectFrom('imports').select('id').execute();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(await t.db.selectFrom('imports').select('id').execute()).toEqual(before);
  });

  it('a content type the API does not take → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload: 'username=admin&password=x',
      });
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('an unknown route → 404 NOT_FOUND', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v2/x', payload: {} }), 404, 'NOT_FOUND');
  });

  it('a query parameter of the wrong type → 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=lots', headers: admin });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('/querystring/limit');
  });
});

describe('a 5xx reveals nothing of what failed inside', () => {
  it('answers 500 INTERNAL with the generic message, without SQL or stack', async () => {
    const t2 = await createTestApp();
    try {
      const h = (await t2.loginAs('admin')).headers;
      // Break the database under the app: the audit insert of the next write fails.
      await execAsOwner(t2.testDb, 'drop table audit_log');
      const res = await t2.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: h,
        payload: { username: 'someone', displayName: 'x', role: 'leader', password: 'long enough pw' },
      });
      expectProblem(res, 500, 'INTERNAL');
      expect(res.body).not.toMatch(/audit_log|sqlite|relation|stack|at /i);
      expect(res.json<{ detail?: string }>().detail).toBeUndefined();
      // The failed audit rolled the write back.
      const row = await t2.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'someone')
        .executeTakeFirst();
      expect(row).toBeUndefined();
    } finally {
      await t2.close();
    }
  });
});
