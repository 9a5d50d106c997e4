import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness.js';
import { problemOf } from '../imports/testing.js';
import type { PlanSummary } from './plans-repository.js';
import { Ajv } from 'ajv';
import { PlanPage } from './schemas.js';

// The page is written as JSON by the database (plan-list.ts) and sent past Fastify's serializer: check its shape.
const validPage = new Ajv({ strict: false }).compile(PlanPage);

let t: TestApp;
let admin: { authorization: string };
let reporter: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.bearerFor('admin')).headers;
  reporter = (await t.bearerFor('enterprise_reporter')).headers;
});
afterAll(() => t.close());

let minute = 0;
/** A plan row as a confirmed import leaves it; each one updated a minute after the one before. */
async function addPlan(title: string, published = true): Promise<number> {
  const at = new Date(Date.UTC(2026, 0, 1, 0, ++minute)).toISOString();
  const row = await t.db
    .insertInto('plans')
    .values({
      title,
      references_json: '[]',
      status: 'active',
      published: published ? 1 : 0,
      source_text: '全文',
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Page = { items: PlanSummary[]; nextCursor: string | null };
const get = async (url: string, headers: Record<string, string> = admin) => {
  const res = await t.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(validPage(res.json()), JSON.stringify(validPage.errors)).toBe(true);
  return res.json<Page>();
};

/** Every page of a list, following the cursors; `between` runs after each page but the last. */
async function pageThrough(url: string, between: () => Promise<void> = async () => {}) {
  const pages: PlanSummary[][] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const page = await get(cursor === null ? url : `${url}${sep}cursor=${encodeURIComponent(cursor)}`);
    pages.push(page.items);
    cursor = page.nextCursor;
    if (cursor !== null) await between();
  } while (cursor !== null);
  return pages;
}

const ids = (rows: PlanSummary[]) => rows.map((p) => p.id);

describe(`GET /api/v1/plans pages (keyset) on ${TEST_DB}`, () => {
  let all: number[];
  beforeAll(async () => {
    all = [];
    for (const title of ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo 100%', 'Echo_1', 'Foxtrot', 'golf'])
      all.push(await addPlan(title));
    all.push(await addPlan('Hotel (unpublished)', false));
  });

  it('walk the whole list in order, a page at a time, each row once, for every sort and order', async () => {
    for (const [sort, order, expected] of [
      ['updatedAt', 'desc', [...all].reverse()],
      ['updatedAt', 'asc', all],
      ['id', 'desc', [...all].reverse()],
      ['id', 'asc', all],
    ] as const) {
      const pages = await pageThrough(`/api/v1/plans?sort=${sort}&order=${order}&limit=2`);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 2, 1]);
      expect(ids(pages.flat()), `${sort} ${order}`).toEqual(expected);
    }
    // By title, in the database's collation (which differs between engines): the same order as one long page.
    for (const order of ['asc', 'desc']) {
      const whole = (await get(`/api/v1/plans?sort=title&order=${order}&limit=200`)).items;
      expect(ids(whole).sort()).toEqual([...all].sort());
      const pages = await pageThrough(`/api/v1/plans?sort=title&order=${order}&limit=3`);
      expect(ids(pages.flat())).toEqual(ids(whole));
    }
  });

  it('stay stable when plans are added while paging: nothing repeated, nothing skipped', async () => {
    const before = ids((await get('/api/v1/plans?limit=200')).items);
    const added: number[] = [];
    // Newest first: each plan added between pages sorts before the page being read, so it must not push rows
    // already seen into the next page, nor make any row be skipped.
    const pages = await pageThrough('/api/v1/plans?limit=2', async () => {
      added.push(await addPlan(`Added ${added.length}`));
    });
    expect(ids(pages.flat())).toEqual(before);
    expect(added.length).toBeGreaterThan(2);
    // By title: a plan added after the current page shows up where it sorts, once.
    const titled = await pageThrough('/api/v1/plans?sort=title&order=asc&limit=2', async () => {
      if (added.length < 10) added.push(await addPlan(`zz later ${added.length}`));
    });
    const seen = ids(titled.flat());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(before));
  });

  it('filter by words of the title (any case, % and _ taken literally) and by published', async () => {
    const titles = async (q: string) =>
      (await get(`/api/v1/plans?limit=200&q=${encodeURIComponent(q)}`)).items.map((p) => p.title).sort();
    expect(await titles('ECHO')).toEqual(['Echo 100%', 'Echo_1']);
    expect(await titles('0%')).toEqual(['Echo 100%']);
    expect(await titles('o_')).toEqual(['Echo_1']);
    expect(await titles('nothing like it')).toEqual([]);
    const unpublished = (await get('/api/v1/plans?published=false&limit=200')).items;
    expect(unpublished.map((p) => p.title)).toEqual(['Hotel (unpublished)']);
    const published = (await get('/api/v1/plans?published=true&limit=200')).items;
    expect(published.every((p) => p.published)).toBe(true);
  });

  it('show enterprise reporters and the public published plans only, even when asked for others', async () => {
    for (const headers of [reporter, {}]) {
      const url =
        headers === reporter ? '/api/v1/plans?published=false' : '/api/v1/public/plans?published=false';
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.json<Page>().items.every((p) => p.published)).toBe(true);
      expect(res.json<Page>().items.map((p) => p.title)).not.toContain('Hotel (unpublished)');
    }
    const pages = await pageThrough('/api/v1/public/plans?limit=4');
    expect(pages.flat().length).toBe((await get('/api/v1/plans?published=true&limit=200')).items.length);
  });

  it('refuse a cursor that is not one, was made for another order or names no row, in both languages', async () => {
    const first = await get('/api/v1/plans?limit=2&sort=title');
    for (const url of [
      '/api/v1/plans?cursor=not-a-cursor',
      `/api/v1/plans?cursor=${first.nextCursor}`,
      `/api/v1/plans?sort=title&order=desc&cursor=${first.nextCursor}`,
      '/api/v1/plans?limit=0',
      '/api/v1/plans?limit=201',
      '/api/v1/plans?sort=size',
      // Well formed, but an id no row can have (PostgreSQL would refuse the number: it must not get there).
      `/api/v1/plans?sort=id&order=asc&cursor=${Buffer.from(JSON.stringify(['id', 'asc', 0, 2 ** 40])).toString('base64url')}`,
      `/api/v1/indicators?cursor=${Buffer.from(JSON.stringify(['id', 'asc', 2 ** 31, 2 ** 31])).toString('base64url')}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: admin });
      const problem = problemOf(res);
      expect(problem, url).toMatchObject({ status: 400 });
      expect(problem.message.zh).toBeTruthy();
      expect(problem.message.en).toBeTruthy();
    }
  });
});

describe('the other lists page the same way', () => {
  const walk = async (url: string) => {
    const rows: { id: number }[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.app.inject({
        method: 'GET',
        url: cursor === null ? url : `${url}&cursor=${encodeURIComponent(cursor)}`,
        headers: admin,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: { id: number }[]; nextCursor: string | null }>();
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return rows;
  };

  it('units: by id or name, filtered by name, full name or alias, and by kind', async () => {
    for (const [name, alias] of [
      ['市甲局', '甲局别名'],
      ['市乙局', null],
      ['区丙局', null],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/units',
        headers: admin,
        payload: {
          name,
          kind: name.startsWith('区') ? 'district' : 'department',
          aliases: alias ? [alias] : [],
        },
      });
      expect(res.statusCode).toBe(201);
    }
    const whole = await walk('/api/v1/units?limit=200');
    expect(await walk('/api/v1/units?limit=1')).toEqual(whole);
    const byName = await walk('/api/v1/units?limit=1&sort=name&order=desc');
    expect(byName.map((u) => u.id).sort()).toEqual(whole.map((u) => u.id).sort());
    const names = async (query: string) =>
      (await walk(`/api/v1/units?limit=50&${query}`)).map((u) => (u as unknown as { name: string }).name);
    expect(await names(`q=${encodeURIComponent('别名')}`)).toEqual(['市甲局']);
    expect(await names('kind=district')).toEqual(['区丙局']);
  });

  it('users: by id or username, filtered by role and words of the name', async () => {
    await t.createUser('statistics_officer', { username: 'list_stats_1' });
    await t.createUser('statistics_officer', { username: 'list_stats_2' });
    const whole = await walk('/api/v1/users?limit=200');
    expect(await walk('/api/v1/users?limit=2')).toEqual(whole);
    const stats = await walk('/api/v1/users?limit=1&role=statistics_officer&sort=username&order=desc');
    expect(stats.map((u) => (u as unknown as { username: string }).username)).toEqual([
      'list_stats_2',
      'list_stats_1',
    ]);
    expect((await walk('/api/v1/users?limit=5&q=LIST_STATS')).length).toBe(2);
  });

  it('tokens and import drafts', async () => {
    for (let i = 0; i < 3; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: admin,
        payload: { name: `t${i}` },
      });
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: admin,
        payload: { text: `分页测试方案${i}\n一、任务\n（一）开展试点。（牵头单位：市甲局）` },
      });
    }
    const tokens = await walk('/api/v1/tokens?limit=1');
    expect(tokens.map((x) => x.id)).toEqual([...tokens.map((x) => x.id)].sort((a, b) => a - b));
    expect(tokens.length).toBe(4);
    const drafts = await walk('/api/v1/imports?limit=2');
    expect(drafts.map((x) => x.id)).toEqual([...drafts.map((x) => x.id)].sort((a, b) => b - a));
    expect(drafts.map((d) => (d as unknown as { title: string }).title)).toEqual([
      '分页测试方案2',
      '分页测试方案1',
      '分页测试方案0',
    ]);
  });
});
