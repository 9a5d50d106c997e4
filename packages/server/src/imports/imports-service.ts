import { checkedDeadline, type DeadlineInput } from '../plans/deadlines.js';
import { parsePlan, type Diagnostic, type PlanDraft, type PlanPeriod } from '@luoshi/core';
import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { ImportSummary as ImportSummarySchema } from './schemas.js';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { decodeCursor, pageOf, type Page } from '../db/keyset.js';
import { audited, withTransaction, type Actor } from '../audit/audit.js';
import { changeOf } from '../audit/changes.js';
import { DomainError } from '../errors/index.js';
import {
  detectIssuerArea,
  initialDraftArea,
  loadAreaTree,
  requireArea,
  requireHomeArea,
} from '../areas/areas-service.js';
import { nodeAtPath, recomputeDraftUnits } from './draft-tree.js';
import { draftSummary, parseDraft, requireDraft, requireImport } from './drafts.js';
import { toView, type ImportDraftView } from './draft-view.js';
import { importsRepository } from './imports-repository.js';

/**
 * The import workflow up to confirmation: a document becomes a stored draft, which reviewers correct (title,
 * period, issuer, document number, jurisdiction, items, targets) or discard. Confirmation is in confirm-import.ts.
 */
export { confirmImport, type UnitMapping } from './confirm-import.js';
export type { ImportDraftView, ImportStatus, UnitResolution } from './draft-view.js';

/** An import as the list shows it: the type of the contract's ImportSummary, so the two cannot drift. */
export type ImportSummary = Static<typeof ImportSummarySchema>;

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
    // A re-import keeps its plan's jurisdiction; a new plan's is its issuer's, else the home one.
    let area: { id: number; source: string };
    if (source.planId != null) {
      const planArea = await importsRepository.planArea(trx, source.planId);
      if (planArea === undefined)
        throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${source.planId}` });
      area = { id: planArea ?? (await requireHomeArea(trx)).id, source: 'plan' };
    } else {
      const initial = await initialDraftArea(trx, draft.issuer, draft.period?.from ?? null);
      area = { id: initial.area.id, source: initial.source };
    }
    const now = nowIso();
    const rowId = await importsRepository.insert(trx, {
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
      area_id: area.id,
      area_source: area.source,
    });
    await audited(trx, actor, {
      action: source.planId != null ? 'import.reimport' : 'import.create',
      entityType: 'import',
      entityId: rowId,
      before: null,
      after: {
        planId: source.planId ?? null,
        fileName: source.fileName,
        format: source.format,
        areaId: area.id,
        ...draftSummary(draft),
      },
    });
    return rowId;
  });
  return getImport(db, id);
}

export async function getImport(db: Kysely<Database>, id: number): Promise<ImportDraftView> {
  return toView(db, await requireImport(db, id));
}

/** A page of the drafts awaiting review, newest first. */
export async function listImports(
  db: Kysely<Database>,
  query: { limit?: number; cursor?: string } = {},
): Promise<Page<ImportSummary>> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 'id', 'desc');
  const rows = await importsRepository.listDrafts(db, after ? after.id : null, limit + 1);
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
    await importsRepository.update(trx, id, { draft_json: JSON.stringify(draft) });
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
  /** null clears it. */
  deadline?: DeadlineInput | null;
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
    const before = {
      path,
      title: node.title,
      leadUnits: node.leadUnits,
      supportUnits: node.supportUnits,
      deadline: node.deadline,
    };
    if (input.title !== undefined) node.title = input.title.trim();
    if (input.deadline !== undefined) {
      // A corrected deadline keeps the place of the one it replaces, else stands, empty, at the item's start.
      const span = node.deadline?.span ?? [node.span[0], node.span[0]];
      node.deadline =
        input.deadline === null ? null : { ...checkedDeadline(input.deadline, '/body/deadline'), span };
    }
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
      after: {
        path,
        title: node.title,
        leadUnits: node.leadUnits,
        supportUnits: node.supportUnits,
        deadline: node.deadline,
      },
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

export interface MetaCorrection {
  title?: string;
  period?: PlanPeriod | null;
  issuer?: string | null;
  documentNumber?: string | null;
  /** The plan's jurisdiction (not for a re-import, which keeps its plan's). */
  areaId?: number;
}

const blankToNull = (s: string | null): string | null => (s === null || s.trim() === '' ? null : s.trim());

/**
 * Corrects the draft's title, period, issuer, document number or jurisdiction. A corrected issuer moves the
 * jurisdiction with it, unless a reviewer chose the jurisdiction (or the draft re-imports a plan).
 */
export async function editImportMeta(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: MetaCorrection,
): Promise<ImportDraftView> {
  if (input.period && input.period.from > input.period.to) {
    throw new DomainError('VALIDATION_FAILED', {
      message: { zh: '实施期限的起始年份不能晚于结束年份。', en: 'The period cannot start after it ends.' },
      errors: [{ path: '/body/period', message: 'from must not exceed to' }],
    });
  }
  await withTransaction(db, async (trx) => {
    const row = await requireDraft(trx, id);
    const draft = parseDraft(row);
    const meta = (d: PlanDraft, areaId: number | null) => ({
      title: d.title,
      period: d.period,
      issuer: d.issuer,
      documentNumber: d.documentNumber,
      areaId,
    });
    const before = meta(structuredClone(draft), row.area_id);
    if (input.title !== undefined) draft.title = input.title.trim();
    if (input.period !== undefined) draft.period = input.period;
    if (input.issuer !== undefined) draft.issuer = blankToNull(input.issuer);
    if (input.documentNumber !== undefined) draft.documentNumber = blankToNull(input.documentNumber);
    let area = { id: row.area_id, source: row.area_source };
    if (input.areaId !== undefined && input.areaId !== row.area_id) {
      if (row.plan_id !== null)
        throw new DomainError('CONFLICT', {
          message: {
            zh: '重新导入沿用原方案的辖区，不能在草稿中更改。',
            en: "A re-import keeps its plan's jurisdiction; it cannot be changed in the draft.",
          },
        });
      area = { id: (await requireArea(trx, input.areaId)).id, source: 'reviewer' };
    } else if (input.issuer !== undefined && row.plan_id === null && row.area_source !== 'reviewer') {
      const detected = detectIssuerArea(await loadAreaTree(trx), draft.issuer, draft.period?.from ?? null);
      area = detected
        ? { id: detected.id, source: 'issuer' }
        : { id: (await requireHomeArea(trx)).id, source: 'home' };
    }
    await importsRepository.update(trx, id, {
      draft_json: JSON.stringify(draft),
      area_id: area.id,
      area_source: area.source,
    });
    await audited(trx, actor, {
      action: 'import.update',
      entityType: 'import',
      entityId: id,
      ...changeOf(before, meta(draft, area.id)),
    });
  });
  return getImport(db, id);
}

/** Discards a draft; it stays stored (status discarded) for the audit trail but can no longer be confirmed. */
export async function discardImport(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  await withTransaction(db, async (trx) => {
    await requireDraft(trx, id);
    await importsRepository.update(trx, id, { status: 'discarded' });
    await audited(trx, actor, {
      action: 'import.discard',
      entityType: 'import',
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'discarded' },
    });
  });
}
