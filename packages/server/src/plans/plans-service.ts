import { checkedDeadline, deadlineJson, type DeadlineInput } from './deadlines.js';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { lockRows, nowIso, toFlag } from '../db/dialect.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { changeOf } from '../audit/changes.js';
import { DomainError, defineErrorCodes } from '../errors/index.js';
import { loadAreaTree } from '../areas/areas-service.js';
import { preparedQuery } from '../db/prepared.js';
import { unitsRepository, type Unit } from '../units/units-repository.js';
import { decodeCursor } from '../db/keyset.js';
import { readPlanListPage } from './plan-list.js';
import { readStoredPlanDocument } from './plan-read-model.js';
import type { PlansQuery } from './schemas.js';
import {
  plansRepository,
  toTargetView,
  type PlanDetail,
  type PlanNodeView,
  type RetiredNodeView,
  type RetiredTargetView,
  type TargetView,
} from './plans-repository.js';

defineErrorCodes({
  RETIRED: {
    status: 409,
    message: {
      zh: '该条目已在方案的新版本中撤销，只能查看，不能修改。',
      en: 'This was retired by a later version of the plan: it can be read, not changed.',
    },
  },
});

/** RETIRED (409): a write to an item or target a re-import retired (in `version`). */
export const retired = (what: 'item' | 'target', version: number) =>
  new DomainError('RETIRED', {
    message:
      what === 'item'
        ? {
            zh: `该任务已在第 ${version} 版中撤销，只能查看，不能修改。`,
            en: `This item was retired in version ${version}: it can be read, not changed.`,
          }
        : {
            zh: `该目标已在第 ${version} 版中撤销，只能查看，不能修改。`,
            en: `This target was retired in version ${version}: it can be read, not changed.`,
          },
  });

/** Who is asking, as far as plan visibility and editing rights go. */
export interface Viewer {
  role: Role;
  unitId: number | null;
}

/** Enterprise reporters and the public see published plans only. */
const publishedOnlyFor = (viewer: Viewer | null): boolean =>
  viewer === null || viewer.role === 'enterprise_reporter';

/** A page of the plans list the viewer may see, filtered and in the order asked for, as the JSON sent. */
export async function listPlans(
  db: Kysely<Database>,
  viewer: Viewer | null,
  query: PlansQuery,
): Promise<Buffer> {
  const sort = query.sort ?? 'updatedAt';
  const order = query.order ?? (sort === 'title' ? 'asc' : 'desc');
  return readPlanListPage(db, {
    publishedOnly: publishedOnlyFor(viewer),
    published: query.published,
    q: query.q?.trim() || undefined,
    sort,
    order,
    after: decodeCursor(query.cursor, sort, order),
    limit: query.limit ?? 50,
  });
}

/**
 * The plan a viewer may see as the JSON the API sends (see plan-document.ts), or PLAN_NOT_FOUND: an unpublished
 * plan does not exist for the public. Without the items' notes for those who see only published plans: notes are
 * the working remarks of units and the secretariat, not part of the published plan.
 */
export async function getPlanDocument(
  db: Kysely<Database>,
  id: number,
  viewer: Viewer | null,
): Promise<Buffer | string> {
  const doc = await readStoredPlanDocument(db, id, !publishedOnlyFor(viewer));
  if (doc === null) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${id}` });
  return doc;
}

/** The plan as an object (for writes that answer with it, and tests); the GET routes send the document itself. */
export async function getPlanDetail(
  db: Kysely<Database>,
  id: number,
  viewer: Viewer | null,
): Promise<PlanDetail> {
  const doc = await getPlanDocument(db, id, viewer);
  return JSON.parse(typeof doc === 'string' ? doc : doc.toString('utf8')) as PlanDetail;
}

/**
 * The items and targets re-imports retired, under the plan's visibility: out of the current plan, still readable
 * with their notes (for those who may read notes) and units.
 */
export async function getRetired(
  db: Kysely<Database>,
  id: number,
  viewer: Viewer | null,
): Promise<{ nodes: RetiredNodeView[]; targets: RetiredTargetView[] }> {
  if (!(await plansRepository.visible(db, id, publishedOnlyFor(viewer))))
    throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${id}` });
  const nodes = await plansRepository.retiredNodes(db, id);
  if (publishedOnlyFor(viewer)) for (const n of nodes) n.note = '';
  return { nodes, targets: await plansRepository.retiredTargets(db, id) };
}

