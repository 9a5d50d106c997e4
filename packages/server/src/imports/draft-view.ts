import type { PlanDraft } from '@luoshi/core';
import type { Kysely } from 'kysely';
import type { Database, ImportRow } from '../db/schema.js';
import { JurisdictionUnitIndex, normalizeUnitName, type MatchedBy } from '../units/unit-names.js';
import { unitsRepository } from '../units/units-repository.js';
import { plansRepository, type PlanNodeView, type TargetView } from '../plans/plans-repository.js';
import { loadAreaTree } from '../areas/areas-service.js';
import type { AreaRef } from '../areas/area-tree.js';
import type { AreaSource } from '../areas/areas-service.js';
import { draftUnitNames, flattenDraft } from './draft-tree.js';
import { diffPlanNodes, diffTargets, type DiffNode, type PlanChanges } from './plan-diff.js';
import { parseDraft } from './drafts.js';
import { bodyWithoutDeadline, deadlineKey } from '../plans/deadlines.js';

export type ImportStatus = 'draft' | 'confirmed' | 'discarded';

export interface UnitResolution {
  name: string;
  unitId: number | null;
  unitName: string | null;
  matchedBy: MatchedBy | null;
}

export interface ImportDraftView {
  id: number;
  planId: number | null;
  status: ImportStatus;
  fileName: string | null;
  format: string;
  encoding: string | null;
  sourceText: string;
  draft: PlanDraft;
  /** The jurisdiction the plan will belong to; the draft's unit names are resolved there. */
  area: AreaRef | null;
  /** How it was chosen: issuer (detected), plan (a re-import keeps its plan's), home (the default), reviewer. */
  areaSource: AreaSource | null;
  unitResolution: UnitResolution[];
  changes: PlanChanges | null;
  createdAt: string;
  updatedAt: string;
}

/** Name resolution for a draft: within its jurisdiction and those above it (see `JurisdictionUnitIndex`). */
export async function draftUnitIndex(
  db: Kysely<Database>,
  areaId: number | null,
): Promise<JurisdictionUnitIndex> {
  const chain = areaId === null ? [] : (await loadAreaTree(db)).chain(areaId);
  return new JurisdictionUnitIndex(await unitsRepository.registry(db, chain), chain);
}

/** The plan's current items in the diff's terms; units keyed by id. */
export function planDiffNodes(roots: PlanNodeView[]): DiffNode[] {
  const out: DiffNode[] = [];
  const walk = (nodes: PlanNodeView[], labels: string[]) => {
    for (const n of nodes) {
      const ls = [...labels, n.label];
      out.push({
        path: n.path,
        labels: ls,
        title: n.title,
        body: bodyWithoutDeadline(n.body, n.deadline),
        leadUnits: n.leadUnits.map((u) => `#${u.id}`),
        supportUnits: n.supportUnits.map((u) => `#${u.id}`),
        deadline: deadlineKey(n.deadline),
      });
      walk(n.children, ls);
    }
  };
  walk(roots, []);
  return out;
}

/** The draft's items in the diff's terms: names the registry knows are keyed by unit id, others by name. */
function draftDiffNodes(draft: PlanDraft, index: JurisdictionUnitIndex): DiffNode[] {
  const key = (name: string) => {
    const hit = index.resolve(name);
    return hit ? `#${hit.unitId}` : `?${normalizeUnitName(name)}`;
  };
  return flattenDraft(draft.nodes).map((f) => ({
    path: f.path,
    labels: f.labels,
    title: f.node.title,
    body: bodyWithoutDeadline(f.node.body, f.node.deadline),
    leadUnits: f.node.leadUnits.map(key),
    supportUnits: f.node.supportUnits.map(key),
    deadline: deadlineKey(f.node.deadline),
  }));
}

/**
 * What confirming the draft would change in the plan as it stands now: the changes, which draft item continues
 * which stored one (new path → old path), and the plan's current items and targets the pairing refers to.
 */
export async function computeChanges(
  db: Kysely<Database>,
  planId: number,
  draft: PlanDraft,
  index: JurisdictionUnitIndex,
): Promise<{
  changes: PlanChanges;
  continued: Map<string, string>;
  roots: PlanNodeView[];
  targets: TargetView[];
}> {
  const { roots } = await plansRepository.nodeTree(db, planId);
  const { changes, continued } = diffPlanNodes(planDiffNodes(roots), draftDiffNodes(draft, index));
  const targets = await plansRepository.targets(db, planId);
  return { changes: { ...changes, ...diffTargets(targets, draft.targets) }, continued, roots, targets };
}

export async function toView(db: Kysely<Database>, row: ImportRow): Promise<ImportDraftView> {
  const draft = parseDraft(row);
  const index = await draftUnitIndex(db, row.area_id);
  const unitResolution = draftUnitNames(draft).map((name) => {
    const hit = index.resolve(name);
    return {
      name,
      unitId: hit?.unitId ?? null,
      unitName: hit?.unitName ?? null,
      matchedBy: hit?.matchedBy ?? null,
    };
  });
  // What a re-import would change is measured against the plan as it stands now, so it stays true while the
  // draft is being corrected and while others edit the plan.
  const changes =
    row.plan_id !== null && row.status === 'draft'
      ? (await computeChanges(db, row.plan_id, draft, index)).changes
      : null;
  return {
    id: row.id,
    planId: row.plan_id,
    status: row.status as ImportStatus,
    fileName: row.file_name,
    format: row.format,
    encoding: row.encoding,
    sourceText: row.source_text,
    draft,
    area: (await loadAreaTree(db)).ref(row.area_id),
    areaSource: row.area_source as AreaSource | null,
    unitResolution,
    changes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
