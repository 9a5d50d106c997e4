import { parsePlan, type Diagnostic, type PlanDraft, type PlanPeriod } from '@luoshi/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ImportRow } from '../db/schema.js';
import { dialectOf, lockUnitRegistry, nowIso, toFlag } from '../db/dialect.js';
import { decodeCursor, pageOf, type Page } from '../db/keyset.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { guessUnitKind, normalizeUnitName, UnitNameIndex, type MatchedBy } from '../units/unit-names.js';
import { unitsRepository } from '../units/units-repository.js';
import { createUnitIn } from '../units/units-service.js';
import { plansRepository, type PlanNodeView } from '../plans/plans-repository.js';
import {
  draftUnitNames,
  flattenDraft,
  innermostNodeAt,
  nodeAtPath,
  recomputeDraftUnits,
} from './draft-tree.js';
import { diffPlanNodes, diffTargets, type DiffNode, type PlanChanges } from './plan-diff.js';

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
  unitResolution: UnitResolution[];
  changes: PlanChanges | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImportSummary {
  id: number;
  planId: number | null;
  status: string;
  fileName: string | null;
  title: string;
  createdAt: string;
  createdBy: string | null;
}

export interface ImportSource {
  text: string;
  fileName: string | null;
  /** txt | html | docx | pasted */
  format: string;
  encoding: string | null;
  /** What the document reader reported (e.g. an unreadable .docx); kept with the draft's own diagnostics. */
  readerDiagnostics?: Diagnostic[];
  /** Set for a re-import of an existing plan. */
  planId?: number | null;
}

const NOT_A_PLAN_EMPTY = {
  zh: '文档为空：没有可导入的文字。',
  en: 'The document is empty: there is no text to import.',
};
const NOT_A_PLAN_NOTHING = {
  zh: '未能从该文档中识别出实施方案：没有找到编号条目、牵头单位或发展目标。请检查文件是否正确。',
  en: 'No plan was found in this document: no numbered items, lead units or targets. Please check the file.',
};

/**
 * Whether a parse found anything worth reviewing. Numbered items alone count only when the importer raised no
 * error about them; lead units or targets always count.
 */
export function looksLikePlan(draft: PlanDraft): boolean {
  if (draft.units.length > 0 || draft.supportUnits.length > 0 || draft.targets.length > 0) return true;
  return draft.nodes.length > 0 && !draft.diagnostics.some((d) => d.severity === 'error');
}

async function requireImport(db: Db, id: number): Promise<ImportRow> {
  const row = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('IMPORT_NOT_FOUND', { detail: `import ${id}` });
  return row;
}

/**
 * Takes the draft for this transaction, or refuses it when it is no longer a draft. The first statement is a
 * write on the row, so that on PostgreSQL a concurrent confirmation or correction of the same draft waits for
 * this one and then sees its outcome (no plan confirmed twice, no correction lost); SQLite serializes writers.
 */
async function requireDraft(db: Db, id: number): Promise<ImportRow> {
  const taken = await db
    .updateTable('imports')
    .set({ updated_at: nowIso() })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  const row = await requireImport(db, id);
  if (Number(taken.numUpdatedRows) === 0) {
    throw new DomainError('IMPORT_NOT_DRAFT', { detail: `import ${id} is ${row.status}` });
  }
  return row;
}

async function requirePlanExists(db: Db, planId: number): Promise<void> {
  const plan = await db.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
}

const parseDraft = (row: ImportRow): PlanDraft => JSON.parse(row.draft_json) as PlanDraft;

/** The plan's current items in the diff's terms; units keyed by id. */
function planDiffNodes(roots: PlanNodeView[]): DiffNode[] {
  const out: DiffNode[] = [];
  const walk = (nodes: PlanNodeView[], labels: string[]) => {
    for (const n of nodes) {
      const ls = [...labels, n.label];
      out.push({
        path: n.path,
        labels: ls,
        title: n.title,
        body: n.body,
        leadUnits: n.leadUnits.map((u) => `#${u.id}`),
        supportUnits: n.supportUnits.map((u) => `#${u.id}`),
      });
      walk(n.children, ls);
    }
  };
  walk(roots, []);
  return out;
}

