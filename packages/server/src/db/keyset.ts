import { sql, type Expression, type SqlBool } from 'kysely';
import { DomainError } from '../errors/index.js';

/**
 * Keyset pagination, shared by every list: a page is the rows after the last one of the previous page in the
 * list's order (sort column, then id), so rows inserted meanwhile neither repeat nor push rows out of later pages,
 * and a page costs the same however deep it is (no OFFSET to skip). The cursor is opaque to clients.
 */
export type SortOrder = 'asc' | 'desc';

/** Where the previous page ended: its last row's sort value and id. */
export interface After {
  value: string | number;
  id: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

function cursorError(): DomainError {
  return new DomainError('VALIDATION_FAILED', {
    message: {
      zh: '分页游标无效，或与当前的排序方式不符；请从第一页重新开始。',
      en: 'The page cursor is invalid or does not match the sort order; start again from the first page.',
    },
    errors: [{ path: '/querystring/cursor', message: 'invalid cursor' }],
  });
}

/** An integer a 32-bit id column can hold: a crafted cursor beyond it must not reach PostgreSQL (out of range). */
const isRowId = (v: unknown): boolean => Number.isSafeInteger(v) && Math.abs(v as number) <= 2_147_483_647;

/** Reads a cursor made by `pageOf` for the same sort and order; a missing cursor means the first page. */
export function decodeCursor(cursor: string | undefined, sort: string, order: SortOrder): After | null {
  if (cursor === undefined || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorError();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== sort ||
    parsed[1] !== order ||
    !(typeof parsed[2] === 'string' || isRowId(parsed[2])) ||
    !isRowId(parsed[3])
  )
    throw cursorError();
  return { value: parsed[2] as string | number, id: parsed[3] as number };
}

/** The cursor of a page that ends at `after` (what `decodeCursor` reads back). */
export function encodeCursor(sort: string, order: SortOrder, after: After): string {
  return Buffer.from(JSON.stringify([sort, order, after.value, after.id]), 'utf8').toString('base64url');
}

/**
 * The page from rows fetched with `limit + 1` (the extra row only tells whether another page follows), with the
 * cursor of its last row.
 */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  sort: string,
  order: SortOrder,
  keyOf: (row: R) => After,
  map: (row: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return {
    items: page.map(map),
    nextCursor: more ? encodeCursor(sort, order, keyOf(page[page.length - 1]!)) : null,
  };
}

/** `(column, id) > (value, id)` (or `<` descending): the rows after `after` in the list's order. */
export function afterKey(
  column: string,
  idColumn: string,
  order: SortOrder,
  after: After,
): Expression<SqlBool> {
  const op = sql.raw(order === 'asc' ? '>' : '<');
  // Sorted by id alone: one column, so that the primary key's index serves the range on either engine.
  if (column === idColumn) return sql<SqlBool>`${sql.ref(idColumn)} ${op} ${after.id}`;
  return sql<SqlBool>`(${sql.ref(column)}, ${sql.ref(idColumn)}) ${op} (${after.value}, ${after.id})`;
}

/** A `LIKE` pattern matching `text` anywhere, its wildcards escaped (use with `escape '\'`), lower-cased. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
