import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { createTestApp, TEST_DB, type Session, type TestApp } from '../test/harness.js';
import { nowIso } from '../db/dialect.js';
import { CHENGDU_TEXT, confirm, getPlan, nodeTitled, postImport, unitIdNamed } from '../imports/testing.js';
import { plansRepository, toTargetView, type PlanDetail } from './plans-repository.js';
import { PlanDetail as PlanDetailSchema, PlanNode } from './schemas.js';

// The whole plan is written as JSON by the database (plan-document.ts) and sent as it comes, past Fastify's
// serializer: these check it against the response schema and against the plan read the ordinary way.
let t: TestApp;
let sec: Session;
let planId: number;
beforeAll(async () => {
  t = await createTestApp();
  sec = await t.loginAs('secretariat');
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
});
afterAll(() => t.close());

const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;
const validate = addFormats(new Ajv({ strict: false, allErrors: true }))
  .addSchema(PlanNode)
  .compile(PlanDetailSchema);

/** The stored counts, and the same counted from the current items (not those a re-import retired). */
async function counts(id: number) {
  const stored = await t.db
    .selectFrom('plans')
    .select(['task_count', 'target_count', 'unit_count'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const links = await t.db
    .selectFrom('plan_node_units as l')
    .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
    .select(['l.node_id', 'l.unit_id', 'l.role'])
    .where('n.plan_id', '=', id)
    .where('n.retired_at', 'is', null)
    .execute();
  const targets = await t.db
    .selectFrom('targets')
    .select('id')
    .where('plan_id', '=', id)
    .where('retired_at', 'is', null)
    .execute();
  return {
    stored: {
      tasks: Number(stored.task_count),
      targets: Number(stored.target_count),
      units: Number(stored.unit_count),
    },
    counted: {
      tasks: new Set(links.filter((l) => l.role === 'lead').map((l) => l.node_id)).size,
      targets: targets.length,
      units: new Set(links.map((l) => l.unit_id)).size,
    },
  };
}

describe(`the plan document on ${TEST_DB}`, () => {
  it('matches the response schema, for those who see notes and for the public', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}`,
      headers: sec.headers,
      payload: { published: true },
    });
    for (const [url, headers] of [
      [`/api/v1/plans/${planId}`, sec.headers],
      [`/api/v1/public/plans/${planId}`, {}],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const body: unknown = res.json();
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      // The plan's jurisdiction, as an object (not JSON text inside a string).
      expect(body).toMatchObject({ area: { code: '510100', name: '成都市' } });
    }
  });

  it('holds what the plan read item by item holds: the same tree in the same order, the same targets', async () => {
    const doc = await getPlan(t, sec, planId);
    const { roots } = await plansRepository.nodeTree(t.db, planId);
    expect(doc.nodes).toEqual(roots);
    const targets = await t.db
      .selectFrom('targets')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('position')
      .orderBy('id')
      .execute();
    expect(doc.targets).toEqual(targets.map(toTargetView));
    expect(doc).toMatchObject({ id: planId, taskCount: 25, targetCount: 7, unitCount: 17, version: 1 });
  });

  it('carries any text exactly: quotes, backslashes, line breaks, control characters, emoji', async () => {
    const node = nodeTitled(await getPlan(t, sec, planId), '统计制度');
    const note = 'a"b\\c\nd\u001ee\u0007f\u2028g😀';
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${node.id}`,
      headers: sec.headers,
      payload: { note, title: '统计\u001e制度' },
    });
    expect(res.statusCode).toBe(200);
    const after = nodeTitled(await getPlan(t, sec, planId), '统计\u001e制度');
    expect(after.note).toBe(note);
  });

  it('of a plan without items or targets has empty lists', async () => {
    const row = await t.db
      .insertInto('plans')
      .values({
        title: '空方案',
        references_json: '[]',
        status: 'active',
        published: 0,
        source_text: '',
        version: 1,
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const doc = await getPlan(t, sec, row.id);
    expect(doc).toMatchObject({ id: row.id, title: '空方案', nodes: [], targets: [], taskCount: 0 });
    expect(validate(doc)).toBe(true);
  });
});

