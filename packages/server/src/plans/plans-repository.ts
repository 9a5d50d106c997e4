import type { Kysely } from 'kysely';
import type { Database, PlanRow, TargetRow } from '../db/schema.js';
import { fromFlag } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared.js';
import type { Db } from '../audit/audit.js';
import type { AreaRef } from '../areas/area-tree.js';

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

/** Storage of confirmed plans: their items, unit links and targets. */
export const plansRepository = {
  async summaries(
    db: Kysely<Database>,
    opts: { publishedOnly: boolean; id?: number },
  ): Promise<
    (PlanSummary & {
      row: Pick<PlanRow, 'document_number' | 'references_json'> & { area: AreaRef | null };
    })[]
  > {
    // Every column but source_text: a list of plans (and the plan page) never needs the whole document.
    // Counts are of the current version: retired items and targets are not counted.
    let q = db
      .selectFrom('plans as p')
      .leftJoin('areas as a', 'a.id', 'p.area_id')
      .select([
        'p.area_id',
        'a.code as area_code',
        'a.name as area_name',
        'p.id',
        'p.title',
        'p.issuer',
        'p.document_number',
        'p.references_json',
        'p.period_from',
        'p.period_to',
        'p.published',
        'p.version',
        'p.created_at',
        'p.updated_at',
      ])
      .select((eb) => [
        eb
          .selectFrom('plan_nodes as n')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('n.plan_id', '=', 'p.id')
          .where('n.retired_at', 'is', null)
          .where((e) =>
            e.exists(
              e
                .selectFrom('plan_node_units as l')
                .select('l.id')
                .whereRef('l.node_id', '=', 'n.id')
                .where('l.role', '=', 'lead'),
            ),
          )
          .as('task_count'),
        eb
          .selectFrom('targets as t')
          .select((e) => e.fn.countAll<number>().as('c'))
          .whereRef('t.plan_id', '=', 'p.id')
          .where('t.retired_at', 'is', null)
          .as('target_count'),
        eb
          .selectFrom('plan_node_units as l')
          .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
          .select((e) => e.fn.count<number>('l.unit_id').distinct().as('c'))
          .whereRef('n.plan_id', '=', 'p.id')
          .where('n.retired_at', 'is', null)
          .as('unit_count'),
      ])
      .orderBy('p.id');
    if (opts.publishedOnly) q = q.where('p.published', '=', 1);
    if (opts.id !== undefined) q = q.where('p.id', '=', opts.id);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      issuer: r.issuer,
      periodFrom: r.period_from,
      periodTo: r.period_to,
      published: fromFlag(r.published),
      version: r.version,
      taskCount: Number(r.task_count ?? 0),
      targetCount: Number(r.target_count ?? 0),
      unitCount: Number(r.unit_count ?? 0),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      row: {
        document_number: r.document_number,
        references_json: r.references_json,
        area:
          r.area_id !== null && r.area_code !== null && r.area_name !== null
            ? { id: r.area_id, code: r.area_code, name: r.area_name }
            : null,
      },
    }));
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
