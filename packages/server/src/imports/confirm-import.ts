import type { PlanDraft } from '@luoshi/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { lockUnitRegistry, nowIso } from '../db/dialect.js';
import { audited, withTransaction, type Actor } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { guessUnitKind, normalizeUnitName } from '../units/unit-names.js';
import { unitsRepository } from '../units/units-repository.js';
import { createUnitIn } from '../units/units-service.js';
import { loadAreaTree, requireHomeArea } from '../areas/areas-service.js';
import { recordPlanVersion } from '../plans/plan-versions-service.js';
import { flattenDraft } from './draft-tree.js';
import { draftSummary, parseDraft, requireDraft } from './drafts.js';
import { computeChanges, draftUnitIndex } from './draft-view.js';
import { continuationOf, writeDraftContent } from './apply-draft.js';
import { importsRepository } from './imports-repository.js';
import { confirmRepository } from './confirm-repository.js';

export interface UnitMapping {
  name: string;
  unitId: number;
}

/**
 * Maps every unit name the draft's items use to a unit, within the plan's jurisdiction: the reviewer's mapping
 * first (which also teaches the registry the name as an alias), then the registry (the plan's area, then those
 * above it), and otherwise a new unit of the plan's area, audited like any other.
 */
async function resolveUnitsForConfirm(
  trx: Transaction<Database>,
  actor: Actor,
  draft: PlanDraft,
  mappings: readonly UnitMapping[],
  areaId: number,
): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  // Held to the end of the confirmation: two drafts naming the same new unit, confirmed at once, create it
  // once; the second confirmation waits, then finds the first one's unit and links it.
  await lockUnitRegistry(trx);
  const chain = new Set((await loadAreaTree(trx)).chain(areaId));
  let index = await draftUnitIndex(trx, areaId);
  const mapped = new Map<string, number>();
  for (const m of mappings) {
    const unit = await unitsRepository.get(trx, m.unitId);
    if (!unit || unit.mergedIntoId !== null)
      throw new DomainError('UNIT_NOT_FOUND', { detail: `unit ${m.unitId} (mapping for ${m.name})` });
    if (unit.areaId === null || !chain.has(unit.areaId))
      throw new DomainError('UNIT_AREA_MISMATCH', {
        message: {
          zh: `“${m.name}”不能对应到其他辖区的单位“${unit.name}”（${unit.area?.name ?? '—'}）。`,
          en: `"${m.name}" cannot stand for "${unit.name}", a unit of another jurisdiction (${unit.area?.name ?? '—'}).`,
        },
        detail: `unit ${m.unitId}`,
      });
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
        index = await draftUnitIndex(trx, areaId);
      }
      byName.set(name, target);
      continue;
    }
    const hit = index.resolve(name);
    if (hit) {
      byName.set(name, hit.unitId);
      continue;
    }
    const unit = await createUnitIn(trx, actor, { name: name.trim(), kind: guessUnitKind(name), areaId });
    index = await draftUnitIndex(trx, areaId);
    byName.set(name, unit.id);
  }
  return byName;
}

/**
 * Turns a reviewed draft into a plan, in one transaction with its audit records: new units for names the plan's
 * jurisdiction does not know, the plan, its items, unit links and targets, and the version's snapshot. For a
 * re-import the items and targets that continue are updated in place (keeping their ids, notes and all that is
 * attached to them), the dropped ones retired, new ones added, and the version increased.
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
    let version: number;
    if (row.plan_id !== null) {
      planId = row.plan_id;
      // Locks in the documented order: the draft (taken above), the unit registry, then the plan — whose row,
      // written first, makes a concurrent re-import of the same plan wait for this one.
      await lockUnitRegistry(trx);
      const plan = await confirmRepository.touchPlan(trx, planId, now);
      if (!plan) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
      const areaId = plan.area_id ?? row.area_id ?? (await requireHomeArea(trx)).id;
      const unitIds = await resolveUnitsForConfirm(trx, actor, draft, mappings, areaId);
      const { changes, continued, roots, targets } = await computeChanges(
        trx,
        planId,
        draft,
        await draftUnitIndex(trx, areaId),
      );
      const continuation = continuationOf(draft, continued, roots, targets);
      version = plan.version + 1;
      await confirmRepository.updatePlan(trx, planId, { ...planFields, version, area_id: areaId });
      await writeDraftContent(trx, planId, version, draft, unitIds, continuation, now);
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
          version,
          periodFrom: planFields.period_from,
          periodTo: planFields.period_to,
          importId: id,
          changes,
          retiredNodeIds: continuation.retiredNodeIds,
          retiredTargetIds: continuation.retiredTargetIds,
        },
      });
    } else {
      const areaId = row.area_id ?? (await requireHomeArea(trx)).id;
      const unitIds = await resolveUnitsForConfirm(trx, actor, draft, mappings, areaId);
      version = 1;
      planId = await confirmRepository.insertPlan(trx, {
        ...planFields,
        area_id: areaId,
        status: 'active',
        published: 0,
        version,
        created_by: actor.userId,
        created_at: now,
      });
      await writeDraftContent(trx, planId, version, draft, unitIds, null, now);
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
          areaId,
          importId: id,
        },
      });
    }
    await recordPlanVersion(trx, {
      planId,
      version,
      sourceText: row.source_text,
      sourceFileName: row.file_name,
      confirmedAt: now,
      confirmedBy: actor.userId,
      importId: id,
    });
    await importsRepository.update(trx, id, { status: 'confirmed', confirmed_plan_id: planId });
    await audited(trx, actor, {
      action: 'import.confirm',
      entityType: 'import',
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'confirmed', planId, version },
    });
    return { planId };
  });
}
