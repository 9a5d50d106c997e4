import type { Kysely } from 'kysely';
import type { PlanDraft } from '@luoshi/core';
import type { Database } from '../db/schema.js';

/** What an audit row's entity is called now, and the plan it belongs to (for a link). */
export interface EntityLabel {
  label: string;
  /** The plan of an item, target, import or version: where the audit page links. */
  planId: number | null;
}

const idsOf = (refs: readonly { type: string; id: string }[], type: string): number[] => [
  ...new Set(
    refs
      .filter((r) => r.type === type && /^\d{1,10}$/.test(r.id))
      .map((r) => Number(r.id))
      .filter((n) => n <= 2_147_483_647),
  ),
];

/**
 * Names the entities of audit rows as people know them — 用户 王芳 (wangfang), 单位 市商务局, 任务 (3) 电子商务进农村
 * — in one query per entity type, instead of "用户 #2". Entities since removed (a revoked session) get none.
 * Keyed by `type:id`.
 */
export async function entityLabels(
  db: Kysely<Database>,
  refs: readonly { type: string; id: string }[],
): Promise<Map<string, EntityLabel>> {
  const out = new Map<string, EntityLabel>();
  const put = (type: string, id: number, label: string, planId: number | null = null) =>
    out.set(`${type}:${id}`, { label, planId });

  const users = idsOf(refs, 'user');
  if (users.length > 0)
    for (const u of await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('id', 'in', users)
      .execute())
      put(
        'user',
        u.id,
        u.display_name && u.display_name !== u.username ? `${u.display_name}（${u.username}）` : u.username,
      );

  const units = idsOf(refs, 'unit');
  if (units.length > 0)
    for (const u of await db
      .selectFrom('units as u')
      .leftJoin('areas as a', 'a.id', 'u.area_id')
      .select(['u.id', 'u.name', 'a.name as area'])
      .where('u.id', 'in', units)
      .execute())
      put('unit', u.id, u.area ? `${u.name}（${u.area}）` : u.name);

  const plans = idsOf(refs, 'plan');
  if (plans.length > 0)
    for (const p of await db.selectFrom('plans').select(['id', 'title']).where('id', 'in', plans).execute())
      put('plan', p.id, p.title, p.id);

  const nodes = idsOf(refs, 'plan_node');
  if (nodes.length > 0)
    for (const n of await db
      .selectFrom('plan_nodes')
      .select(['id', 'plan_id', 'label', 'title'])
      .where('id', 'in', nodes)
      .execute())
      put('plan_node', n.id, `${n.label} ${n.title}`.trim(), n.plan_id);

  const targets = idsOf(refs, 'target');
  if (targets.length > 0)
    for (const t of await db
      .selectFrom('targets')
      .select(['id', 'plan_id', 'indicator'])
      .where('id', 'in', targets)
      .execute())
      put('target', t.id, t.indicator, t.plan_id);

  const imports = idsOf(refs, 'import');
  if (imports.length > 0)
    for (const i of await db
      .selectFrom('imports')
      .select(['id', 'file_name', 'draft_json', 'confirmed_plan_id', 'plan_id'])
      .where('id', 'in', imports)
      .execute()) {
      let title = '';
      try {
        title = (JSON.parse(i.draft_json) as PlanDraft).title;
      } catch {
        title = '';
      }
      put('import', i.id, title || i.file_name || `#${i.id}`, i.confirmed_plan_id ?? i.plan_id);
    }

  const tokens = idsOf(refs, 'api_token');
  if (tokens.length > 0)
    for (const t of await db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'prefix'])
      .where('id', 'in', tokens)
      .execute())
      put('api_token', t.id, `${t.name}（${t.prefix}…）`);

  const areas = idsOf(refs, 'area');
  if (areas.length > 0)
    for (const a of await db
      .selectFrom('areas')
      .select(['id', 'name', 'code'])
      .where('id', 'in', areas)
      .execute())
      put('area', a.id, `${a.name}（${a.code}）`);

  // Delivery (issue 9): a work plan or progress report by its task and unit (and period).
  const workPlans = idsOf(refs, 'work_plan');
  if (workPlans.length > 0)
    for (const w of await db
      .selectFrom('work_plans as w')
      .innerJoin('plan_nodes as n', 'n.id', 'w.node_id')
      .innerJoin('units as u', 'u.id', 'w.unit_id')
      .select(['w.id', 'w.plan_id', 'n.label', 'n.title', 'u.name'])
      .where('w.id', 'in', workPlans)
      .execute())
      put('work_plan', w.id, `${`${w.label} ${w.title}`.trim()} · ${w.name}`, w.plan_id);

  const reports = idsOf(refs, 'progress_report');
  if (reports.length > 0)
    for (const r of await db
      .selectFrom('progress_reports as r')
      .innerJoin('plan_nodes as n', 'n.id', 'r.node_id')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['r.id', 'r.plan_id', 'r.period', 'n.label', 'n.title', 'u.name'])
      .where('r.id', 'in', reports)
      .execute())
      put('progress_report', r.id, `${`${r.label} ${r.title}`.trim()} · ${r.name} · ${r.period}`, r.plan_id);

  return out;
}
