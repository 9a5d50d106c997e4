import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { MAX_ID } from '../common-schemas.js';
import { MAX_JSON_DEPTH } from '../plugins/input-guard.js';

/**
 * The input boundaries every route shares, on both engines: ids within their column's range, no NUL characters
 * or invalid UTF-8, and the framework's own refusals (bad URL, parser errors, multipart errors, 404/405) answered
 * as problems like every other error.
 */
let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.loginAs('admin')).headers;
});
afterAll(() => t.close());

interface ProblemBody {
  code: string;
  status: number;
  message: { zh: string; en: string };
  errors?: { path: string; message: string }[];
}

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
): ProblemBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = JSON.parse(res.body) as ProblemBody;
  expect(body).toMatchObject({
    status,
    code,
    message: { zh: expect.any(String), en: expect.any(String) },
  });
  return body;
}

const unitNames = async () =>
  (await t.db.selectFrom('units').select('name').execute()).map((r) => r.name).sort();

describe('ids are bounded by their column (32-bit integers)', () => {
  const outOfRange = [String(MAX_ID + 1), '1e308', '0', '-1', '99999999999999999999'];

  it('refuses an out-of-range id in the path with 400, and takes the largest one', async () => {
    for (const id of outOfRange) {
      for (const url of [`/api/v1/plans/${id}`, `/api/v1/units/${id}`, `/api/v1/imports/${id}`]) {
        expectProblem(await t.app.inject({ method: 'GET', url, headers: admin }), 400, 'VALIDATION_FAILED');
      }
    }
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/api/v1/plans/${MAX_ID}`, headers: admin }),
      404,
      'PLAN_NOT_FOUND',
    );
  });

  it('refuses an out-of-range id in a body or a query with 400', async () => {
    const unit = await t.createUnit('边界测试单位');
    for (const big of [MAX_ID + 1, 1e308, 2 ** 53]) {
      const merge = await t.app.inject({
        method: 'POST',
        url: `/api/v1/units/${unit}/merge`,
        headers: admin,
        payload: { intoUnitId: big },
      });
      expect(expectProblem(merge, 400, 'VALIDATION_FAILED').errors?.[0]?.path).toBe('/body/intoUnitId');
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: admin,
          payload: {
            username: 'big',
            displayName: 'x',
            role: 'leader',
            unitId: big,
            password: 'long enough pw',
          },
        }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit?before=1e308', headers: admin });
    expect(expectProblem(audit, 400, 'VALIDATION_FAILED').errors?.[0]?.path).toBe('/querystring/before');
  });

  it('gives every integer in every request schema a range within 32 bits', () => {
    const unbounded: string[] = [];
    const walk = (schema: unknown, where: string) => {
      if (schema === null || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if (s.type === 'integer') {
        const ok =
          typeof s.minimum === 'number' &&
          typeof s.maximum === 'number' &&
          s.minimum >= -(2 ** 31) &&
          s.maximum <= MAX_ID;
        if (!ok) unbounded.push(where);
      }
      for (const [key, child] of Object.entries(s)) walk(child, `${where}/${key}`);
    };
    for (const route of t.app.registeredRoutes) {
      const schema = route.schema as Record<string, unknown> | undefined;
      for (const part of ['params', 'querystring', 'body'])
        walk(schema?.[part], `${route.method} ${route.url} ${part}`);
    }
    expect(unbounded).toEqual([]);
  });
});

describe('NUL characters and invalid text are refused with 400', () => {
  it('refuses NUL in a JSON string, a field name, a query value and a path parameter; nothing stored', async () => {
    const before = await unitNames();
    const create = (payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/units', headers: admin, payload: payload as object });
    const nulName = expectProblem(await create({ name: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
    expect(nulName.errors).toEqual([{ path: '/body/name', message: expect.stringMatching(/NUL/) }]);
    const nulAlias = expectProblem(
      await create({ name: 'ok', aliases: ['x', 'y\u0000'] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(nulAlias.errors?.[0]?.path).toBe('/body/aliases/1');
    expectProblem(await create({ name: 'ok', ['k\u0000']: 1 }), 400, 'VALIDATION_FAILED');
    expect(await unitNames()).toEqual(before);

    expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/audit?actor=a%00b', headers: admin }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/imports/1/nodes/0%00',
        headers: admin,
        payload: {},
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses NUL in the login name (anonymous) with 400, not a database error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin\u0000', password: 'x' },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('refuses an unpaired surrogate escape (it would be stored as U+FFFD)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"name":"单位\\ud800"}',
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('refuses invalid UTF-8 in a JSON body with 400 INVALID_UTF8 instead of storing U+FFFD', async () => {
    const before = await unitNames();
    const payload = Buffer.concat([
      Buffer.from('{"name":"单位'),
      Buffer.from([0xe5, 0x8d]),
      Buffer.from('"}'),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { ...admin, 'content-type': 'application/json; charset=utf-8' },
      payload,
    });
    expectProblem(res, 400, 'INVALID_UTF8');
    expect(await unitNames()).toEqual(before);
    // Valid UTF-8, with a byte-order mark, still works.
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"有效单位"}')]),
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses bodies nested deeper than MAX_JSON_DEPTH with 400 JSON_TOO_DEEP, before parsing them', async () => {
    // 4 MiB of brackets: JSON.parse alone would block the server for seconds on it.
    const depth = 2 * 1024 * 1024;
    const post = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/units',
        headers: { ...admin, 'content-type': 'application/json' },
        payload,
      });
    for (const payload of [
      '['.repeat(depth) + ']'.repeat(depth),
      '{"a":'.repeat(depth / 4) + '1' + '}'.repeat(depth / 4),
      `{"name":"x","aliases":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`,
    ]) {
      expectProblem(await post(payload), 400, 'JSON_TOO_DEEP');
    }
    // Brackets inside strings are text, not nesting.
    const text = await post(JSON.stringify({ name: `括号${'['.repeat(100)}` }));
    expect(text.statusCode, text.body).toBe(201);
  });
});

describe('malformed multipart uploads are the client’s error', () => {
  const B = 'luoshi-boundary';
  const field = (name: string, value: string) =>
    `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const file = (fileName: string, content: string) =>
    `--${B}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    `Content-Type: text/plain\r\n\r\n${content}\r\n`;
  const upload = (contentType: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin, 'content-type': contentType },
      payload,
    });
  const withBoundary = `multipart/form-data; boundary=${B}`;

  it('answers each malformation with its 4xx problem', async () => {
    const before = await t.db.selectFrom('imports').select('id').execute();
    const cases: [string, string, string, number, string][] = [
      ['no boundary', 'multipart/form-data', file('a.txt', 'x') + `--${B}--\r\n`, 400, 'MALFORMED_MULTIPART'],
      [
        'boundary over 256 bytes',
        `multipart/form-data; boundary=${'b'.repeat(300)}`,
        'x',
        400,
        'MALFORMED_MULTIPART',
      ],
      [
        'truncated inside a file',
        withBoundary,
        file('a.txt', 'abc').slice(0, -2),
        400,
        'MALFORMED_MULTIPART',
      ],
      [
        'too many fields',
        withBoundary,
        Array.from({ length: 30 }, (_, i) => field(`f${i}`, 'v')).join('') + `--${B}--\r\n`,
        413,
        'TOO_MANY_PARTS',
      ],
      [
        'two files',
        withBoundary,
        file('a.txt', 'x') + file('b.txt', 'y') + `--${B}--\r\n`,
        413,
        'TOO_MANY_PARTS',
      ],
      [
        'a prototype field name',
        withBoundary,
        field('__proto__', 'x') + `--${B}--\r\n`,
        400,
        'MALFORMED_MULTIPART',
      ],
      ['no file part', withBoundary, `--${B}--\r\n`, 400, 'VALIDATION_FAILED'],
      [
        'an out-of-range planId',
        withBoundary,
        field('planId', String(MAX_ID + 1)) + file('a.txt', 'x') + `--${B}--\r\n`,
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a NUL in the file name',
        withBoundary,
        file('a\u0000.txt', 'x') + `--${B}--\r\n`,
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [name, type, payload, status, code] of cases) {
      const res = await upload(type, payload);
      expect(`${name}: ${res.statusCode} ${JSON.parse(res.body).code}`).toBe(`${name}: ${status} ${code}`);
      expectProblem(res, status, code);
    }
    expect(await t.db.selectFrom('imports').select('id').execute()).toEqual(before);
  });
});

describe('the framework’s own refusals are problems too', () => {
  it('bad percent-encoding in the path → 400 BAD_URL', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/plans/%E0%A4%A' }), 400, 'BAD_URL');
  });

  it('a path parameter over the router’s length limit → 414 URI_TOO_LONG', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${'1'.repeat(200)}`, payload: {} });
    expectProblem(res, 414, 'URI_TOO_LONG');
  });

  it('a path that exists with other methods → 405 with Allow; an unknown path → 404', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/login' });
    expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('POST');
    const plan = await t.app.inject({ method: 'POST', url: '/api/v1/plans/12', payload: {} });
    expectProblem(plan, 405, 'METHOD_NOT_ALLOWED');
    expect(String(plan.headers.allow).split(', ')).toEqual(expect.arrayContaining(['GET', 'PATCH']));
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/plans/12/nothing' }), 404, 'NOT_FOUND');
  });
});

describe('requests Node’s HTTP parser refuses get a problem document on the socket', () => {
  let port: number;
  beforeAll(async () => {
    // The same app on a real socket: inject() bypasses Node's HTTP parser.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });

  /** Sends raw bytes, returns the status line, the headers and the body of the answer. */
  function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = data.split('\r\n\r\n');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const headers = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
      });
    });
  }

  it.each([
    [
      'headers over the size limit',
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'a URL over the size limit',
      `GET /api/v1/health?${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400, 'BAD_REQUEST'],
    ['a malformed header', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n', 400, 'BAD_REQUEST'],
    [
      'an invalid Content-Length',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      400,
      'BAD_REQUEST',
    ],
  ])('%s → %i %s', async (_name, request, status, code) => {
    const res = await raw(request);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(res.body)).toMatchObject({ status, code, message: { zh: expect.any(String) } });
  });
});