describe('the counts stored on the plan row', () => {
  it('are those of its items after an import, an item edit, a merge of units and a re-import', async () => {
    const c0 = await counts(planId);
    expect(c0.stored).toEqual(c0.counted);
    const plan = await getPlan(t, sec, planId);
    const node = nodeTitled(plan, '金融服务');
    // Take the item's lead away: one task less; give it a new unit: one unit more.
    const fresh = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/units',
        headers: sec.headers,
        payload: { name: '计数测试单位' },
      })
    ).json<{ id: number }>().id;
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${node.id}`,
      headers: sec.headers,
      payload: { leadUnitIds: [], supportUnitIds: [fresh] },
    });
    expect(edit.statusCode).toBe(200);
    const c1 = await counts(planId);
    expect(c1.stored).toEqual(c1.counted);
    expect(c1.stored.tasks).toBe(c0.stored.tasks - 1);
    // Merging two units the plan names makes one unit of them.
    const merge = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${fresh}/merge`,
      headers: sec.headers,
      payload: { intoUnitId: await unitIdNamed(t, '市发改委') },
    });
    expect(merge.statusCode).toBe(200);
    const c2 = await counts(planId);
    expect(c2.stored).toEqual(c2.counted);
    expect(c2.stored.units).toBe(c1.stored.units - 1);
    const again = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/plans/${planId}/reimport`,
        headers: sec.headers,
        payload: { text: CHENGDU_TEXT },
      })
    ).json<{ id: number }>().id;
    await confirm(t, sec, again);
    const c3 = await counts(planId);
    expect(c3.stored).toEqual(c3.counted);
    expect(c3.stored).toEqual(c0.stored);
    expect((await getPlan(t, sec, planId)) satisfies PlanDetail).toMatchObject({
      taskCount: c0.stored.tasks,
      unitCount: c0.stored.units,
    });
    // A revision that drops a task and a target: both are retired (kept, out of the plan), and not counted.
    const start = CHENGDU_TEXT.indexOf('(9)会计档案电子化');
    const end = CHENGDU_TEXT.indexOf('(10)专业人才');
    expect(start).toBeGreaterThan(0);
    const dropped = nodeTitled(await getPlan(t, sec, planId), '会计档案电子化');
    const revised = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/plans/${planId}/reimport`,
        headers: sec.headers,
        payload: { text: CHENGDU_TEXT.slice(0, start) + CHENGDU_TEXT.slice(end) },
      })
    ).json<{ id: number }>().id;
    await confirm(t, sec, revised);
    const c4 = await counts(planId);
    expect(c4.stored).toEqual(c4.counted);
    expect(c4.stored.tasks).toBe(c0.stored.tasks - 1);
    const doc = await getPlan(t, sec, planId);
    expect(JSON.stringify(doc.nodes)).not.toContain('会计档案电子化');
    expect(doc.taskCount).toBe(c4.stored.tasks);
    const retired = await t.db
      .selectFrom('plan_nodes')
      .select('retired_in_version')
      .where('id', '=', dropped.id)
      .executeTakeFirstOrThrow();
    expect(retired.retired_in_version).toBe(doc.version);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('the order of the plan document', () => {
  it("puts targets, sibling items and each item's units by position, whatever order the rows are stored in", async () => {
    const id = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
    // Reverse every position, so that the order the engine reads rows in (by id) is the opposite of the order sent.
    await t.db
      .updateTable('targets')
      .set((eb) => ({ position: eb(eb.val(1000), '-', eb.ref('position')) }))
      .where('plan_id', '=', id)
      .execute();
    await t.db
      .updateTable('plan_nodes')
      .set((eb) => ({ position: eb(eb.val(1000), '-', eb.ref('position')) }))
      .where('plan_id', '=', id)
      .execute();
    const nodeIds = t.db.selectFrom('plan_nodes').select('id').where('plan_id', '=', id);
    await t.db
      .updateTable('plan_node_units')
      .set((eb) => ({ position: eb(eb.val(1000), '-', eb.ref('position')) }))
      .where('node_id', 'in', nodeIds)
      .execute();
    const doc = await getPlan(t, sec, id);
    const { roots } = await plansRepository.nodeTree(t.db, id);
    expect(doc.nodes).toEqual(roots);
    const targets = await t.db
      .selectFrom('targets')
      .selectAll()
      .where('plan_id', '=', id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    expect(doc.targets.map((x) => x.id)).toEqual(targets.map((x) => x.id));
    expect(doc.targets[0]!.id).toBeGreaterThan(doc.targets[doc.targets.length - 1]!.id);
    // The tree's comparison covers the units' order too, as long as some item has several units of one role.
    const many = (function find(nodes: PlanDetail['nodes']): PlanDetail['nodes'][number] | undefined {
      for (const n of nodes) {
        if (n.supportUnits.length > 1 || n.leadUnits.length > 1) return n;
        const inner = find(n.children);
        if (inner) return inner;
      }
      return undefined;
    })(doc.nodes);
    expect(many).toBeDefined();
  });
});
