import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from './db/schema.js';
import { API_PREFIX } from './app.js';
import { createTestApp, ROLES, TEST_PASSWORD, type TestApp } from './test/harness.js';

/**
 * The authorization matrix: every API route × every role × no login.
 *
 * HOW TO ADD A ROUTE — every route under /api/v1 MUST have an entry in EXPECTATIONS, or this test fails:
 *   'METHOD /api/v1/path/:param': { allow: <who> [, url] [, body] }
 *   - allow: 'anyone' (public too), 'logged-in' (every role, not the public), or a list of roles,
 *     e.g. ['admin', 'secretariat'].
 *   - url (optional): (f, who) => concrete URL. By default each `:param` is replaced by `f.params[param]`
 *     (or 1). Give one when a role is only allowed on certain records (e.g. a unit officer on a node of its
 *     own unit: return that node's URL for who === 'unit_officer').
 *   - body (optional): (f, who) => JSON body for POST/PUT/PATCH (default {}).
 * Allowed callers must not get 401/403 (a 400/404/409 is fine: the check is about authorization) nor 5xx;
 * everyone else must get 401 (no login) or 403 (wrong role). Requests use bearer tokens, so CSRF is out of
 * the way (it is tested in auth/csrf.test.ts). Record ids the routes need go in `setupFixtures` below.
 */
type Who = Role | 'public';
interface Fixtures {
  /** Values for path parameters by name (`:id` → params.id). */
  params: Record<string, string>;
  unitId: number;
  userId: number;
  /** Username of the user `userId` (password TEST_PASSWORD). */
  username: string;
  tokenId: number;
}
interface Expectation {
  allow: 'anyone' | 'logged-in' | readonly Role[];
  url?: (f: Fixtures, who: Who) => string;
  body?: (f: Fixtures, who: Who) => unknown;
}

const ADMIN_SECRETARIAT: readonly Role[] = ['admin', 'secretariat'];

const EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/v1/health': { allow: 'anyone' },
  'POST /api/v1/auth/login': { allow: 'anyone', body: (f) => ({ username: f.username, password: TEST_PASSWORD }) },
  'POST /api/v1/auth/logout': { allow: 'logged-in' },
  'GET /api/v1/auth/me': { allow: 'logged-in' },
  'GET /api/v1/users': { allow: ['admin'] },
  'POST /api/v1/users': { allow: ['admin'] },
  'PATCH /api/v1/users/:id': { allow: ['admin'], url: (f) => `/api/v1/users/${f.userId}` },
  'GET /api/v1/tokens': { allow: 'logged-in' },
  'POST /api/v1/tokens': { allow: 'logged-in' },
  'DELETE /api/v1/tokens/:id': { allow: 'logged-in', url: (f) => `/api/v1/tokens/${f.tokenId}` },
  'GET /api/v1/audit': { allow: ADMIN_SECRETARIAT },
  // The generated API description is public, like the browsable reference.
  'GET /api/v1/openapi.json': { allow: 'anyone' },
};

let t: TestApp;
let fixtures: Fixtures;
const headersOf = new Map<Who, Record<string, string>>();

/** Records the routes need; extend when a route needs an existing entity. */
async function setupFixtures(t: TestApp): Promise<Fixtures> {
  const unitId = await t.createUnit('矩阵测试单位');
  const other = await t.createUser('leader');
  const { user: tokenOwner } = await t.bearerFor('leader');
  const token = await t.db.selectFrom('api_tokens').select('id').where('user_id', '=', tokenOwner.id).executeTakeFirstOrThrow();
  return { params: { id: '1' }, unitId, userId: other.id, username: other.username, tokenId: token.id };
}

beforeAll(async () => {
  t = await createTestApp();
  fixtures = await setupFixtures(t);
  headersOf.set('public', {});
  for (const role of ROLES) {
    const { headers } = await t.bearerFor(role, role === 'unit_officer' ? { unitId: fixtures.unitId } : {});
    headersOf.set(role, headers);
  }
});
afterAll(() => t.close());

function apiRoutes(): string[] {
  const keys = t.app.registeredRoutes
    .filter((r) => r.url.startsWith(`${API_PREFIX}/`) && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${r.url}`);
  return [...new Set(keys)].sort();
}

function isAllowed(e: Expectation, who: Who): boolean {
  if (e.allow === 'anyone') return true;
  if (who === 'public') return false;
  return e.allow === 'logged-in' || e.allow.includes(who);
}

describe('authorization matrix', () => {
  it('has an expectation for every API route, and none for routes that do not exist', () => {
    const routes = apiRoutes();
    const missing = routes.filter((r) => !(r in EXPECTATIONS));
    const stale = Object.keys(EXPECTATIONS).filter((k) => !routes.includes(k));
    expect(missing, 'routes without an entry in EXPECTATIONS (authz-matrix.test.ts)').toEqual([]);
    expect(stale, 'entries in EXPECTATIONS for routes that are not registered').toEqual([]);
  });

  it('lets exactly the allowed callers through, for every route × role × no login', async () => {
    const failures: string[] = [];
    const whos: Who[] = ['public', ...ROLES];
    for (const key of apiRoutes()) {
      const e = EXPECTATIONS[key];
      if (!e) continue; // reported by the test above
      const [method, pattern] = key.split(' ') as [string, string];
      for (const who of whos) {
        const url =
          e.url?.(fixtures, who) ?? pattern.replace(/:(\w+)/g, (_m, name: string) => fixtures.params[name] ?? '1');
        const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers: headersOf.get(who)!,
          ...(hasBody ? { payload: (e.body?.(fixtures, who) ?? {}) as object } : {}),
        });
        const allowed = isAllowed(e, who);
        const s = res.statusCode;
        const ok = allowed ? s !== 401 && s !== 403 && s < 500 : s === (who === 'public' ? 401 : 403);
        if (!ok) failures.push(`${key} as ${who}: ${allowed ? 'allowed' : 'denied'} but got ${s} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
