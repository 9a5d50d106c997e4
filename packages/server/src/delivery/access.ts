import type { Role } from '../db/schema.js';
import { DomainError } from '../errors/index.js';
import type { ListScope, TaskNode } from './delivery.repository.js';
import './errors.js';

/** Who acts, as far as delivery records go. */
export interface DeliveryUser {
  id: number;
  role: Role;
  unitId: number | null;
}

/** The secretariat (and admins) and leaders read every unit's work plans and reports. */
export const readsAll = (u: DeliveryUser): boolean =>
  u.role === 'admin' || u.role === 'secretariat' || u.role === 'leader';

/** Lists: a unit officer sees its unit's records and those of tasks its unit supports. */
export function listScope(u: DeliveryUser): ListScope {
  return { officerUnitId: readsAll(u) ? null : (u.unitId ?? -1) };
}

const notYours = (detail: string) => new DomainError('NOT_YOUR_UNIT', { detail });

/**
 * May `u` read a record (work plan, report, evidence) of `recordUnitId` on `node`? Everyone who reads all, and a
 * unit officer of the record's unit or of a unit supporting the task (it contributes to the lead unit's report).
 */
export function canRead(
  u: DeliveryUser,
  recordUnitId: number,
  node: Pick<TaskNode, 'supportUnits'>,
): boolean {
  if (readsAll(u)) return true;
  if (u.role !== 'unit_officer' || u.unitId === null) return false;
  return u.unitId === recordUnitId || node.supportUnits.some((s) => s.id === u.unitId);
}

export function assertCanRead(
  u: DeliveryUser,
  recordUnitId: number,
  node: Pick<TaskNode, 'supportUnits'>,
  what: string,
): void {
  if (!canRead(u, recordUnitId, node)) throw notYours(what);
}

/**
 * Writes of the lead unit (its work plan, its report): an officer of that unit — or an admin, who may act for a
 * unit to put its records right (audited under the admin's name).
 */
export function assertOwnUnit(u: DeliveryUser, unitId: number, what: string): void {
  if (u.role === 'admin') return;
  if (u.role !== 'unit_officer' || u.unitId !== unitId) throw notYours(what);
}

/**
 * A supporting unit's part of a report: an officer of a unit supporting the task (its own part), or an admin
 * naming the supporting unit. Returns the unit.
 */
export function assertSupportingUnit(
  u: DeliveryUser,
  node: Pick<TaskNode, 'supportUnits'>,
  what: string,
  unitId?: number,
): number {
  if (u.role === 'admin') {
    if (unitId === undefined || !node.supportUnits.some((s) => s.id === unitId))
      throw new DomainError('UNIT_REQUIRED', { detail: 'name a supporting unit of the task (unitId)' });
    return unitId;
  }
  if (u.role !== 'unit_officer' || u.unitId === null || !node.supportUnits.some((s) => s.id === u.unitId))
    throw notYours(what);
  return u.unitId;
}

/** A local China date (UTC+8, no daylight saving) of an instant given in milliseconds: 'YYYY-MM-DD'. */
export function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** An instant in milliseconds as ISO-8601 UTC text. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();
