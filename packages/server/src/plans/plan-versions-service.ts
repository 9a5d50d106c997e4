import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { diffPlanNodes, diffTargets, type DiffNode, type PlanChanges } from '../imports/plan-diff.js';
import { plansRepository, type PlanNodeView, type TargetView, type UnitRef } from './plans-repository.js';
import { planVersionsRepository } from './plan-versions-repository.js';
import { bodyWithoutDeadline, deadlineKey, type PlanDeadline } from './deadlines.js';
import type { AreaRef } from '../areas/area-tree.js';
import type { Viewer } from './plans-service.js';

/** An item as a version has it: its id (the same item in every version it continues), content and units. */
export interface VersionNode {
  id: number;
  path: string;
  label: string;
  kind: string;
  title: string;
  body: string;
  spanStart: number;
  spanEnd: number;
  /** Absent in versions recorded before deadlines were kept. */
  deadline?: PlanDeadline | null;
  leadUnits: UnitRef[];
  supportUnits: UnitRef[];
  children: VersionNode[];
}

/**
 * A confirmed version as it was: the plan's fields, its item tree and its targets, with ids. Notes are left out:
 * they are the units' working remarks on the live item, not part of the document.
 */
export interface PlanVersionSnapshot {
  title: string;
  issuer: string | null;
  documentNumber: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  references: string[];
  area: AreaRef | null;
  nodes: VersionNode[];
  targets: TargetView[];
}

export interface PlanVersionSummary {
  version: number;
  confirmedAt: string;
  confirmedBy: string | null;
  importId: number | null;
  sourceFileName: string | null;
  title: string;
  taskCount: number;
  targetCount: number;
}

export interface PlanVersionDetail extends PlanVersionSnapshot {
  planId: number;
  version: number;
  confirmedAt: string;
  confirmedBy: string | null;
  importId: number | null;
  sourceFileName: string | null;
  sourceText: string;
}

const toVersionNodes = (nodes: readonly PlanNodeView[]): VersionNode[] =>
  nodes.map((n) => ({
    id: n.id,
    path: n.path,
    label: n.label,
    kind: n.kind,
    title: n.title,
    body: n.body,
    spanStart: n.spanStart,
    spanEnd: n.spanEnd,
    deadline: n.deadline,
    leadUnits: n.leadUnits,
    supportUnits: n.supportUnits,
    children: toVersionNodes(n.children),
  }));

/** The plan's current version (fields, items, targets) as a snapshot. */
export async function snapshotPlan(db: Kysely<Database>, planId: number): Promise<PlanVersionSnapshot> {
  const plan = await plansRepository.header(db, planId);
  if (!plan) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
  const { roots } = await plansRepository.nodeTree(db, planId);
  return {
    title: plan.title,
    issuer: plan.issuer,
    documentNumber: plan.documentNumber,
    periodFrom: plan.periodFrom,
    periodTo: plan.periodTo,
    references: plan.references,
    area: plan.area,
    nodes: toVersionNodes(roots),
    targets: await plansRepository.targets(db, planId),
  };
}

/**
 * Records the plan's content, as it now stands, as version `version`: called in the confirming transaction,
 * after the content is written (and by the migration that backfills the versions of older plans).
 */
export async function recordPlanVersion(
  db: Db,
  v: {
    planId: number;
    version: number;
    sourceText: string;
    sourceFileName: string | null;
    confirmedAt: string;
    confirmedBy: number | null;
    importId: number | null;
  },
): Promise<void> {
  const snapshot = await snapshotPlan(db, v.planId);
  await planVersionsRepository.insert(db, {
    plan_id: v.planId,
    version: v.version,
    source_text: v.sourceText,
    source_file_name: v.sourceFileName,
    snapshot_json: JSON.stringify(snapshot),
    confirmed_at: v.confirmedAt,
    confirmed_by: v.confirmedBy,
    import_id: v.importId,
  });
}

/** Enterprise reporters and the public see published plans only (as in plans-service). */
const publishedOnlyFor = (viewer: Viewer | null): boolean =>
  viewer === null || viewer.role === 'enterprise_reporter';

