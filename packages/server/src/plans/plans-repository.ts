import type { Kysely } from 'kysely';
import type { Database, PlanNodeRow, TargetRow } from '../db/schema.js';
import { fromFlag } from '../db/dialect.js';
import { preparedQuery, preparedSql } from '../db/prepared.js';
import type { Db } from '../audit/audit.js';
import type { AreaRef } from '../areas/area-tree.js';
import { parseDeadline, type PlanDeadline } from './deadlines.js';

export interface UnitRef {
  id: number;
  name: string;
}

export interface PlanNodeView {
  id: number;
  parentId: number | null;
  path: string;
  label: string;
  kind: string;
  title: string;
  body: string;
  note: string;
  spanStart: number;
  spanEnd: number;
  /** The completion deadline the item states, or null. */
  deadline: PlanDeadline | null;
  leadUnits: UnitRef[];
  supportUnits: UnitRef[];
  children: PlanNodeView[];
}

export interface TargetView {
  id: number;
  nodeId: number | null;
  indicator: string;
  comparator: string;
  value: number;
  unit: string;
  deadlineYear: number | null;
  cumulative: boolean;
  text: string;
  spanStart: number;
  spanEnd: number;
}

/** An item a re-import dropped: out of the current tree, kept with its note, units and history. */
export interface RetiredNodeView extends Omit<PlanNodeView, 'children'> {
  retiredAt: string;
  /** The first version without the item. */
  retiredInVersion: number;
}

export interface RetiredTargetView extends TargetView {
  retiredAt: string;
  retiredInVersion: number;
}

