import { decodeCursor, pageOf, type Page } from '../db/keyset.js';
import { retired } from '../plans/plans-service.js';
import type { Kysely } from 'kysely';
import { formulaReferences, formulaRefKey, parseFormula, parsePeriod, type FormulaRef } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { isUniqueViolation, lockRows, nowIso } from '../db/dialect.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import './errors.js';
import {
  indicatorsRepository,
  normalizeIndicatorName,
  type IndicatorValues,
  type IndicatorView,
} from './indicators.repository.js';
import type { CreateIndicatorBody, UpdateIndicatorBody } from './schemas.js';

export type { IndicatorView };

/** A page of indicators in id order (keyset, as every list: db/keyset.ts), optionally those matching `q`. */
export async function listIndicators(
  db: Kysely<Database>,
  opts: { q?: string; cursor?: string; limit?: number },
): Promise<Page<IndicatorView>> {
  const limit = opts.limit ?? 50;
  const after = decodeCursor(opts.cursor, 'id', 'asc');
  const rows = await indicatorsRepository.page(db, {
    q: opts.q?.trim() || undefined,
    afterId: after?.id,
    limit: limit + 1,
  });
  return pageOf(
    rows,
    limit,
    'id',
    'asc',
    (r) => ({ value: r.id, id: r.id }),
    (r) => r,
  );
}

export async function requireIndicator(db: Db, id: number): Promise<IndicatorView> {
  const found = await indicatorsRepository.get(db, id);
  if (!found) throw new DomainError('INDICATOR_NOT_FOUND', { detail: `indicator ${id}` });
  return found;
}

/** The indicator a formula reference means: by id (#3), or by name, alias or code. */
export function resolveFormulaRef(
  indicators: readonly IndicatorView[],
  ref: FormulaRef,
): IndicatorView | null {
  if (ref.by === 'id') return indicators.find((x) => x.id === ref.id) ?? null;
  const key = normalizeIndicatorName(ref.name);
  return (
    indicators.find((x) => normalizeIndicatorName(x.name) === key) ??
    indicators.find((x) => x.code !== null && normalizeIndicatorName(x.code) === key) ??
    indicators.find((x) => x.aliases.some((a) => normalizeIndicatorName(a) === key)) ??
    null
  );
}

function invalid(code: string, zh: string, en: string, path: string): DomainError {
  return new DomainError(code, { message: { zh, en }, detail: en, errors: [{ path, message: en }] });
}

/** Checks the rules a table cannot: a formula that parses and names existing indicators, a valid baseline period. */
async function checkValues(
  db: Db,
  id: number | null,
  v: { name: string; formula: string | null; baselinePeriod: string | null },
): Promise<{ formula: string | null; baselinePeriod: string | null }> {
  let formula: string | null = null;
  if (v.formula !== null) {
    const parsed = parseFormula(v.formula);
    if (!parsed.ok)
      throw invalid('FORMULA_INVALID', parsed.error.message.zh, parsed.error.message.en, '/body/formula');
    const all = await indicatorsRepository.all(db);
    for (const ref of formulaReferences(parsed.ast)) {
      const found = resolveFormulaRef(all, ref);
      const name = formulaRefKey(ref);
      if (!found)
        throw invalid(
          'FORMULA_INVALID',
          `公式中的指标“${name}”不存在`,
          `The formula names an indicator that does not exist: "${name}"`,
          '/body/formula',
        );
      if (found.id === id || normalizeIndicatorName(name) === normalizeIndicatorName(v.name))
        throw invalid(
          'FORMULA_INVALID',
          '公式不能引用指标自身',
          'A formula cannot refer to its own indicator',
          '/body/formula',
        );
    }
    formula = v.formula.trim();
  }
  let baselinePeriod: string | null = null;
  if (v.baselinePeriod !== null) {
    const p = parsePeriod(v.baselinePeriod);
    if (!p.ok) throw invalid('PERIOD_INVALID', p.message.zh, p.message.en, '/body/baseline/period');
    baselinePeriod = p.period;
  }
  return { formula, baselinePeriod };
}

/** Refuses a name, alias or code another indicator already answers to. */
async function checkNames(
  db: Db,
  id: number | null,
  name: string,
  aliases: readonly string[],
  code: string | null,
) {
  const keys = [name, ...aliases].map(normalizeIndicatorName);
  if (new Set(keys).size !== keys.length)
    throw invalid(
      'INDICATOR_NAME_TAKEN',
      '名称与别名有重复',
      'The name and aliases repeat one another',
      '/body/aliases',
    );
  for (const [i, key] of keys.entries()) {
    const other = await indicatorsRepository.whoseNameKey(db, key, id);
    if (other !== null) {
      const text = i === 0 ? name : aliases[i - 1]!;
      throw new DomainError('INDICATOR_NAME_TAKEN', {
        message: {
          zh: `“${text}”已是另一指标的名称或别名。`,
          en: `"${text}" is already another indicator's name or alias.`,
        },
        detail: `indicator ${other}`,
      });
    }
  }
  if (code !== null && (await indicatorsRepository.codeTaken(db, code, id)))
    throw new DomainError('INDICATOR_CODE_TAKEN', { detail: code });
}

