import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { createApiToken } from '../tokens/service.js';
import { confirmImport, createImport } from '../imports/imports-service.js';
import { updatePlan } from '../plans/plans-service.js';
import {
  BAD_PATH_VALUES,
  BAD_QUERY_VALUES,
  badValues,
  multipartBodies,
  operationsOf,
  prng,
  rawBodies,
  validInstance,
  type FuzzRequest,
  type JsonSchema,
  type Operation,
} from '../test/fuzz-cases.js';

/**
 * A fuzz test generated from /api/v1/openapi.json: every operation in the document, called anonymously, with a
 * session (cookie + CSRF token) and with a bearer token, with a valid request and then with wrong types,
 * out-of-range numbers, NUL characters, invalid UTF-8, huge and deep bodies and malformed multipart. Whatever
 * it sends, the server must answer below 500, and every error must be problem+json with a code and zh/en
 * messages. Deterministic (fixed seed), so a failure reproduces. Runs on the engine LUOSHI_TEST_DB selects.
 */
const SEED = 0x1a05_2026;
/** Bad values tried per body field (drawn from `badValues` by the seeded PRNG). */
const VALUES_PER_FIELD = 8;

type Mode = 'anonymous' | 'session' | 'bearer';
const MODES: Mode[] = ['anonymous', 'session', 'bearer'];

/** Problem codes that say the request stopped before the operation's own logic: not proof it was reached. */
const GATE_CODES = new Set([
  'AUTH_REQUIRED',
  'FORBIDDEN',
  'CSRF_TOKEN_INVALID',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'INVALID_UTF8',
  'JSON_TOO_DEEP',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'BAD_URL',
  'URI_TOO_LONG',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'MALFORMED_MULTIPART',
  'TOO_MANY_PARTS',
  'BAD_REQUEST',
]);

const PLAN = [
  '模糊测试方案',
  '一、主要任务',
  '（一）第一项任务。到2015年，交易额突破100亿元。（牵头单位：模糊测试单位）',
  '（二）第二项任务。（牵头单位：模糊另一单位）',
].join('\n');

interface Fixtures {
  adminId: number;
  adminUsername: string;
  userId: number;
  unitId: number;
  mergeUnitId: number;
  planId: number;
  nodeId: number;
  targetId: number;
  importId: number;
  confirmImportId: number;
  discardImportId: number;
  /** An area to correct, and the city to add areas under. */
  areaId: number;
  cityAreaId: number;
}

let t: TestApp;
let doc: {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
let f: Fixtures;

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  doc = res.json();
  const admin = await t.createUser('admin');
  const other = await t.createUser('leader');
  const draft = async () =>
    (await createImport(t.db, SYSTEM_ACTOR, { text: PLAN, fileName: null, format: 'pasted', encoding: null }))
      .id;
  const unitId = await t.createUnit('模糊测试单位');
  const { planId } = await confirmImport(t.db, SYSTEM_ACTOR, await draft());
  const plan = await updatePlan(t.db, SYSTEM_ACTOR, planId, { published: true });
  f = {
    adminId: admin.id,
    adminUsername: admin.username,
    userId: other.id,
    unitId,
    mergeUnitId: await t.createUnit('模糊重复单位'),
    planId,
    nodeId: plan.nodes[0]!.children[0]!.id,
    targetId: plan.targets[0]!.id,
    importId: await draft(),
    confirmImportId: await draft(),
    discardImportId: await draft(),
    areaId: (
      await t.db.selectFrom('areas').select('id').where('code', '=', '440103').executeTakeFirstOrThrow()
    ).id,
    cityAreaId: (
      await t.db.selectFrom('areas').select('id').where('code', '=', '510100').executeTakeFirstOrThrow()
    ).id,
  };
});

/**
 * Valid bodies the schema alone cannot produce, because the fields must agree with stored data: an area's code,
 * level, parent and dates must fit the area tree. Each is still mutated field by field like any other.
 */
