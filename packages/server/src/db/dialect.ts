/**
 * The one place where SQLite and PostgreSQL differ for queries (migrations use ./migrations/dialect.ts, which
 * this re-exports). Services ask here instead of testing the dialect themselves.
 */
export { dialectOf, type DialectName } from './migrations/dialect.js';

/** True when a driver error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; pg: SQLSTATE 23505.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** True when a driver error is a foreign-key violation, on either dialect. */
export function isForeignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** Booleans are stored as 0/1 on both dialects (see schema.ts). */
export const toFlag = (b: boolean): number => (b ? 1 : 0);
export const fromFlag = (n: number | null | undefined): boolean => n === 1;

/** Times are ISO-8601 UTC text on both dialects, so they sort and compare as strings. */
export const nowIso = (): string => new Date().toISOString();
