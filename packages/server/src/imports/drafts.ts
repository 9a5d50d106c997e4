import type { PlanDraft } from '@luoshi/core';
import type { ImportRow } from '../db/schema.js';
import type { Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { flattenDraft } from './draft-tree.js';
import { importsRepository } from './imports-repository.js';

/** Helpers every step of the import workflow shares: finding a draft, taking it, reading it. */

export async function requireImport(db: Db, id: number): Promise<ImportRow> {
  const row = await importsRepository.get(db, id);
  if (!row) throw new DomainError('IMPORT_NOT_FOUND', { detail: `import ${id}` });
  return row;
}

/**
 * Takes the draft for this transaction, or refuses it when it is no longer a draft. The first statement is a
 * write on the row, so that on PostgreSQL a concurrent confirmation or correction of the same draft waits for
 * this one and then sees its outcome (no plan confirmed twice, no correction lost); SQLite serializes writers.
 */
export async function requireDraft(db: Db, id: number): Promise<ImportRow> {
  const taken = await importsRepository.takeDraft(db, id);
  const row = await requireImport(db, id);
  if (!taken) throw new DomainError('IMPORT_NOT_DRAFT', { detail: `import ${id} is ${row.status}` });
  return row;
}

/** The stored draft; items of drafts made before deadlines were read get `deadline: null`. */
export function parseDraft(row: ImportRow): PlanDraft {
  const draft = JSON.parse(row.draft_json) as PlanDraft;
  for (const { node } of flattenDraft(draft.nodes)) node.deadline ??= null;
  return draft;
}

/** What the audit log records of a draft's size. */
export const draftSummary = (draft: PlanDraft) => ({
  title: draft.title,
  nodes: flattenDraft(draft.nodes).length,
  units: draft.units.length,
  targets: draft.targets.length,
});
