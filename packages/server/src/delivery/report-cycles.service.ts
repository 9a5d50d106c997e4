import type { Kysely } from 'kysely';
import {
  DEFAULT_DUE_WORKING_DAYS,
  cycleBounds,
  reportDueDate,
  reportingPeriods,
  type Period,
  type ReportFrequency,
} from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { fromFlag } from '../db/dialect.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { chinaDate, isoOf } from './access.js';
import type { ReportCycle } from './schemas.js';
import './errors.js';

/** The years a plan's cycle spans: its stated period, else the year it was imported. */
async function planSpan(db: Db, planId: number, now: number): Promise<{ from: number; to: number }> {
  const years = await repo.planYears(db, planId);
  if (!years) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
  const thisYear = Number(chinaDate(now).slice(0, 4));
  const from = years.from ?? years.to ?? thisYear;
  return { from, to: Math.max(from, years.to ?? from) };
}

/**
 * The plan's reporting cycle with every period and its due date. Until the secretariat sets one, the default
 * applies: quarterly, due on the 5th working day after each quarter, over the plan's years.
 */
export async function getReportCycle(db: Db, planId: number, now: number): Promise<ReportCycle> {
  const row = await repo.cycle(db, planId);
  if (row) {
    const frequency = row.frequency as ReportFrequency;
    return {
      planId,
      configured: true,
      frequency,
      dueWorkingDays: row.due_working_days,
      firstPeriod: row.first_period,
      lastPeriod: row.last_period,
      version: row.version,
      example: fromFlag(row.example),
      periods: reportingPeriods(
        frequency,
        row.first_period as Period,
        row.last_period as Period,
        row.due_working_days,
      ),
    };
  }
  const span = await planSpan(db, planId, now);
  const { first, last } = cycleBounds('quarter', span.from, span.to);
  return {
    planId,
    configured: false,
    frequency: 'quarter',
    dueWorkingDays: DEFAULT_DUE_WORKING_DAYS,
    firstPeriod: first,
    lastPeriod: last,
    version: 0,
    example: false,
    periods: reportingPeriods('quarter', first, last, DEFAULT_DUE_WORKING_DAYS),
  };
}

/**
 * The secretariat sets the plan's cycle: monthly or quarterly, and how many working days after a period its
 * report is due. The due days may change at any time (the due dates of the reports move with them, recorded);
 * the frequency only while no report exists.
 */
export async function setReportCycle(
  db: Kysely<Database>,
  actor: Actor,
  now: number,
  planId: number,
  body: { frequency: ReportFrequency; dueWorkingDays: number; version?: number },
  example = false,
): Promise<ReportCycle> {
  return withTransaction(db, async (trx) => {
    const before = await getReportCycle(trx, planId, now);
    if (before.configured && body.version !== undefined && body.version !== before.version)
      throw new DomainError('VERSION_CONFLICT', {
        detail: `report cycle of plan ${planId}`,
        current: before,
      });
    if (before.frequency !== body.frequency && (await repo.reportCount(trx, planId)) > 0)
      throw new DomainError('REPORT_CYCLE_IN_USE');
    const span = await planSpan(trx, planId, now);
    const { first, last } = cycleBounds(body.frequency, span.from, span.to);
    const values = {
      frequency: body.frequency,
      due_working_days: body.dueWorkingDays,
      first_period: first,
      last_period: last,
      updated_by: actor.userId,
      updated_at: isoOf(now),
      example: example ? 1 : 0,
    };
    if (before.configured)
      await trx
        .updateTable('report_cycles')
        .set((e) => ({ ...values, version: e('version', '+', 1) }))
        .where('plan_id', '=', planId)
        .execute();
    else
      await trx
        .insertInto('report_cycles')
        .values({ ...values, plan_id: planId })
        .execute();
    if (before.dueWorkingDays !== body.dueWorkingDays) {
      const periods = await trx
        .selectFrom('progress_reports')
        .select('period')
        .distinct()
        .where('plan_id', '=', planId)
        .execute();
      for (const { period } of periods)
        await trx
          .updateTable('progress_reports')
          .set({ due_date: reportDueDate(period as Period, body.dueWorkingDays) })
          .where('plan_id', '=', planId)
          .where('period', '=', period)
          .execute();
    }
    await audited(trx, actor, {
      action: 'report_cycle.set',
      entityType: 'plan',
      entityId: planId,
      before: before.configured
        ? { frequency: before.frequency, dueWorkingDays: before.dueWorkingDays }
        : null,
      after: {
        frequency: body.frequency,
        dueWorkingDays: body.dueWorkingDays,
        firstPeriod: first,
        lastPeriod: last,
      },
    });
    return getReportCycle(trx, planId, now);
  });
}
