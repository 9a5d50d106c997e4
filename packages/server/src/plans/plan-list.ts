import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import { preparedQuery, type Wrapper } from '../db/prepared.js';
import { afterKey, containsPattern, encodeCursor, type After, type SortOrder } from '../db/keyset.js';
import type { Db } from '../audit/audit.js';

/** How a page of the plans list is asked for (see PlansQuery in schemas.ts). */
export interface PlanListQuery {
  /** Only published plans (the public, enterprise reporters). */
  publishedOnly: boolean;
  /** Filter on the published flag (for those who see both). */
  published?: boolean;
  /** Words the title contains (case-insensitive). */
  q?: string;
  sort: PlanSort;
  order: SortOrder;
  after: After | null;
  limit: number;
}

export type PlanSort = 'updatedAt' | 'title' | 'id';
const SORT_COLUMN = { updatedAt: 'updated_at', title: 'title', id: 'id' } as const;
const QUALIFIED_COLUMN = { updatedAt: 'p.updated_at', title: 'p.title', id: 'p.id' } as const;

/**
 * One page of the plans list: the rows after the cursor in the list's order, one more than asked for (it tells
 * whether another page follows). Built and compiled once per combination of filters, sort and order
 * ("shape"); the arguments follow `planListArgs`. Reads the counts stored on the plan row, never the plan's items.
 */
function buildPage(db: Kysely<Database>, shape: string, args: unknown[]) {
  const [sort, order, flags] = shape.split(':') as [PlanSort, SortOrder, string];
  const column = QUALIFIED_COLUMN[sort];
  let i = 0;
  const next = () => args[i++];
  let q = db
    .selectFrom('plans as p')
    .select([
      'p.id',
      'p.title',
      'p.issuer',
      'p.period_from',
      'p.period_to',
      'p.published',
      'p.version',
      'p.task_count',
      'p.target_count',
      'p.unit_count',
      'p.created_at',
      'p.updated_at',
    ]);
  if (flags.includes('p')) q = q.where('p.published', '=', next() as number);
  if (flags.includes('q')) q = q.where(sql<SqlBool>`lower(p.title) like ${next()} escape '\\'`);
  if (flags.includes('a')) {
    const after =
      sort === 'id' ? { value: 0, id: next() as number } : { value: next() as string, id: next() as number };
    q = q.where(afterKey(column, 'p.id', order, after));
  }
  if (sort !== 'id') q = q.orderBy(column, order);
  return q.orderBy('p.id', order).limit(next() as number);
}

/**
 * Around the page, SQL that has the engine write the rows asked for as one JSON array, in order (SQLite's
 * json_object, PostgreSQL's row_to_json), and say how many rows came and the sort key of the last one asked for:
 * one row handed over instead of fifty, and nothing serialised here.
 */
const asJson =
  (sort: PlanSort, order: SortOrder, limitArg: number): Wrapper =>
  (page, dialect, param) => {
    const key = SORT_COLUMN[sort];
    const by = sort === 'id' ? `id ${order}` : `${key} ${order}, id ${order}`;
    const reverse = order === 'asc' ? 'desc' : 'asc';
    const last = sort === 'id' ? `id ${reverse}` : `${key} ${reverse}, id ${reverse}`;
    // head: the rows asked for, without the one that only tells whether more follow.
    const ctes = `with page as (${page}), head as (select * from page order by ${by} limit ${param(limitArg)})`;
    const tail = `(select count(*) from page) as n,
        (select ${key} from head order by ${last} limit 1) as last_value,
        (select id from head order by ${last} limit 1) as last_id`;
    if (dialect === 'sqlite')
      return `${ctes}
        select (select cast(json_group_array(json_object('id', id, 'title', title, 'issuer', issuer,
            'periodFrom', period_from, 'periodTo', period_to,
            'published', json(case when published = 1 then 'true' else 'false' end), 'version', version,
            'taskCount', task_count, 'targetCount', target_count, 'unitCount', unit_count,
            'createdAt', created_at, 'updatedAt', updated_at) order by ${by}) as blob) from head) as items,
          ${tail}`;
    return `${ctes}
      select (select coalesce(json_agg((select row_to_json(x) from (select head.id, head.title, head.issuer,
          head.period_from as "periodFrom", head.period_to as "periodTo", head.published = 1 as published,
          head.version, head.task_count as "taskCount", head.target_count as "targetCount",
          head.unit_count as "unitCount", head.created_at as "createdAt", head.updated_at as "updatedAt") x)
          order by ${by}), '[]'::json)::text from head) as items,
        ${tail}`;
  };

function planListShape(f: PlanListQuery): string {
  const flags =
    (f.publishedOnly || f.published !== undefined ? 'p' : '') +
    (f.q !== undefined ? 'q' : '') +
    (f.after ? 'a' : '');
  return `${f.sort}:${f.order}:${flags}`;
}

/** The arguments, in the order `buildPage` takes them, then the page size for the wrapper. */
function planListArgs(f: PlanListQuery): unknown[] {
  const args: unknown[] = [];
  if (f.publishedOnly || f.published !== undefined) args.push(f.publishedOnly || f.published ? 1 : 0);
  if (f.q !== undefined) args.push(containsPattern(f.q));
  if (f.after) {
    if (f.sort !== 'id') args.push(f.after.value);
    args.push(f.after.id);
  }
  args.push(f.limit + 1, f.limit);
  return args;
}

interface PageRow {
  items: Buffer | string | null;
  n: number | null;
  last_value: string | number | null;
  last_id: number | null;
}

const byShape = new Map<string, (db: Db, ...args: unknown[]) => Promise<{ rows: PageRow[] }>>();

/**
 * A page of the plans list as the API sends it (PlanPage), its JSON written by the database: `{"items":[…],
 * "nextCursor":…}`.
 */
export async function readPlanListPage(db: Db, f: PlanListQuery): Promise<Buffer> {
  const shape = planListShape(f);
  const args = planListArgs(f);
  let run = byShape.get(shape);
  if (!run) {
    const limitArg = args.length - 1;
    run = preparedQuery(
      (kdb, ...a: unknown[]) => buildPage(kdb, shape, a.slice(0, limitArg)),
      asJson(f.sort, f.order, limitArg),
    ) as unknown as (db: Db, ...args: unknown[]) => Promise<{ rows: PageRow[] }>;
    byShape.set(shape, run);
  }
  const row = (await run(db, ...args)).rows[0];
  const more = row !== undefined && Number(row.n) > f.limit;
  const cursor = more
    ? encodeCursor(f.sort, f.order, {
        value: f.sort === 'id' ? Number(row.last_id) : (row.last_value as string),
        id: Number(row.last_id),
      })
    : null;
  const items = row?.items ?? '[]';
  return Buffer.concat([
    OPEN,
    typeof items === 'string' ? Buffer.from(items) : items,
    Buffer.from(`,"nextCursor":${JSON.stringify(cursor)}}`),
  ]);
}

const OPEN = Buffer.from('{"items":');