/** The draft's items in the diff's terms: names the registry knows are keyed by unit id, others by name. */
function draftDiffNodes(draft: PlanDraft, index: UnitNameIndex): DiffNode[] {
  const key = (name: string) => {
    const hit = index.resolve(name);
    return hit ? `#${hit.unitId}` : `?${normalizeUnitName(name)}`;
  };
  return flattenDraft(draft.nodes).map((f) => ({
    path: f.path,
    labels: f.labels,
    title: f.node.title,
    body: f.node.body,
    leadUnits: f.node.leadUnits.map(key),
    supportUnits: f.node.supportUnits.map(key),
  }));
}

async function computeChanges(db: Kysely<Database>, planId: number, draft: PlanDraft, index: UnitNameIndex) {
  const { roots } = await plansRepository.nodeTree(db, planId);
  const { changes, continued } = diffPlanNodes(planDiffNodes(roots), draftDiffNodes(draft, index));
  const targets = await plansRepository.targets(db, planId);
  return { changes: { ...changes, ...diffTargets(targets, draft.targets) }, continued, roots };
}

async function toView(db: Kysely<Database>, row: ImportRow): Promise<ImportDraftView> {
  const draft = parseDraft(row);
  const index = new UnitNameIndex(await unitsRepository.registry(db));
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
    unitResolution,
    changes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const draftSummary = (draft: PlanDraft) => ({
  title: draft.title,
  nodes: flattenDraft(draft.nodes).length,
  units: draft.units.length,
  targets: draft.targets.length,
});

/**
 * Parses a document into a stored draft for review. All or nothing: an empty or non-plan document is refused
 * with NOT_A_PLAN and leaves nothing behind.
 */
export async function createImport(
  db: Kysely<Database>,
  actor: Actor,
  source: ImportSource,
): Promise<ImportDraftView> {
  if (source.text.trim() === '') {
    // A reader that could not read the file says why (e.g. a damaged .docx); that says more than "empty".
    const readerError = source.readerDiagnostics?.find((d) => d.severity === 'error');
    throw new DomainError('NOT_A_PLAN', {
      message: readerError?.message ?? NOT_A_PLAN_EMPTY,
      detail: readerError?.code,
    });
  }
  const parsed = parsePlan(source.text);
  const draft: PlanDraft = {
    ...parsed,
    diagnostics: [...(source.readerDiagnostics ?? []), ...parsed.diagnostics],
  };
  if (!looksLikePlan(draft)) throw new DomainError('NOT_A_PLAN', { message: NOT_A_PLAN_NOTHING });
  const id = await withTransaction(db, async (trx) => {
    if (source.planId != null) await requirePlanExists(trx, source.planId);
    const now = nowIso();
    const row = await trx
      .insertInto('imports')
      .values({
        plan_id: source.planId ?? null,
        status: 'draft',
        file_name: source.fileName,
        format: source.format,
        encoding: source.encoding,
        source_text: source.text,
        draft_json: JSON.stringify(draft),
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        confirmed_plan_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audited(trx, actor, {
      action: source.planId != null ? 'import.reimport' : 'import.create',
      entityType: 'import',
      entityId: row.id,
      before: null,
      after: {
        planId: source.planId ?? null,
        fileName: source.fileName,
        format: source.format,
        ...draftSummary(draft),
      },
    });
    return row.id;
  });
  return getImport(db, id);
}

export async function getImport(db: Kysely<Database>, id: number): Promise<ImportDraftView> {
  return toView(db, await requireImport(db, id));
}

/** Drafts awaiting review, newest first. */
/** A page of the drafts awaiting review, newest first. */
export async function listImports(
  db: Kysely<Database>,
  query: { limit?: number; cursor?: string } = {},
): Promise<Page<ImportSummary>> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 'id', 'desc');
  // The title is read out of the draft's JSON by the database, so the (large) draft is not sent over and parsed.
  const title =
    dialectOf(db) === 'postgres'
      ? sql<string | null>`(i.draft_json::json ->> 'title')`
      : sql<string | null>`json_extract(i.draft_json, '$.title')`;
  let q = db
    .selectFrom('imports as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .select(['i.id', 'i.plan_id', 'i.status', 'i.file_name', 'i.created_at', 'u.username', title.as('title')])
    .where('i.status', '=', 'draft');
  if (after) q = q.where('i.id', '<', after.id);
  const rows = await q
    .orderBy('i.id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    'id',
    'desc',
    (r) => ({ value: r.id, id: r.id }),
    (r) => ({
      id: r.id,
      planId: r.plan_id,
      status: r.status,
      fileName: r.file_name,
      title: r.title ?? '',
      createdAt: r.created_at,
      createdBy: r.username,
    }),
  );
}

/** Applies a reviewer's correction to a draft and records it (before and after of the part changed). */
async function editDraft(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  edit: (draft: PlanDraft) => { action: string; before: unknown; after: unknown },
): Promise<ImportDraftView> {
  await withTransaction(db, async (trx) => {
    const row = await requireDraft(trx, id);
    const draft = parseDraft(row);
    const { action, before, after } = edit(draft);
    await trx
      .updateTable('imports')
      .set({ draft_json: JSON.stringify(draft), updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await audited(trx, actor, { action, entityType: 'import', entityId: id, before, after });
  });
  return getImport(db, id);
}

const cleanNames = (names: readonly string[]): string[] => [
  ...new Set(names.map((n) => n.trim()).filter((n) => n !== '')),
];

export interface NodeCorrection {
  title?: string;
  leadUnits?: string[];
  supportUnits?: string[];
}

/** Corrects one item of a draft, found by its dotted path ("1.2.0"). */
export async function editImportNode(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  path: string,
  input: NodeCorrection,
): Promise<ImportDraftView> {
  return editDraft(db, actor, id, (draft) => {
    const node = nodeAtPath(draft.nodes, path);
    if (!node) {
      throw new DomainError('NOT_FOUND', {
        message: { zh: `草稿中没有条目 ${path}。`, en: `The draft has no item ${path}.` },
        detail: `path ${path}`,
      });
    }
    const before = { path, title: node.title, leadUnits: node.leadUnits, supportUnits: node.supportUnits };
    if (input.title !== undefined) node.title = input.title.trim();
    if (input.leadUnits !== undefined) node.leadUnits = cleanNames(input.leadUnits);
    if (input.supportUnits !== undefined) node.supportUnits = cleanNames(input.supportUnits);
    // Mentions point at names in the source; keep only those the item still names in the same role.
    node.unitMentions = node.unitMentions.filter((m) =>
      (m.role === 'lead' ? node.leadUnits : node.supportUnits).includes(m.name),
    );
    recomputeDraftUnits(draft);
    return {
      action: 'import.update_node',
      before,
      after: { path, title: node.title, leadUnits: node.leadUnits, supportUnits: node.supportUnits },
    };
  });
}

export interface TargetCorrection {
  indicator: string;
  comparator: PlanDraft['targets'][number]['comparator'];
  value: number;
  unit: string;
  deadlineYear: number | null;
  cumulative: boolean;
}

function indexOutOfRange(index: number): DomainError {
  return new DomainError('NOT_FOUND', {
    message: { zh: `草稿中没有第 ${index} 个目标。`, en: `The draft has no target ${index}.` },
  });
}

/** Replaces target `index` of a draft, or adds one when `index` is one past the last. */
export async function putImportTarget(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  index: number,
  input: TargetCorrection,
): Promise<ImportDraftView> {
  return editDraft(db, actor, id, (draft) => {
    if (index > draft.targets.length) throw indexOutOfRange(index);
    const before = draft.targets[index] ?? null;
    const after = {
      text: '',
      span: [0, 0] as [number, number],
      ...before,
      ...input,
      indicator: input.indicator.trim(),
    };
    draft.targets[index] = after;
    return {
      action: 'import.update_target',
      before: before && { index, ...before },
      after: { index, ...after },
    };
  });
}

export async function deleteImportTarget(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  index: number,
): Promise<ImportDraftView> {
  return editDraft(db, actor, id, (draft) => {
    const before = draft.targets[index];
    if (!before) throw indexOutOfRange(index);
    draft.targets.splice(index, 1);
    return { action: 'import.delete_target', before: { index, ...before }, after: null };
  });
}

/** Corrects the draft's title or period. */
export async function editImportMeta(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: { title?: string; period?: PlanPeriod | null },
): Promise<ImportDraftView> {
  if (input.period && input.period.from > input.period.to) {
    throw new DomainError('VALIDATION_FAILED', {
      message: { zh: '实施期限的起始年份不能晚于结束年份。', en: 'The period cannot start after it ends.' },
      errors: [{ path: '/body/period', message: 'from must not exceed to' }],
    });
  }
  return editDraft(db, actor, id, (draft) => {
    const before = { title: draft.title, period: draft.period };
    if (input.title !== undefined) draft.title = input.title.trim();
    if (input.period !== undefined) draft.period = input.period;
    return { action: 'import.update', before, after: { title: draft.title, period: draft.period } };
  });
}

/** Discards a draft; it stays stored (status discarded) for the audit trail but can no longer be confirmed. */
export async function discardImport(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  await withTransaction(db, async (trx) => {
    await requireDraft(trx, id);
    await trx
      .updateTable('imports')
      .set({ status: 'discarded', updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await audited(trx, actor, {
      action: 'import.discard',
      entityType: 'import',
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'discarded' },
    });
  });
}

export interface UnitMapping {
  name: string;
  unitId: number;
}

/**
 * Maps every unit name the draft's items use to a unit: the reviewer's mapping first (which also teaches the
 * registry the name as an alias), then the registry, and otherwise a new unit, audited like any other.
 */
async function resolveUnitsForConfirm(
  trx: Transaction<Database>,
  actor: Actor,
  draft: PlanDraft,
  mappings: readonly UnitMapping[],
): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  // Held to the end of the confirmation: two drafts naming the same new unit, confirmed at once, create it
  // once; the second confirmation waits, then finds the first one's unit and links it.
  await lockUnitRegistry(trx);
  let index = new UnitNameIndex(await unitsRepository.registry(trx));
  const mapped = new Map<string, number>();
  for (const m of mappings) {
    const unit = await unitsRepository.get(trx, m.unitId);
    if (!unit || unit.mergedIntoId !== null)
      throw new DomainError('UNIT_NOT_FOUND', { detail: `unit ${m.unitId} (mapping for ${m.name})` });
    mapped.set(normalizeUnitName(m.name), m.unitId);
  }
  const names = new Set<string>();
  for (const { node } of flattenDraft(draft.nodes))
    for (const n of [...node.leadUnits, ...node.supportUnits]) names.add(n);
  for (const name of names) {
    const key = normalizeUnitName(name);
    if (key === '') continue;
    const target = mapped.get(key);
    if (target !== undefined) {
      const hit = index.resolve(name);
      if (!hit) {
        await unitsRepository.addAlias(trx, target, name.trim());
        await audited(trx, actor, {
          action: 'unit.add_alias',
          entityType: 'unit',
          entityId: target,
          before: null,
          after: { alias: name.trim() },
        });
        index = new UnitNameIndex(await unitsRepository.registry(trx));
      }
      byName.set(name, target);
      continue;
    }
    const hit = index.resolve(name);
    if (hit) {
      byName.set(name, hit.unitId);
      continue;
    }
    const unit = await createUnitIn(trx, actor, { name: name.trim(), kind: guessUnitKind(name) });
    index = new UnitNameIndex(await unitsRepository.registry(trx));
    byName.set(name, unit.id);
  }
  return byName;
}

/** Writes the draft's items (parents first), their unit links and the targets of a plan. */
async function writePlanContent(
  trx: Transaction<Database>,
  planId: number,
  draft: PlanDraft,
  unitIds: Map<string, number>,
  notes: Map<string, string>,
): Promise<void> {
  const flat = flattenDraft(draft.nodes);
  const idByPath = new Map<string, number>();
  for (const f of flat) {
    const row = await trx
      .insertInto('plan_nodes')
      .values({
        plan_id: planId,
        parent_id: f.parentPath === null ? null : idByPath.get(f.parentPath)!,
        position: f.position,
        path: f.path,
        label: f.node.label,
        kind: f.node.kind,
        title: f.node.title,
        body: f.node.body,
        span_start: f.node.span[0],
        span_end: f.node.span[1],
        note: notes.get(f.path) ?? '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    idByPath.set(f.path, row.id);
    for (const role of ['lead', 'support'] as const) {
      const ids = [
        ...new Set(
          (role === 'lead' ? f.node.leadUnits : f.node.supportUnits)
            .map((n) => unitIds.get(n))
            .filter((x) => x !== undefined),
        ),
      ];
      await plansRepository.replaceNodeUnits(trx, row.id, role, ids);
    }
  }
  if (draft.targets.length > 0) {
    await trx
      .insertInto('targets')
      .values(
        draft.targets.map((t, position) => {
          const owner = innermostNodeAt(flat, t.span[0], t.span[1]);
          return {
            plan_id: planId,
            node_id: owner ? idByPath.get(owner.path)! : null,
            position,
            indicator: t.indicator,
            comparator: t.comparator,
            value: t.value,
            unit: t.unit,
            deadline_year: t.deadlineYear,
            cumulative: toFlag(t.cumulative),
            text: t.text,
            span_start: t.span[0],
            span_end: t.span[1],
          };
        }),
      )
      .execute();
  }
  await plansRepository.refreshCounts(trx, [planId]);
}

/**
 * Turns a reviewed draft into a plan, in one transaction with its audit records: new units for names the
 * registry does not know, the plan, its items, unit links and targets. For a re-import the plan's items and
 * targets are replaced, notes carried over to the items that continue, and the version increased.
 */
export async function confirmImport(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  mappings: readonly UnitMapping[] = [],
): Promise<{ planId: number }> {
  return withTransaction(db, async (trx) => {
    const row = await requireDraft(trx, id);
    const draft = parseDraft(row);
    const unitIds = await resolveUnitsForConfirm(trx, actor, draft, mappings);
    const now = nowIso();
    const planFields = {
      title: draft.title.trim() || row.file_name || '未命名方案',
      issuer: draft.issuer,
      document_number: draft.documentNumber,
      period_from: draft.period?.from ?? null,
      period_to: draft.period?.to ?? null,
      references_json: JSON.stringify(draft.references),
      source_text: row.source_text,
      source_file_name: row.file_name,
      updated_at: now,
    };
    let planId: number;
    if (row.plan_id !== null) {
      planId = row.plan_id;
      // Writing the plan's row first makes a concurrent re-import of the same plan wait for this one.
      await trx.updateTable('plans').set({ updated_at: now }).where('id', '=', planId).execute();
      const plan = await trx.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
      if (!plan) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
      const index = new UnitNameIndex(await unitsRepository.registry(trx));
      const { changes, continued, roots } = await computeChanges(trx, planId, draft, index);
      const oldNotes = new Map<string, string>();
      const walk = (nodes: PlanNodeView[]) =>
        nodes.forEach((n) => (n.note && oldNotes.set(n.path, n.note), walk(n.children)));
      walk(roots);
      const notes = new Map<string, string>();
      for (const [newPath, oldPath] of continued) {
        const note = oldNotes.get(oldPath);
        if (note) notes.set(newPath, note);
      }
      await plansRepository.deleteContent(trx, planId);
      await trx
        .updateTable('plans')
        .set({ ...planFields, version: plan.version + 1 })
        .where('id', '=', planId)
        .execute();
      await writePlanContent(trx, planId, draft, unitIds, notes);
      await audited(trx, actor, {
        action: 'plan.reimport',
        entityType: 'plan',
        entityId: planId,
        before: {
          title: plan.title,
          version: plan.version,
          periodFrom: plan.period_from,
          periodTo: plan.period_to,
        },
        after: {
          title: planFields.title,
          version: plan.version + 1,
          periodFrom: planFields.period_from,
          periodTo: planFields.period_to,
          importId: id,
          changes,
        },
      });
    } else {
      const inserted = await trx
        .insertInto('plans')
        .values({
          ...planFields,
          status: 'active',
          published: 0,
          version: 1,
          created_by: actor.userId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      planId = inserted.id;
      await writePlanContent(trx, planId, draft, unitIds, new Map());
      await audited(trx, actor, {
        action: 'plan.create',
        entityType: 'plan',
        entityId: planId,
        before: null,
        after: {
          ...draftSummary(draft),
          title: planFields.title,
          periodFrom: planFields.period_from,
          periodTo: planFields.period_to,
          importId: id,
        },
      });
    }
    await trx
      .updateTable('imports')
      .set({ status: 'confirmed', confirmed_plan_id: planId, updated_at: now })
      .where('id', '=', id)
      .execute();
    await audited(trx, actor, {
      action: 'import.confirm',
      entityType: 'import',
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'confirmed', planId },
    });
    return { planId };
  });
}