async function requireVisible(db: Kysely<Database>, planId: number, viewer: Viewer | null): Promise<void> {
  if (!(await planVersionsRepository.planVisible(db, planId, publishedOnlyFor(viewer))))
    throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
}

const countTasks = (nodes: readonly VersionNode[]): number =>
  nodes.reduce((n, x) => n + (x.leadUnits.length > 0 ? 1 : 0) + countTasks(x.children), 0);

/** The plan's confirmed versions, newest first. */
export async function listPlanVersions(
  db: Kysely<Database>,
  planId: number,
  viewer: Viewer | null,
): Promise<PlanVersionSummary[]> {
  await requireVisible(db, planId, viewer);
  return (await planVersionsRepository.list(db, planId)).map((r) => {
    const s = JSON.parse(r.snapshot_json) as PlanVersionSnapshot;
    return {
      version: r.version,
      confirmedAt: r.confirmed_at,
      confirmedBy: r.confirmed_by_name,
      importId: r.import_id,
      sourceFileName: r.source_file_name,
      title: s.title,
      taskCount: countTasks(s.nodes),
      targetCount: s.targets.length,
    };
  });
}

async function requireVersion(db: Kysely<Database>, planId: number, version: number) {
  const row = await planVersionsRepository.get(db, planId, version);
  if (!row)
    throw new DomainError('NOT_FOUND', {
      message: { zh: `该方案没有第 ${version} 版。`, en: `The plan has no version ${version}.` },
      detail: `plan ${planId} version ${version}`,
    });
  return row;
}

/** One version as it was confirmed: its source text, fields, item tree and targets. */
export async function getPlanVersion(
  db: Kysely<Database>,
  planId: number,
  version: number,
  viewer: Viewer | null,
): Promise<PlanVersionDetail> {
  await requireVisible(db, planId, viewer);
  const row = await requireVersion(db, planId, version);
  return {
    ...(JSON.parse(row.snapshot_json) as PlanVersionSnapshot),
    planId,
    version: row.version,
    confirmedAt: row.confirmed_at,
    confirmedBy: row.confirmed_by_name,
    importId: row.import_id,
    sourceFileName: row.source_file_name,
    sourceText: row.source_text,
  };
}

/** A version's items in the diff's terms, units keyed by id (as the re-import diff keys the plan's). */
export function versionDiffNodes(nodes: readonly VersionNode[]): DiffNode[] {
  const out: DiffNode[] = [];
  const walk = (list: readonly VersionNode[], labels: string[]) => {
    for (const n of list) {
      const ls = [...labels, n.label];
      out.push({
        id: n.id,
        path: n.path,
        labels: ls,
        title: n.title,
        body: bodyWithoutDeadline(n.body, n.deadline),
        leadUnits: n.leadUnits.map((u) => `#${u.id}`),
        supportUnits: n.supportUnits.map((u) => `#${u.id}`),
        // An old snapshot has no deadlines: compared only when both versions do.
        ...(n.deadline !== undefined && { deadline: deadlineKey(n.deadline) }),
      });
      walk(n.children, ls);
    }
  };
  walk(nodes, []);
  return out;
}

/** What changed from version `from` to version `to` (either order), as a re-import's draft shows it. */
export async function diffPlanVersions(
  db: Kysely<Database>,
  planId: number,
  from: number,
  to: number,
  viewer: Viewer | null,
): Promise<{ from: number; to: number; changes: PlanChanges }> {
  await requireVisible(db, planId, viewer);
  const a = JSON.parse((await requireVersion(db, planId, from)).snapshot_json) as PlanVersionSnapshot;
  const b = JSON.parse((await requireVersion(db, planId, to)).snapshot_json) as PlanVersionSnapshot;
  const { changes } = diffPlanNodes(versionDiffNodes(a.nodes), versionDiffNodes(b.nodes));
  return { from, to, changes: { ...changes, ...diffTargets(a.targets, b.targets) } };
}
