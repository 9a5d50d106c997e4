import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, execAsOwner, TEST_DB, type TestApp } from './test/harness.js';
import { CHENGDU_TEXT, flatDraft } from './imports/testing.js';
import type { ImportDraftView } from './imports/imports-service.js';
import type { PlanDetail, PlanNodeView } from './plans/plans-repository.js';

// A write that fails part-way must leave nothing of itself behind. The failures are real database errors,
// raised by a trigger the test adds for one write and removes after it (no hook in the application): at an item
// in the middle of a plan, at a unit link, at a merge's last step, at the audit row that ends a write.

let t: TestApp;
let auth: { authorization: string };
let planId: number;
let triggers = 0;

/** Every table the application writes, each row in id order (a token's last use is left out: it moves on reads). */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of [
    'units',
    'unit_aliases',
    'unit_name_keys',
    'users',
    'plans',
    'plan_nodes',
    'plan_node_units',
    'targets',
    'imports',
    'audit_log',
    'api_tokens',
    'plan_versions',
    'areas',
  ] as const) {
    const rows = await t.db.selectFrom(table).selectAll().orderBy('id').execute();
    out[table] = rows.map((r) => ({ ...r, last_used_at: undefined }));
  }
  out.sessions = await t.db.selectFrom('sessions').selectAll().orderBy('id').execute();
  return out;
}

/**
 * Makes the database refuse one kind of row: `when` is an SQL condition on NEW (the same text works on both
 * dialects). Returns the function that takes the failure away again.
 */
async function failWhen(
  table: string,
  event: 'insert' | 'update',
  when: string,
): Promise<() => Promise<void>> {
  const name = `luoshi_test_fail_${++triggers}`;
  if (TEST_DB === 'postgres') {
    // As the tables' owner: the app's own role may not create triggers (least privilege).
    await execAsOwner(
      t.testDb,
      `create trigger ${name} before ${event} on ${table} for each row when (${when}) execute function luoshi_test_fail()`,
    );
    return () => execAsOwner(t.testDb, `drop trigger ${name} on ${table}`);
  }
  await execAsOwner(
    t.testDb,
    `create trigger ${name} before ${event} on ${table} when ${when} begin select raise(abort, 'injected failure'); end`,
  );
  return () => execAsOwner(t.testDb, `drop trigger ${name}`);
}

/** Runs the request with the failure in place: it must answer an error, and the database must be as before. */
async function expectNothingLeft(
  failure: { table: string; event: 'insert' | 'update'; when: string },
  request: Parameters<TestApp['app']['inject']>[0] & object,
): Promise<void> {
  const remove = await failWhen(failure.table, failure.event, failure.when);
  try {
    const before = await snapshot();
    const res = await t.app.inject({ ...request, headers: { ...auth, ...(request.headers ?? {}) } });
    expect(res.statusCode, res.body).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'INTERNAL' });
    expect(await snapshot()).toEqual(before);
  } finally {
    await remove();
  }
}