const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  'POST /api/v1/areas': () => ({
    code: '510100-Z99',
    name: '模糊测试功能区',
    level: 'functional_zone',
    parentId: f.cityAreaId,
    validFrom: '2020-01-01',
    validTo: null,
    aliases: ['模糊区'],
  }),
  'PATCH /api/v1/areas/{id}': () => ({ name: '荔湾区', aliases: ['荔湾'], validFrom: null, validTo: null }),
};
afterAll(() => t.close());

/** The fixture a path parameter names, by operation: ids of records that exist, so valid requests get through. */
function paramValue(op: Operation, name: string, ownTokenId: number): string {
  const p = op.path;
  if (name === 'nodeId') return String(f.nodeId);
  if (name === 'targetId') return String(f.targetId);
  if (name === 'path') return '0.0';
  if (name === 'index') return '0';
  if (p.startsWith('/api/v1/users/')) return String(f.userId);
  if (p.startsWith('/api/v1/areas/')) return String(f.areaId);
  if (p.startsWith('/api/v1/tokens/')) return String(ownTokenId);
  if (p.endsWith('/merge')) return String(f.mergeUnitId);
  if (p.startsWith('/api/v1/units/')) return String(f.unitId);
  if (p.endsWith('/confirm')) return String(f.confirmImportId);
  if (p === '/api/v1/imports/{id}' && op.method === 'DELETE') return String(f.discardImportId);
  if (p.startsWith('/api/v1/imports/')) return String(f.importId);
  return String(f.planId);
}