/** The text a plan was imported from, under the same visibility as the plan itself. */
export async function getPlanSource(
  db: Kysely<Database>,
  id: number,
  viewer: Viewer | null,
): Promise<{ sourceText: string }> {
  let q = db.selectFrom('plans').select('source_text').where('id', '=', id);
  if (publishedOnlyFor(viewer)) q = q.where('published', '=', 1);
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${id}` });
  return { sourceText: row.source_text };
}

async function requirePlanRow(db: Db, id: number) {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${id}` });
  return row;
}

/** Renames or (un)publishes a plan; audited. */
export async function updatePlan(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: { title?: string; published?: boolean },
): Promise<PlanDetail> {
  await withTransaction(db, async (trx) => {
    await lockRows(trx, 'plans', [id]);
    const before = await requirePlanRow(trx, id);
    const set: { title?: string; published?: number; updated_at: string } = { updated_at: nowIso() };
    if (input.title !== undefined) set.title = input.title.trim();
    if (input.published !== undefined) set.published = toFlag(input.published);
    await trx.updateTable('plans').set(set).where('id', '=', id).execute();
    const after = await requirePlanRow(trx, id);
    await audited(trx, actor, {
      action: 'plan.update',
      entityType: 'plan',
      entityId: id,
      ...changeOf(
        { title: before.title, published: before.published === 1 },
        { title: after.title, published: after.published === 1 },
      ),
    });
  });
  return getPlanDetail(db, id, { role: 'admin', unitId: null });
}