export interface PlanSummary {
  id: number;
  title: string;
  issuer: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  published: boolean;
  version: number;
  /** Items that carry their own lead units: the tasks someone answers for. */
  taskCount: number;
  targetCount: number;
  /** Distinct units leading or supporting any item. */
  unitCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface PlanDetail extends PlanSummary {
  documentNumber: string | null;
  references: string[];
  /** The jurisdiction of the government that issued the plan. */
  area: AreaRef | null;
  nodes: PlanNodeView[];
  targets: TargetView[];
}

/** A plan's own fields, as a version's snapshot keeps them. */
export interface PlanHeader {
  id: number;
  title: string;
  issuer: string | null;
  documentNumber: string | null;
  references: string[];
  periodFrom: number | null;
  periodTo: number | null;
  area: AreaRef | null;
}

/** A JSON array of strings as stored in a text column; anything else reads as empty. */
export function parseStringArray(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function toTargetView(t: TargetRow): TargetView {
  return {
    id: t.id,
    nodeId: t.node_id,
    indicator: t.indicator,
    comparator: t.comparator,
    value: Number(t.value),
    unit: t.unit,
    deadlineYear: t.deadline_year,
    cumulative: fromFlag(t.cumulative),
    text: t.text,
    spanStart: t.span_start,
    spanEnd: t.span_end,
  };
}

/** Recomputes one plan's stored counts from its items (the same definition as the list's columns document). */
// Counts are of the current version: items and targets a re-import retired are not counted.
const PLAN_COUNTS_SET = `
  task_count = (select count(*) from plan_nodes n where n.plan_id = plans.id and n.retired_at is null and exists
    (select 1 from plan_node_units l where l.node_id = n.id and l.role = 'lead')),
  target_count = (select count(*) from targets t where t.plan_id = plans.id and t.retired_at is null),
  unit_count = (select count(distinct l.unit_id) from plan_node_units l
    join plan_nodes n on n.id = l.node_id where n.plan_id = plans.id and n.retired_at is null)`;
const refreshPlanCounts = preparedSql<never>({
  sqlite: `update plans set ${PLAN_COUNTS_SET} where id = $1`,
  postgres: `update plans set ${PLAN_COUNTS_SET} where id = $1`,
});

// One statement for the item and its units: this is on the path of every audited item edit.
const nodeWithUnits = preparedQuery((db, planId: number, nodeId: number) =>
  db
    .selectFrom('plan_nodes as n')
    .leftJoin('plan_node_units as l', 'l.node_id', 'n.id')
    .leftJoin('units as u', 'u.id', 'l.unit_id')
    .selectAll('n')
    .select(['l.role as link_role', 'u.id as unit_id', 'u.name as unit_name'])
    .where('n.id', '=', nodeId)
    .where('n.plan_id', '=', planId)
    .orderBy('l.position'),
);

type NodeFields = Omit<PlanNodeView, 'leadUnits' | 'supportUnits' | 'children'>;

/** An item's own fields as the API names them, from its row; the callers add its units and children. */
function nodeFields(
  r: Pick<
    PlanNodeRow,
    | 'id'
    | 'parent_id'
    | 'path'
    | 'label'
    | 'kind'
    | 'title'
    | 'body'
    | 'note'
    | 'span_start'
    | 'span_end'
    | 'deadline_json'
  >,
): NodeFields {
  return {
    id: r.id,
    parentId: r.parent_id,
    path: r.path,
    label: r.label,
    kind: r.kind,
    title: r.title,
    body: r.body,
    note: r.note,
    spanStart: r.span_start,
    spanEnd: r.span_end,
    deadline: parseDeadline(r.deadline_json),
  };
}

/** Storage of confirmed plans: their items, unit links and targets. */
export const plansRepository = {
  /**
   * Recomputes the counts stored on these plans' rows from their items. Called in the transaction of every write
   * that adds or removes items, unit links or targets (confirming an import, editing an item's units, merging
   * units), so that the plans list reads counts instead of counting. Costs one pass over those plans' items.
   */
  async refreshCounts(db: Db, planIds: readonly number[]): Promise<void> {
    for (const id of new Set(planIds)) await refreshPlanCounts(db, id);
  },

  /** The plans whose items link this unit (before a merge moves its links). */
  async planIdsLinking(db: Db, unitId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('plan_node_units as l')
      .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
      .select('n.plan_id')
      .distinct()
      .where('l.unit_id', '=', unitId)
      .execute();
    return rows.map((r) => r.plan_id);
  },

  /** Whether the plan exists (and is published, when only published plans may be seen). */
  async visible(db: Db, planId: number, publishedOnly: boolean): Promise<boolean> {
    let q = db.selectFrom('plans').select('id').where('id', '=', planId);
    if (publishedOnly) q = q.where('published', '=', 1);
    return (await q.executeTakeFirst()) !== undefined;
  },

  /** The plan's own fields (not its items, nor its source text) with its jurisdiction, or null. */
  async header(db: Db, planId: number): Promise<PlanHeader | null> {
    const r = await db
      .selectFrom('plans as p')
      .leftJoin('areas as a', 'a.id', 'p.area_id')
      .select([
        'p.id',
        'p.title',
        'p.issuer',
        'p.document_number',
        'p.references_json',
        'p.period_from',
        'p.period_to',
        'p.area_id',
        'a.code as area_code',
        'a.name as area_name',
      ])
      .where('p.id', '=', planId)
      .executeTakeFirst();
    if (!r) return null;
    return {
      id: r.id,
      title: r.title,
      issuer: r.issuer,
      documentNumber: r.document_number,
      references: parseStringArray(r.references_json),
      periodFrom: r.period_from,
      periodTo: r.period_to,
      area:
        r.area_id !== null && r.area_code !== null && r.area_name !== null
          ? { id: r.area_id, code: r.area_code, name: r.area_name }
          : null,
    };
  },

  /**
   * The plan's current items as a tree, siblings in order, each with its lead and supporting units. Items a
   * re-import retired are left out (see `retiredNodes`).
   */
  async nodeTree(
    db: Kysely<Database>,
    planId: number,
  ): Promise<{ roots: PlanNodeView[]; byId: Map<number, PlanNodeView> }> {
    const rows = await db
      .selectFrom('plan_nodes')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('retired_at', 'is', null)
      .orderBy('id')
      .execute();
    const links = await db
      .selectFrom('plan_node_units as l')
      .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['l.node_id', 'l.role', 'u.id', 'u.name'])
      .where('n.plan_id', '=', planId)
      .where('n.retired_at', 'is', null)
      .orderBy('l.node_id')
      .orderBy('l.position')
      .execute();
    const byId = new Map<number, PlanNodeView>();
    const position = new Map<number, number>();
    for (const r of rows) {
      position.set(r.id, r.position);
      byId.set(r.id, {
        ...nodeFields(r),
        leadUnits: [],
        supportUnits: [],
        children: [],
      });
    }
    for (const l of links) {
      const node = byId.get(l.node_id);
      if (node) (l.role === 'support' ? node.supportUnits : node.leadUnits).push({ id: l.id, name: l.name });
    }
    const roots: PlanNodeView[] = [];
    for (const node of byId.values()) {
      const parent = node.parentId === null ? undefined : byId.get(node.parentId);
      (parent ? parent.children : roots).push(node);
    }
    const sort = (list: PlanNodeView[]) => {
      list.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
      for (const n of list) sort(n.children);
    };
    sort(roots);
    return { roots, byId };
  },

  /**
   * One item of a plan with its units (children left empty), or null when the plan has no such item; a retired
   * item is found too, with `retiredInVersion` set.
   */
  async node(
    db: Db,
    planId: number,
    nodeId: number,
  ): Promise<(PlanNodeView & { retiredInVersion: number | null }) | null> {
    const { rows } = await nodeWithUnits(db, planId, nodeId);
    const r = rows[0];
    if (!r) return null;
    const units = (role: 'lead' | 'support') =>
      rows
        .filter(
          (x) =>
            x.unit_id !== null &&
            x.unit_name !== null &&
            (x.link_role === 'support') === (role === 'support'),
        )
        .map((x) => ({ id: x.unit_id!, name: x.unit_name! }));
    return {
      ...nodeFields(r),
      leadUnits: units('lead'),
      supportUnits: units('support'),
      children: [],
      retiredInVersion: r.retired_in_version,
    };
  },

  /** The plan's current targets, in document order (retired ones: `retiredTargets`). */
  async targets(db: Kysely<Database>, planId: number): Promise<TargetView[]> {
    const rows = await db
      .selectFrom('targets')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('retired_at', 'is', null)
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map(toTargetView);
  },

  async replaceNodeUnits(
    db: Kysely<Database>,
    nodeId: number,
    role: 'lead' | 'support',
    unitIds: readonly number[],
  ): Promise<void> {
    await db.deleteFrom('plan_node_units').where('node_id', '=', nodeId).where('role', '=', role).execute();
    if (unitIds.length > 0) {
      await db
        .insertInto('plan_node_units')
        .values(unitIds.map((unit_id, position) => ({ node_id: nodeId, unit_id, role, position })))
        .execute();
    }
  },

  /** Items a re-import retired, newest retirement first, with their units and notes. */
  async retiredNodes(db: Kysely<Database>, planId: number): Promise<RetiredNodeView[]> {
    const rows = await db
      .selectFrom('plan_nodes')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('retired_at', 'is not', null)
      .orderBy('retired_in_version', 'desc')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const links = await db
      .selectFrom('plan_node_units as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['l.node_id', 'l.role', 'u.id', 'u.name'])
      .where(
        'l.node_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('l.node_id')
      .orderBy('l.position')
      .execute();
    return rows.map((r) => ({
      ...nodeFields(r),
      leadUnits: links
        .filter((l) => l.node_id === r.id && l.role !== 'support')
        .map((l) => ({ id: l.id, name: l.name })),
      supportUnits: links
        .filter((l) => l.node_id === r.id && l.role === 'support')
        .map((l) => ({ id: l.id, name: l.name })),
      retiredAt: r.retired_at!,
      retiredInVersion: r.retired_in_version!,
    }));
  },

  /** Targets a re-import retired, newest retirement first. */
  async retiredTargets(db: Kysely<Database>, planId: number): Promise<RetiredTargetView[]> {
    const rows = await db
      .selectFrom('targets')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('retired_at', 'is not', null)
      .orderBy('retired_in_version', 'desc')
      .orderBy('id')
      .execute();
    return rows.map((t) => ({
      ...toTargetView(t),
      retiredAt: t.retired_at!,
      retiredInVersion: t.retired_in_version!,
    }));
  },
};