/** The requests for one operation in one mode, valid first. */
function requestsFor(op: Operation, auth: Record<string, string>, ownTokenId: number, r: () => number) {
  const resolve = (ref: string) => doc.components?.schemas?.[ref.split('/').at(-1)!] ?? {};
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const validParams = Object.fromEntries(pathParams.map((p) => [p.name, paramValue(op, p.name, ownTokenId)]));
  // A list's cursor is valid only as a page's nextCursor; the schema cannot make one, and empty means the first page.
  const validQuery = Object.fromEntries(
    queryParams.map((p) => [
      p.name,
      p.name === 'cursor' ? '' : String(validInstance(p.schema ?? {}, resolve)),
    ]),
  );
  const urlOf = (params: Record<string, string>, query: Record<string, string>) => {
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? '1');
    const qs = Object.entries(query)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    return qs ? `${path}?${qs}` : path;
  };
  const validUrl = urlOf(validParams, validQuery);
  const validBody = op.json
    ? (VALID_BODIES[`${op.method} ${op.path}`]?.() ??
      (validInstance(op.json, resolve) as Record<string, unknown>))
    : undefined;
  const json = (body: unknown): Pick<FuzzRequest, 'headers' | 'payload'> => ({
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  const withValidBody = () => (validBody !== undefined ? json(validBody) : { headers: auth });

  const out: FuzzRequest[] = [{ label: 'valid', url: validUrl, ...withValidBody() }];
  for (const p of pathParams) {
    for (const bad of BAD_PATH_VALUES) {
      out.push({
        label: `path ${p.name}=${bad.slice(0, 20)}`,
        url: urlOf({ ...validParams, [p.name]: bad }, validQuery),
        ...withValidBody(),
      });
    }
  }
  for (const q of queryParams) {
    for (const bad of BAD_QUERY_VALUES) {
      out.push({
        label: `query ${q.name}=${bad.slice(0, 20)}`,
        url: urlOf(validParams, { ...validQuery, [q.name]: bad }),
        headers: auth,
      });
    }
  }
  if (validBody !== undefined && op.json) {
    const props = Object.keys(validBody);
    const pool = badValues(r);
    for (const prop of props) {
      for (let i = 0; i < VALUES_PER_FIELD; i++) {
        const bad = pool[Math.floor(r() * pool.length)];
        out.push({
          label: `body ${prop}=${JSON.stringify(bad)?.slice(0, 30)}`,
          url: validUrl,
          ...json({ ...validBody, [prop]: bad }),
        });
      }
      const { [prop]: _dropped, ...without } = validBody;
      out.push({ label: `body without ${prop}`, url: validUrl, ...json(without) });
    }
    out.push({ label: 'body with an unknown field', url: validUrl, ...json({ ...validBody, surprise: 1 }) });
    for (const whole of [null, [], 'text', 1e308, true]) {
      out.push({ label: `body ${JSON.stringify(whole)}`, url: validUrl, ...json(whole) });
    }
  }
  // Raw bodies go to every operation (a body where none belongs must not hurt either); the one over the size
  // limit once per operation, in session mode, to keep the run's memory small.
  for (const [label, headers, payload] of rawBodies(
    t.config.bodyLimit,
    auth.cookie !== undefined && op.method !== 'GET',
  )) {
    if (op.method === 'GET' && label !== 'invalid UTF-8' && label !== 'malformed JSON') continue;
    out.push({ label: `raw ${label}`, url: validUrl, headers: { ...auth, ...headers }, payload });
  }
  if (op.multipart) {
    for (const [label, headers, payload] of multipartBodies()) {
      out.push({ label: `multipart ${label}`, url: validUrl, headers: { ...auth, ...headers }, payload });
    }
  }
  return out;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('answers every request below 500, every error as problem+json, and reaches every operation', async () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(30);
    const r = prng(SEED);
    const failures: string[] = [];
    const reached = new Set<string>();
    const sent = new Set<string>();
    let requests = 0;
    let serverErrors = 0;
    const profile = new Map<string, number>();
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      for (const mode of MODES) {
        // A fresh session and token per operation: an operation may end them (logout, a token deleted).
        // The token the token routes delete is another one, so that the bearer keeps working.
        const victim = await createApiToken(t.db, SYSTEM_ACTOR, f.adminId, 'fuzz-victim');
        const auth: Record<string, string> =
          mode === 'session'
            ? (await t.login(f.adminUsername)).headers
            : mode === 'bearer'
              ? {
                  authorization: `Bearer ${(await createApiToken(t.db, SYSTEM_ACTOR, f.adminId, 'fuzz')).token}`,
                }
              : {};
        const tokenId = victim.apiToken.id;
        for (const req of requestsFor(op, auth, tokenId, r)) {
          const started = performance.now();
          const res = await t.app.inject({
            method: op.method as 'GET',
            url: req.url,
            headers: req.headers,
            ...(req.payload !== undefined ? { payload: req.payload } : {}),
          });
          requests++;
          sent.add(key);
          const kind = `${mode} ${req.label.split(/[ =]/).slice(0, 2).join(' ')}`;
          profile.set(kind, (profile.get(kind) ?? 0) + performance.now() - started);
          const where = `${key} [${mode}] ${req.label}: ${res.statusCode}`;
          if (res.statusCode >= 500) {
            serverErrors++;
            failures.push(`${where} ${res.body.slice(0, 150)}`);
            continue;
          }
          if (res.statusCode < 400) {
            reached.add(key);
            continue;
          }
          const type = String(res.headers['content-type'] ?? '');
          let body: { code?: unknown; status?: unknown; message?: { zh?: unknown; en?: unknown } } = {};
          try {
            body = JSON.parse(res.body) as typeof body;
          } catch {
            // reported below
          }
          const ok =
            type.startsWith('application/problem+json') &&
            typeof body.code === 'string' &&
            body.status === res.statusCode &&
            typeof body.message?.zh === 'string' &&
            typeof body.message.en === 'string';
          if (!ok) failures.push(`${where} not a problem: ${type} ${res.body.slice(0, 150)}`);
          else if (mode !== 'anonymous' && !GATE_CODES.has(body.code as string)) reached.add(key);
        }
      }
    }
    // The figures the report quotes: how much was sent, how many 5xx, how many errors not problem+json.
    console.log(
      `fuzz (${t.dialect}): ${requests} requests over ${ops.length} operations, ${serverErrors} × 5xx, ` +
        `${failures.length - serverErrors} errors not problem+json`,
    );
    if (process.env.FUZZ_PROFILE)
      console.log(
        [...profile]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, v]) => `${k}: ${Math.round(v)} ms`)
          .join('\n'),
      );
    expect(failures.slice(0, 30)).toEqual([]);
    const all = ops.map((op) => `${op.method} ${op.path}`).sort();
    expect([...sent].sort()).toEqual(all);
    // Each operation was not only called but got past authentication and validation at least once.
    expect([...reached].sort()).toEqual(all);
  }, 600_000);
});