async function newDraft(text: string, url = '/api/v1/imports'): Promise<ImportDraftView> {
  const res = await t.app.inject({ method: 'POST', url, headers: auth, payload: { text } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ImportDraftView>();
}

/** Marks the draft's item in the middle of its tree, so that a trigger can fail the confirmation there. */
async function markMiddleItem(draft: ImportDraftView): Promise<void> {
  const items = flatDraft(draft.draft.nodes);
  const middle = items[Math.floor(items.length / 2)]!;
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/imports/${draft.id}/nodes/${middle.path}`,
    headers: auth,
    payload: { title: `${middle.node.title} FAILPOINT` },
  });
  expect(res.statusCode, res.body).toBe(200);
}

const flat = (nodes: PlanNodeView[]): PlanNodeView[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

async function plan(): Promise<PlanDetail> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: auth });
  return res.json<PlanDetail>();
}

beforeAll(async () => {
  t = await createTestApp();
  auth = (await t.bearerFor('admin')).headers;
  if (TEST_DB === 'postgres') {
    await execAsOwner(
      t.testDb,
      `create function luoshi_test_fail() returns trigger language plpgsql as $$
      begin
        raise exception 'injected failure';
      end
      $$`,
    );
  }
});
afterAll(() => t.close());

describe(`a write that fails part-way leaves nothing behind (${TEST_DB})`, () => {
  it('confirming a new plan, failing at an item in the middle (after its new units were created)', async () => {
    const draft = await newDraft(CHENGDU_TEXT);
    await markMiddleItem(draft);
    await expectNothingLeft(
      { table: 'plan_nodes', event: 'insert', when: `new.title like '%FAILPOINT%'` },
      { method: 'POST', url: `/api/v1/imports/${draft.id}/confirm`, payload: {} },
    );
    // Without the failure the same confirmation goes through: nothing half-done stood in its way.
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${draft.id}/confirm`,
      headers: auth,
      payload: {},
    });
    expect(ok.statusCode, ok.body).toBe(200);
    planId = ok.json<{ planId: number }>().planId;
    expect(flat((await plan()).nodes).length).toBe(flatDraft(draft.draft.nodes).length);
  });

  it('confirming a new plan, failing at its last write (the confirmation’s audit row)', async () => {
    const draft = await newDraft(CHENGDU_TEXT);
    await expectNothingLeft(
      { table: 'audit_log', event: 'insert', when: `new.action = 'import.confirm'` },
      { method: 'POST', url: `/api/v1/imports/${draft.id}/confirm`, payload: {} },
    );
  });

  it('confirming a re-import, failing at an item in the middle (after earlier items were updated in place)', async () => {
    const revised = CHENGDU_TEXT.replace('(牵头单位：市旅游局)', '(牵头单位：市旅游局、市新设注入测试局)');
    expect(revised).not.toBe(CHENGDU_TEXT);
    const draft = await newDraft(revised, `/api/v1/plans/${planId}/reimport`);
    await markMiddleItem(draft);
    const version = (await plan()).version;
    // The middle item continues: the re-import updates its row in place, and fails there.
    await expectNothingLeft(
      { table: 'plan_nodes', event: 'update', when: `new.title like '%FAILPOINT%'` },
      { method: 'POST', url: `/api/v1/imports/${draft.id}/confirm`, payload: {} },
    );
    expect((await plan()).version).toBe(version);
  });

  it('confirming a re-import, failing when it retires a dropped item (after all the others were written)', async () => {
    const start = CHENGDU_TEXT.indexOf('(9)会计档案电子化');
    const end = CHENGDU_TEXT.indexOf('(10)专业人才');
    const draft = await newDraft(
      CHENGDU_TEXT.slice(0, start) + CHENGDU_TEXT.slice(end),
      `/api/v1/plans/${planId}/reimport`,
    );
    const version = (await plan()).version;
    await expectNothingLeft(
      { table: 'plan_nodes', event: 'update', when: 'new.retired_at is not null' },
      { method: 'POST', url: `/api/v1/imports/${draft.id}/confirm`, payload: {} },
    );
    expect((await plan()).version).toBe(version);
    expect(flat((await plan()).nodes).map((n) => n.title)).toContain('会计档案电子化');
  });

  it('merging a unit, failing at its last step (after its links, aliases and users moved)', async () => {
    const items = flat((await plan()).nodes);
    const [a, b] = [...new Set(items.flatMap((n) => n.leadUnits.map((u) => u.id)))];
    await expectNothingLeft(
      { table: 'units', event: 'update', when: 'new.merged_into_id is not null' },
      { method: 'POST', url: `/api/v1/units/${a}/merge`, payload: { intoUnitId: b } },
    );
    await expectNothingLeft(
      { table: 'audit_log', event: 'insert', when: `new.action = 'unit.merge'` },
      { method: 'POST', url: `/api/v1/units/${a}/merge`, payload: { intoUnitId: b } },
    );
  });

  it('replacing an item’s units, failing at the supporting units (after the lead units were replaced)', async () => {
    const items = flat((await plan()).nodes);
    const item = items.find((n) => n.leadUnits.length > 0)!;
    const units = [...new Set(items.flatMap((n) => n.leadUnits.map((u) => u.id)))].slice(0, 3);
    await expectNothingLeft(
      { table: 'plan_node_units', event: 'insert', when: `new.role = 'support'` },
      {
        method: 'PATCH',
        url: `/api/v1/plans/${planId}/nodes/${item.id}`,
        payload: { title: '改过的标题', leadUnitIds: units.slice(0, 2), supportUnitIds: units.slice(2) },
      },
    );
  });

  it('changing a unit’s name and aliases, failing at an alias; creating one, failing at its audit row', async () => {
    const [unit] = (await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: auth })).json<{
      items: { id: number }[];
    }>().items;
    await expectNothingLeft(
      { table: 'unit_aliases', event: 'insert', when: `new.alias like '%FAILPOINT%'` },
      {
        method: 'PATCH',
        url: `/api/v1/units/${unit!.id}`,
        payload: { name: '改名注入测试局', aliases: ['注入测试别名', 'FAILPOINT'] },
      },
    );
    await expectNothingLeft(
      { table: 'audit_log', event: 'insert', when: `new.action = 'unit.create'` },
      {
        method: 'POST',
        url: '/api/v1/units',
        payload: { name: '新建注入测试局', aliases: ['新建注入别名'] },
      },
    );
  });

  it('every other audited write, failing at its audit row', async () => {
    const draft = await newDraft(CHENGDU_TEXT);
    const detail = await plan();
    const item = flat(detail.nodes)[0]!;
    const target = detail.targets[0]!;
    const writes: (Parameters<TestApp['app']['inject']>[0] & object)[] = [
      { method: 'POST', url: '/api/v1/imports', payload: { text: CHENGDU_TEXT } },
      { method: 'PATCH', url: `/api/v1/imports/${draft.id}`, payload: { title: '改过的草稿标题' } },
      { method: 'PATCH', url: `/api/v1/imports/${draft.id}/nodes/0`, payload: { title: '改过的条目' } },
      { method: 'DELETE', url: `/api/v1/imports/${draft.id}/targets/0` },
      { method: 'DELETE', url: `/api/v1/imports/${draft.id}` },
      {
        method: 'PATCH',
        url: `/api/v1/plans/${planId}`,
        payload: { title: '改过的方案标题', published: true },
      },
      { method: 'PATCH', url: `/api/v1/plans/${planId}/nodes/${item.id}`, payload: { note: '注入测试备注' } },
      {
        method: 'PUT',
        url: `/api/v1/plans/${planId}/targets/${target.id}`,
        payload: {
          indicator: '改过的指标',
          comparator: '>=',
          value: 1,
          unit: '亿元',
          deadlineYear: 2015,
          cumulative: false,
        },
      },
      {
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          username: 'injected',
          displayName: '注入',
          role: 'leader',
          password: 'a long enough password',
        },
      },
      { method: 'POST', url: '/api/v1/tokens', payload: { name: 'injected' } },
    ];
    for (const write of writes)
      await expectNothingLeft({ table: 'audit_log', event: 'insert', when: 'true' }, write);
  });
});