async function checkOwner(db: Db, unitId: number | null): Promise<void> {
  if (unitId === null) return;
  const u = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!u) throw invalid('UNIT_NOT_FOUND', '单位不存在', 'No such unit', '/body/ownerUnitId');
}

const cleanAliases = (aliases: readonly string[] | undefined) => [
  ...new Set((aliases ?? []).map((a) => a.trim()).filter((a) => a !== '')),
];

/** Creates an indicator; audited. */
export async function createIndicator(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateIndicatorBody,
): Promise<IndicatorView> {
  const name = input.name.trim();
  const aliases = cleanAliases(input.aliases);
  try {
    return await withTransaction(db, async (trx) => {
      await checkNames(trx, null, name, aliases, input.code ?? null);
      await checkOwner(trx, input.ownerUnitId ?? null);
      const { formula, baselinePeriod } = await checkValues(trx, null, {
        name,
        formula: input.formula ?? null,
        baselinePeriod: input.baseline?.period ?? null,
      });
      const values: IndicatorValues = {
        code: input.code ?? null,
        name,
        unit: input.unit.trim(),
        direction: input.direction ?? 'higher',
        kind: input.kind,
        frequency: input.frequency ?? 'year',
        decimals: input.decimals ?? null,
        owner_unit_id: input.ownerUnitId ?? null,
        formula,
        baseline_value: input.baseline?.value ?? null,
        baseline_period: baselinePeriod,
      };
      const id = await indicatorsRepository.insert(trx, values, actor.userId, nowIso());
      await indicatorsRepository.setAliases(trx, id, aliases);
      const after = await requireIndicator(trx, id);
      await audited(trx, actor, { action: 'indicator.create', entityType: 'indicator', entityId: id, after });
      return after;
    });
  } catch (err) {
    // Two writers past the checks at once: the unique indexes decide.
    if (isUniqueViolation(err)) throw new DomainError('INDICATOR_NAME_TAKEN');
    throw err;
  }
}

/** Changes an indicator's editable fields; audited with before and after. */
export async function updateIndicator(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: UpdateIndicatorBody,
): Promise<IndicatorView> {
  try {
    return await withTransaction(db, async (trx) => {
      await lockRows(trx, 'indicators', [id]);
      const before = await requireIndicator(trx, id);
      const name = input.name?.trim() ?? before.name;
      const aliases = input.aliases === undefined ? before.aliases : cleanAliases(input.aliases);
      const code = input.code === undefined ? before.code : input.code;
      await checkNames(trx, id, name, aliases, code);
      if (input.ownerUnitId !== undefined) await checkOwner(trx, input.ownerUnitId);
      const baseline = input.baseline === undefined ? before.baseline : input.baseline;
      const { formula, baselinePeriod } = await checkValues(trx, id, {
        name,
        formula: input.formula === undefined ? before.formula : input.formula,
        baselinePeriod: baseline?.period ?? null,
      });
      const set: Partial<IndicatorValues> = { name, code, formula };
      if (input.unit !== undefined) set.unit = input.unit.trim();
      if (input.direction !== undefined) set.direction = input.direction;
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.frequency !== undefined) set.frequency = input.frequency;
      if (input.decimals !== undefined) set.decimals = input.decimals;
      if (input.ownerUnitId !== undefined) set.owner_unit_id = input.ownerUnitId;
      set.baseline_value = baseline?.value ?? null;
      set.baseline_period = baselinePeriod;
      await indicatorsRepository.update(trx, id, set, nowIso());
      if (input.aliases !== undefined) await indicatorsRepository.setAliases(trx, id, aliases);
      const after = await requireIndicator(trx, id);
      await audited(trx, actor, {
        action: 'indicator.update',
        entityType: 'indicator',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('INDICATOR_NAME_TAKEN');
    throw err;
  }
}

/** Links a target to an indicator (or unlinks it with null); audited. */
export async function linkTarget(
  db: Kysely<Database>,
  actor: Actor,
  targetId: number,
  indicatorId: number | null,
): Promise<{ id: number; planId: number; indicator: string; indicatorId: number | null }> {
  return withTransaction(db, async (trx) => {
    await lockRows(trx, 'targets', [targetId]);
    const before = await indicatorsRepository.target(trx, targetId);
    if (!before) throw new DomainError('TARGET_NOT_FOUND', { detail: `target ${targetId}` });
    if (before.retired_in_version !== null) throw retired('target', before.retired_in_version);
    if (indicatorId !== null) await requireIndicator(trx, indicatorId);
    await indicatorsRepository.linkTarget(trx, targetId, indicatorId);
    await audited(trx, actor, {
      action: 'target.link_indicator',
      entityType: 'target',
      entityId: targetId,
      before: { indicatorId: before.indicator_id },
      after: { indicatorId },
    });
    return { id: targetId, planId: before.plan_id, indicator: before.indicator, indicatorId };
  });
}
