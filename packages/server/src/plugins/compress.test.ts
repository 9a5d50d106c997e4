import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness.js';
import { COMPRESS_THRESHOLD, negotiateEncoding } from './compress.js';

describe('negotiateEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['deflate', null],
    ['identity', null],
    ['', null],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0.5, gzip;q=0.5', 'br'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['gzip;q=0, br;q=0', null],
    ['GZIP ; Q=0.8', 'gzip'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it('answers no header with identity', () => {
    expect(negotiateEncoding(undefined)).toBeNull();
  });
});

describe('compressed API responses', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let planUrl: string;
  // A plan whose JSON is well above the threshold.
  const PLAN = [
    '压缩测试方案',
    '一、主要任务',
    ...Array.from(
      { length: 30 },
      (_, i) => `（${i + 1}）第${i + 1}项任务：推进电子商务发展。（牵头单位：压缩测试单位）`,
    ),
  ].join('\n');

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.bearerFor('admin')).headers;
    const imp = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: admin,
      payload: { text: PLAN },
    });
    expect(imp.statusCode).toBe(201);
    const conf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.json<{ id: number }>().id}/confirm`,
      headers: admin,
      payload: {},
    });
    planUrl = `/api/v1/plans/${conf.json<{ planId: number }>().planId}`;
  });
  afterAll(() => t.close());

  const get = (url: string, acceptEncoding?: string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: acceptEncoding === undefined ? admin : { ...admin, 'accept-encoding': acceptEncoding },
    });
  const decode = (res: LightMyRequestResponse): string => {
    const encoding = res.headers['content-encoding'];
    if (encoding === 'br') return zlib.brotliDecompressSync(res.rawPayload).toString('utf8');
    if (encoding === 'gzip') return zlib.gunzipSync(res.rawPayload).toString('utf8');
    expect(encoding).toBeUndefined();
    return res.rawPayload.toString('utf8');
  };

  it('sends identity when the client asks for no encoding, saying the answer varies with Accept-Encoding', async () => {
    const res = await get(planUrl);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeGreaterThan(COMPRESS_THRESHOLD);
    expect(res.json<{ nodes: unknown[] }>().nodes.length).toBeGreaterThan(0);
    const identity = await get(planUrl, 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body).toBe(res.body);
  });

  it.each(['br', 'gzip'])('sends %s when asked, smaller and decoding to the same JSON', async (encoding) => {
    const plain = await get(planUrl);
    const res = await get(planUrl, encoding === 'br' ? 'gzip, deflate, br' : 'gzip, deflate');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(decode(res)).toBe(plain.body);
  });

  it('leaves responses below the threshold as they are', async () => {
    const res = await get('/api/v1/health', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(COMPRESS_THRESHOLD);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('compresses the OpenAPI document, a large public JSON', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/openapi.json',
      headers: { 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decode(res))).toHaveProperty('openapi');
  });

  it.runIf(TEST_DB === 'sqlite')(
    'keeps the read cache working: one cached body serves every encoding',
    async () => {
      await t.db.updateTable('plans').set({ title: '压缩测试方案（改）' }).execute(); // start from a miss
      const first = await get(planUrl, 'br');
      expect(first.headers['x-luoshi-cache']).toBe('miss');
      const responses = [
        await get(planUrl, 'br'),
        await get(planUrl, 'gzip'),
        await get(planUrl),
        await get(planUrl, 'br'),
      ];
      for (const res of responses) {
        expect(res.headers['x-luoshi-cache']).toBe('hit');
        expect(decode(res)).toBe(decode(first));
      }
      expect(responses.map((r) => r.headers['content-encoding'])).toEqual(['br', 'gzip', undefined, 'br']);
      expect(JSON.parse(decode(first))).toMatchObject({ title: '压缩测试方案（改）' });
    },
  );
});