/** Marks the plan changed now; its row stays locked (PostgreSQL) until the transaction ends. */
async function touchPlan(db: Db, planId: number): Promise<void> {
  const r = await db
    .updateTable('plans')
    .set({ updated_at: nowIso() })
    .where('id', '=', planId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
}

async function loadNode(db: Db, planId: number, nodeId: number): Promise<PlanNodeView> {
  const found = await plansRepository.node(db, planId, nodeId);
  if (found) {
    const { retiredInVersion, ...node } = found;
    if (retiredInVersion !== null) throw retired('item', retiredInVersion);
    return node;
  }
  await requirePlanRow(db, planId);
  throw new DomainError('NOT_FOUND', {
    message: { zh: '该方案中没有这个条目。', en: 'The plan has no such item.' },
    detail: `node ${nodeId}`,
  });
}

// Keeping a note is the most frequent edit of all (every unit, every reporting round): compiled once.
const setNodeNote = preparedQuery((db, nodeId: number, note: string) =>
  db.updateTable('plan_nodes').set({ note }).where('id', '=', nodeId),
);

const withoutChildren = ({ children: _c, ...rest }: PlanNodeView) => rest;

export interface NodeUpdate {
  title?: string;
  body?: string;
  note?: string;
  leadUnitIds?: number[];
  supportUnitIds?: number[];
  /** null clears it. */
  deadline?: DeadlineInput | null;
}

/**
 * Edits a plan item. The secretariat and admins may change everything; a unit officer may only keep the note of
 * an item their unit leads or supports. Audited with the item before and after.
 */
export async function updateNode(
  db: Kysely<Database>,
  actor: Actor,
  viewer: Viewer,
  planId: number,
  nodeId: number,
  input: NodeUpdate,
): Promise<PlanNodeView> {
  const unitsChanged = input.leadUnitIds !== undefined || input.supportUnitIds !== undefined;
  // A note is a working remark, not a change of the plan's content: it leaves the plan's updated_at alone.
  const contentChanged =
    unitsChanged || input.title !== undefined || input.body !== undefined || input.deadline !== undefined;
  const deadline =
    input.deadline === undefined || input.deadline === null
      ? input.deadline
      : checkedDeadline(input.deadline, '/body/deadline');
  const leadIds = input.leadUnitIds && [...new Set(input.leadUnitIds)];
  const supportIds = input.supportUnitIds && [...new Set(input.supportUnitIds)];
  return withTransaction(db, async (trx) => {
    // Locks in the order a re-import takes them (the plan, then its items), so the two cannot deadlock; the
    // item's lock makes concurrent edits of it run one after the other, each reading the state the previous
    // one left (its audit "before") and replacing the units that one wrote, never interleaving two replacements.
    if (contentChanged) await touchPlan(trx, planId);
    await lockRows(trx, 'plan_nodes', [nodeId]);
    const before = await loadNode(trx, planId, nodeId);
    if (viewer.role !== 'admin' && viewer.role !== 'secretariat') {
      const onlyNote = Object.keys(input).every((k) => k === 'note');
      const ownsNode =
        viewer.role === 'unit_officer' &&
        viewer.unitId !== null &&
        [...before.leadUnits, ...before.supportUnits].some((u) => u.id === viewer.unitId);
      if (!onlyNote || !ownsNode) {
        throw new DomainError('FORBIDDEN', {
          message: onlyNote
            ? {
                zh: '只能为本单位牵头或配合的任务填写备注。',
                en: 'You may only keep notes on tasks your unit leads or supports.',
              }
            : { zh: '责任单位只能修改任务备注。', en: 'A unit officer may only change the note of a task.' },
        });
      }
    }
    const set: { title?: string; body?: string; note?: string } = {};
    if (input.title !== undefined) set.title = input.title.trim();
    if (input.body !== undefined) set.body = input.body;
    if (input.note !== undefined) set.note = input.note;
    const fields = Object.keys(set);
    if (fields.length === 1 && set.note !== undefined && deadline === undefined)
      await setNodeNote(trx, nodeId, set.note);
    else if (fields.length > 0 || deadline !== undefined)
      await trx
        .updateTable('plan_nodes')
        .set({ ...set, ...(deadline !== undefined && { deadline_json: deadlineJson(deadline) }) })
        .where('id', '=', nodeId)
        .execute();
    if (unitsChanged) {
      // Every unit checked (and, on PostgreSQL, held shared so a merge cannot take it away meanwhile) before
      // any link changes.
      const wanted = [...new Set([...(leadIds ?? []), ...(supportIds ?? [])])];
      await lockRows(trx, 'units', wanted, 'share');
      const live = new Set(await unitsRepository.liveIds(trx, wanted));
      const missing = wanted.find((id) => !live.has(id));
      if (missing !== undefined) throw new DomainError('UNIT_NOT_FOUND', { detail: `unit ${missing}` });
      await checkUnitsInJurisdiction(trx, planId, wanted);
      if (leadIds) await plansRepository.replaceNodeUnits(trx, nodeId, 'lead', leadIds);
      if (supportIds) await plansRepository.replaceNodeUnits(trx, nodeId, 'support', supportIds);
      await plansRepository.refreshCounts(trx, [planId]);
    }
    const after = unitsChanged
      ? await loadNode(trx, planId, nodeId)
      : { ...before, ...set, ...(deadline !== undefined && { deadline }) };
    await audited(trx, actor, {
      action: 'plan_node.update',
      entityType: 'plan_node',
      entityId: nodeId,
      // The fields that changed (a note edit: the old and new note), with the plan the item belongs to.
      ...changeOf(withoutChildren(before), withoutChildren(after), { planId }),
    });
    return after;
  });
}

/**
 * A plan's items may name units of its jurisdiction and of those above it, never another city's: what keeps a
 * unit's page from mixing cities.
 */
async function checkUnitsInJurisdiction(db: Db, planId: number, unitIds: readonly number[]): Promise<void> {
  if (unitIds.length === 0) return;
  const plan = await requirePlanRow(db, planId);
  const tree = await loadAreaTree(db);
  const allowed = new Set(plan.area_id === null ? [] : tree.chain(plan.area_id));
  const units = await unitsRepository.list(db, { includeMerged: true });
  const outside = units.find((u) => unitIds.includes(u.id) && (u.areaId === null || !allowed.has(u.areaId)));
  if (outside)
    throw new DomainError('UNIT_AREA_MISMATCH', {
      message: {
        zh: `单位“${outside.name}”属于${outside.area?.name ?? '其他辖区'}，不属于本方案的辖区。`,
        en: `The unit "${outside.name}" belongs to ${outside.area?.name ?? 'another jurisdiction'}, not to the plan's.`,
      },
      detail: `unit ${outside.id}`,
    });
}

export interface TargetUpdate {
  indicator: string;
  comparator: string;
  value: number;
  unit: string;
  deadlineYear: number | null;
  cumulative: boolean;
}

/** Corrects a target of a confirmed plan; audited. */
export async function putTarget(
  db: Kysely<Database>,
  actor: Actor,
  planId: number,
  targetId: number,
  input: TargetUpdate,
): Promise<TargetView> {
  return withTransaction(db, async (trx) => {
    // The plan first, then the target: the order a re-import (which replaces the plan's targets) takes them.
    await touchPlan(trx, planId);
    await lockRows(trx, 'targets', [targetId]);
    const row = await trx
      .selectFrom('targets')
      .selectAll()
      .where('id', '=', targetId)
      .where('plan_id', '=', planId)
      .executeTakeFirst();
    if (!row)
      throw new DomainError('NOT_FOUND', {
        message: { zh: '该方案中没有这个目标。', en: 'The plan has no such target.' },
        detail: `target ${targetId}`,
      });
    if (row.retired_in_version !== null) throw retired('target', row.retired_in_version);
    await trx
      .updateTable('targets')
      .set({
        indicator: input.indicator.trim(),
        comparator: input.comparator,
        value: input.value,
        unit: input.unit,
        deadline_year: input.deadlineYear,
        cumulative: toFlag(input.cumulative),
      })
      .where('id', '=', targetId)
      .execute();
    const after = toTargetView(
      await trx.selectFrom('targets').selectAll().where('id', '=', targetId).executeTakeFirstOrThrow(),
    );
    await audited(trx, actor, {
      action: 'target.update',
      entityType: 'target',
      entityId: targetId,
      ...changeOf(toTargetView(row), after, { planId }),
    });
    return after;
  });
}

/** Each unit's share of a plan: how many items it leads and supports, most lead tasks first. */
export async function planUnits(
  db: Kysely<Database>,
  planId: number,
): Promise<{ unit: Unit; leadTasks: number; supportTasks: number }[]> {
  await requirePlanRow(db, planId);
  const rows = await db
    .selectFrom('plan_node_units as l')
    .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
    .select(['l.unit_id', 'l.role', (e) => e.fn.countAll<number>().as('c')])
    .where('n.plan_id', '=', planId)
    .where('n.retired_at', 'is', null)
    .groupBy(['l.unit_id', 'l.role'])
    .execute();
  const units = new Map((await unitsRepository.list(db, { includeMerged: true })).map((u) => [u.id, u]));
  const share = new Map<number, { unit: Unit; leadTasks: number; supportTasks: number }>();
  for (const r of rows) {
    const u = units.get(r.unit_id);
    if (!u) continue;
    const { mergedIntoId: _m, ...unit } = u;
    const entry = share.get(r.unit_id) ?? { unit, leadTasks: 0, supportTasks: 0 };
    if (r.role === 'support') entry.supportTasks += Number(r.c);
    else entry.leadTasks += Number(r.c);
    share.set(r.unit_id, entry);
  }
  return [...share.values()].sort(
    (a, b) => b.leadTasks - a.leadTasks || b.supportTasks - a.supportTasks || a.unit.id - b.unit.id,
  );
}
