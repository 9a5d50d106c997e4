import type { Kysely } from 'kysely';
import {
  parsePeriod,
  resolveArea,
  periodEndDate,
  selectFiguresInForce,
  type FigureQualifier,
  type Period,
} from '@luoshi/core';
import type { Database, FigureRow, Role } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { areaIndex, areaRef } from './area-index.js';
import { fromApiQualifier, toApiQualifier } from './errors.js';
import { figuresRepository, type FigureProvenance, type NewFigure } from './figures.repository.js';
import { requireIndicator, type IndicatorView } from './indicators.service.js';
import type { Static } from '@sinclair/typebox';
import type { Figure, FigureInput } from './schemas.js';

/** A figure as the API shows it: the type of the contract's Figure, so the two cannot drift. */
export type FigureView = Static<typeof Figure>;

export function toFigureView(r: FigureRow): FigureView {
  return {
    id: r.id,
    indicatorId: r.indicator_id,
    area: areaRef(r.area_code, r.period),
    period: r.period,
    value: Number(r.value),
    qualifier: toApiQualifier(r.qualifier),
    sourceUrl: r.source_url,
    sourceDocument: r.source_document,
    quote: r.quote,
    enteredBy: r.entered_by_label,
    enteredAt: r.entered_at,
    supersededBy: r.superseded_by,
  };
}

/** Who is entering figures, as far as the rule "a unit officer only for indicators their unit owns" goes. */
export interface FigureEditor {
  role: Role;
  unitId: number | null;
}

/** The statistics officer, the secretariat and admins enter any indicator's figures; a unit officer its own. */
export function mayEnterFigures(editor: FigureEditor, indicator: Pick<IndicatorView, 'ownerUnit'>): boolean {
  if (editor.role === 'unit_officer')
    return editor.unitId !== null && indicator.ownerUnit !== null && indicator.ownerUnit.id === editor.unitId;
  return editor.role === 'admin' || editor.role === 'secretariat' || editor.role === 'statistics_officer';
}

/**
 * Stores one figure and keeps the rule "one figure in force per indicator, area and period": when one is in
 * force already, the core's `selectFiguresInForce` decides between it and the new one (a later final figure wins;
 * a provisional one never displaces a final one), and the other is marked superseded. Returns the new figure's id
 * and whether it was a revision.
 */
export async function storeFigure(
  trx: Db,
  f: NewFigure,
  p: FigureProvenance,
): Promise<{ id: number; revision: boolean }> {
  // A concurrent revision of the same period may displace the figure in force between two statements (on
  // PostgreSQL, FOR UPDATE then skips the row it waited for): each round reads afresh.
  for (let round = 0; round < 10; round++) {
    const id = await figuresRepository.insertIfNew(trx, f, p);
    if (id !== null) return { id, revision: false };
    const current = await figuresRepository.inForceForUpdate(trx, f.indicatorId, f.areaCode, f.period);
    if (!current) continue;
    const [chosen] = selectFiguresInForce([
      {
        period: f.period as Period,
        value: Number(current.value),
        qualifier: current.qualifier as FigureQualifier,
        revisedAt: current.entered_at,
        isNew: false,
      },
      {
        period: f.period as Period,
        value: f.value,
        qualifier: f.qualifier as FigureQualifier,
        revisedAt: p.enteredAt,
        isNew: true,
      },
    ]);
    // Stored as history first, pointing at the figure in force, so that the unique index never sees two.
    const newId = await figuresRepository.insertSuperseded(trx, f, p, current.id);
    if (chosen!.figure.isNew) {
      await figuresRepository.setSupersededBy(trx, current.id, newId);
      await figuresRepository.setSupersededBy(trx, newId, null);
    }
    return { id: newId, revision: true };
  }
  throw new Error(`no figure in force could be settled for ${f.indicatorId}/${f.areaCode}/${f.period}`);
}

function invalid(code: string, zh: string, en: string, path: string): DomainError {
  return new DomainError(code, { message: { zh, en }, detail: en, errors: [{ path, message: en }] });
}

/**
 * Enters one figure for an indicator (a revision when the indicator, area and period already have one: the old
 * figure stays in the history). Audited.
 */
export async function enterFigure(
  db: Kysely<Database>,
  actor: Actor,
  editor: FigureEditor,
  indicatorId: number,
  input: FigureInput,
): Promise<FigureView> {
  const period = parsePeriod(input.period);
  if (!period.ok) throw invalid('PERIOD_INVALID', period.message.zh, period.message.en, '/body/period');
  const area = resolveArea(areaIndex(), input.areaCode, periodEndDate(period.period));
  if (!area)
    throw new DomainError('AREA_UNKNOWN', {
      detail: input.areaCode,
      errors: [{ path: '/body/areaCode', message: `unknown area "${input.areaCode}"` }],
    });
  if (!Number.isFinite(input.value))
    throw invalid('VALIDATION_FAILED', '数值无效', 'The value is not a number', '/body/value');
  return withTransaction(db, async (trx) => {
    const indicator = await requireIndicator(trx, indicatorId);
    if (!mayEnterFigures(editor, indicator))
      throw new DomainError('FIGURE_NOT_YOURS', { detail: `indicator ${indicatorId}` });
    const provenance: FigureProvenance = {
      enteredBy: actor.userId,
      enteredByLabel: actor.label,
      enteredAt: nowIso(),
      importId: null,
    };
    const { id, revision } = await storeFigure(
      trx,
      {
        indicatorId,
        areaCode: area.area.key,
        period: period.period,
        value: input.value,
        qualifier: fromApiQualifier(input.qualifier),
        sourceUrl: input.sourceUrl?.trim() || null,
        sourceDocument: input.sourceDocument?.trim() || null,
        quote: input.quote?.trim() || null,
      },
      provenance,
    );
    const after = toFigureView((await figuresRepository.get(trx, id))!);
    await audited(trx, actor, {
      action: revision ? 'figure.revise' : 'figure.create',
      entityType: 'figure',
      entityId: id,
      after: { ...after, indicator: indicator.name },
    });
    return after;
  });
}
