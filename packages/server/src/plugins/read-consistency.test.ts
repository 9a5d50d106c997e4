import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { CHENGDU_TEXT, flatPlan, unitIdNamed } from '../imports/testing.js';
import type { PlanDetail } from '../plans/plans-repository.js';
import { readPlanDocument } from '../plans/plan-document.js';

// Two app instances on one database, as two server processes would be (on SQLite two connections to one file, on
// PostgreSQL two pools): every kind of write goes through instance A (or around the API), and then every cached
// read, through either instance, must answer exactly what the same read computed afresh answers.
describe('an uncached read equals a cached one after every kind of write, on either of two instances', () => {
  let t: TestApp;
  let otherHandle: DatabaseHandle;
  let b: FastifyInstance;
  // A session, not an API token: a token's use is recorded (a write) about once a minute, which would move the
  // stamps at a moment the test does not choose.
  let admin: Record<string, string>;
  let planId: number;
  let nodeId: number;
  let fresh = 0;
  let statsUnit: number | undefined;
  let merged = 0;

  const post = async (url: string, payload: object, method: 'POST' | 'PATCH' | 'PUT' = 'POST') => {
    const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: admin, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json<Record<string, unknown>>();
  };
  const importPlan = async (text: string, planForReimport?: number) => {
    const draft = await post(planForReimport ? `/plans/${planForReimport}/reimport` : '/imports', { text });
    return (await post(`/imports/${draft.id as number}/confirm`, {})).planId as number;
  };

  beforeAll(async () => {
    t = await createTestApp();
    otherHandle = openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir });
    b = await buildApp(t.config, { database: otherHandle, migrate: false });
    admin = (await t.loginAs('admin')).headers;
    planId = await importPlan(CHENGDU_TEXT);
    const plan = (
      await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: admin })
    ).json<PlanDetail>();
    nodeId = flatPlan(plan.nodes).find((n) => n.title === '统计制度')!.id;
  });
  afterAll(async () => {
    await b.close();
    await otherHandle.close();
    await t.close();
  });

  /** The cached reads checked, with who reads them (the cache varies by role and unit). */
  const reads = async (): Promise<[string, Record<string, string>][]> => {
    statsUnit ??= await unitIdNamed(t, '市统计局');
    return [
      [`/api/v1/plans/${planId}`, admin],
      [`/api/v1/plans/${planId}/units`, admin],
      [`/api/v1/plans/${planId}/source`, admin],
      [`/api/v1/plans/${planId}/versions`, admin],
      [`/api/v1/plans/${planId}/retired`, admin],
      ['/api/v1/areas', admin],
      ['/api/v1/plans', admin],
      ['/api/v1/plans?sort=title&order=asc&limit=2', admin],
      ['/api/v1/units?limit=200', admin],
      [`/api/v1/units/${statsUnit}`, admin],
      ['/api/v1/public/plans', {}],
      [`/api/v1/public/plans/${planId}`, {}],
    ];
  };

  /** Reads everything twice through both instances, so that what follows is answered from memory. */
  const warm = async () => {
    for (const app of [t.app, b]) {
      for (const [url, headers] of await reads()) {
        await app.inject({ method: 'GET', url, headers });
        const again = await app.inject({ method: 'GET', url, headers });
        if (again.statusCode === 200) expect(again.headers['x-luoshi-cache'], url).toBe('hit');
      }
    }
  };

  /** Each read as served (from memory where it can be) equals the same read computed afresh; returns B's bodies. */
  const check = async (): Promise<Map<string, string>> => {
    const seen = new Map<string, string>();
    for (const app of [t.app, b]) {
      for (const [url, headers] of await reads()) {
        const served = await app.inject({ method: 'GET', url, headers });
        // A query parameter the route ignores makes a URL never read before: computed, not remembered.
        const computed = await app.inject({
          method: 'GET',
          url: `${url}${url.includes('?') ? '&' : '?'}_=${++fresh}`,
          headers,
        });
        expect(computed.headers['x-luoshi-cache'] ?? 'miss', url).toBe('miss');
        expect(served.statusCode, url).toBe(computed.statusCode);
        expect(served.body, url).toBe(computed.body);
        if (app === b) seen.set(url, served.body);
      }
    }
    // The plan as stored for reading (plans/plan-read-model.ts) is the plan built afresh from its rows.
    expect(seen.get(`/api/v1/plans/${planId}`)).toBe(
      (await readPlanDocument(t.db, planId, true))?.toString(),
    );
    const pub = await b.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}` });
    expect(pub.statusCode === 200 ? pub.body : null).toBe(
      (await readPlanDocument(t.db, planId, false))?.toString() ?? null,
    );
    return seen;
  };

  const writes: [string, () => Promise<void>, (bodies: Map<string, string>) => void][] = [
    [
      'a note edit',
      () => post(`/plans/${planId}/nodes/${nodeId}`, { note: '已建立季报制度' }, 'PATCH').then(() => {}),
      (s) => expect(s.get(`/api/v1/plans/${planId}`)).toContain('已建立季报制度'),
    ],
    [
      "an item's title and units",
      async () => {
        const lead = await unitIdNamed(t, '市统计局');
        await post(
          `/plans/${planId}/nodes/${nodeId}`,
          { title: '统计监测制度', leadUnitIds: [lead], supportUnitIds: [] },
          'PATCH',
        );
      },
      (s) => expect(s.get(`/api/v1/plans/${planId}`)).toContain('统计监测制度'),
    ],
    [
      'a target correction',
      async () => {
        const plan = (
          await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: admin })
        ).json<PlanDetail>();
        const target = plan.targets[0]!;
        await post(
          `/plans/${planId}/targets/${target.id}`,
          {
            ...target,
            value: 123456789,
            id: undefined,
            nodeId: undefined,
            text: undefined,
            spanStart: undefined,
            spanEnd: undefined,
          },
          'PUT',
        );
      },
      (s) => expect(s.get(`/api/v1/plans/${planId}`)).toContain('123456789'),
    ],
    [
      'renaming and publishing the plan',
      () =>
        post(`/plans/${planId}`, { title: '成都市电子商务方案（缓存测试）', published: true }, 'PATCH').then(
          () => {},
        ),
      (s) => expect(s.get('/api/v1/public/plans')).toContain('成都市电子商务方案（缓存测试）'),
    ],
    [
      'a new unit',
      () => post('/units', { name: '缓存测试新单位' }).then(() => {}),
      (s) => expect(s.get('/api/v1/units?limit=200')).toContain('缓存测试新单位'),
    ],
    [
      "renaming a unit the plan's items name",
      async () => {
        await post(`/units/${statsUnit!}`, { name: '市统计局（改）' }, 'PATCH');
      },
      (s) => expect(s.get(`/api/v1/plans/${planId}`)).toContain('市统计局（改）'),
    ],
    [
      'merging a unit into another',
      async () => {
        merged = await unitIdNamed(t, '市金融办');
        await post(`/units/${merged}/merge`, { intoUnitId: await unitIdNamed(t, '市发改委') });
      },
      (s) =>
        expect(
          JSON.parse(s.get(`/api/v1/plans/${planId}/units`)!).map((x: { unit: { id: number } }) => x.unit.id),
        ).not.toContain(merged),
    ],
    [
      'confirming an import (a new plan)',
      () => importPlan('缓存测试第二方案\n一、任务\n（一）开展试点。（牵头单位：市商务局）').then(() => {}),
      (s) => expect(s.get('/api/v1/plans')).toContain('缓存测试第二方案'),
    ],
    [
      'confirming a re-import',
      () => importPlan(CHENGDU_TEXT.replace('统计制度', '统计调查制度'), planId).then(() => {}),
      (s) => expect(JSON.parse(s.get(`/api/v1/plans/${planId}`)!)).toMatchObject({ version: 2 }),
    ],
    [
      'a re-import that retires an item',
      async () => {
        const text = CHENGDU_TEXT.replace('统计制度', '统计调查制度');
        const [start, end] = [text.indexOf('(9)会计档案电子化'), text.indexOf('(10)专业人才')];
        expect(start).toBeGreaterThan(0);
        await importPlan(text.slice(0, start) + text.slice(end), planId);
      },
      (s) => {
        expect(s.get(`/api/v1/plans/${planId}/retired`)).toContain('会计档案电子化');
        expect(s.get(`/api/v1/plans/${planId}`)).not.toContain('会计档案电子化');
        expect(JSON.parse(s.get(`/api/v1/plans/${planId}/versions`)!)).toHaveLength(3);
      },
    ],
    [
      'correcting an area',
      async () => {
        const area = await t.db
          .selectFrom('areas')
          .select('id')
          .where('code', '=', '440103')
          .executeTakeFirstOrThrow();
        await post(`/areas/${area.id}`, { aliases: ['缓存测试别名'] }, 'PATCH');
      },
      (s) => expect(s.get('/api/v1/areas')).toContain('缓存测试别名'),
    ],
    [
      'a new API token and a login',
      async () => {
        await post('/tokens', { name: '缓存测试' });
        await t.loginAs('leader');
      },
      () => {},
    ],
    [
      'a write outside the API (another connection, as the command line would)',
      async () => {
        const cli = openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir });
        try {
          await cli.db
            .updateTable('plans')
            .set({ title: '命令行改的标题' })
            .where('id', '=', planId)
            .execute();
        } finally {
          await cli.close();
        }
      },
      (s) => expect(s.get(`/api/v1/public/plans/${planId}`)).toContain('命令行改的标题'),
    ],
  ];

  for (const [what, write, shows] of writes) {
    it(`after ${what}`, async () => {
      await warm();
      await write();
      shows(await check());
      // And the next read of each is answered from memory again.
      for (const [url, headers] of await reads()) {
        const again = await b.inject({ method: 'GET', url, headers });
        if (again.statusCode === 200) expect(again.headers['x-luoshi-cache'], url).toBe('hit');
      }
    });
  }
});
