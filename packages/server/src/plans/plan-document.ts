import { preparedSql, type DialectSql } from '../db/prepared.js';
import type { Db } from '../audit/audit.js';

/**
 * The whole plan as the API sends it (PlanDetail), in one statement that returns one row: the plan's own fields with
 * its jurisdiction and targets; every item's object one after the other, separated by the record separator U+001E (which JSON text
 * never holds raw: both engines escape control characters); each item's [id, parent, position]; and the items'
 * unit links. The engine writes the JSON (SQLite's json_object, PostgreSQL's row_to_json), so no query is built
 * and no object is made or serialised per item on this, the most read path: what is left here is to nest the items
 * under their parents and add their units, by copying byte ranges. One row rather than one per item, and no ORDER
 * BY inside the aggregates (each would sort a copy of its input): handing rows over and sorting them cost more
 * than making them. Each item's object starts with its id, which is how its pieces are matched up here.
 * Only the current version's items and targets: those a re-import retired are read by their own route.
 * Parameters: $1 the plan, $2 1 when the viewer sees unpublished plans and notes.
 */
const PLAN_DOCUMENT: DialectSql = {
  sqlite: `
    select cast(json_object(
        'id', p.id, 'title', p.title, 'issuer', p.issuer, 'periodFrom', p.period_from, 'periodTo', p.period_to,
        'published', json(case when p.published = 1 then 'true' else 'false' end), 'version', p.version,
        'taskCount', p.task_count, 'targetCount', p.target_count, 'unitCount', p.unit_count,
        'createdAt', p.created_at, 'updatedAt', p.updated_at, 'documentNumber', p.document_number,
        'references', json(p.references_json),
        'area', json((select json_object('id', a.id, 'code', a.code, 'name', a.name) from areas a
          where a.id = p.area_id)),
        'targets', (select json_group_array(json_object(
            'id', t.id, 'nodeId', t.node_id, 'indicator', t.indicator, 'comparator', t.comparator,
            'value', t.value, 'unit', t.unit, 'deadlineYear', t.deadline_year,
            'cumulative', json(case when t.cumulative = 1 then 'true' else 'false' end),
            'text', t.text, 'spanStart', t.span_start, 'spanEnd', t.span_end) order by t.position, t.id)
          from targets t where t.plan_id = p.id and t.retired_at is null)
      ) as blob) as header,
      (select cast(group_concat(json_object(
          'id', n.id, 'parentId', n.parent_id, 'path', n.path, 'label', n.label, 'kind', n.kind,
          'title', n.title, 'body', n.body, 'note', case when $2 = 1 then n.note else '' end,
          'spanStart', n.span_start, 'spanEnd', n.span_end, 'deadline', json(n.deadline_json)), char(30)) as blob)
        from plan_nodes n where n.plan_id = p.id and n.retired_at is null) as nodes,
      (select json_group_array(json_array(n.id, n.parent_id, n.position))
        from plan_nodes n where n.plan_id = p.id and n.retired_at is null) as items,
      (select json_group_array(json_array(l.node_id, l.role = 'support', l.position, u.id, u.name))
        from plan_node_units l join plan_nodes n on n.id = l.node_id join units u on u.id = l.unit_id
        where n.plan_id = p.id and n.retired_at is null) as links
    from plans p where p.id = $1 and (p.published = 1 or $2 = 1)`,
  // row_to_json writes compact JSON (json_build_object would put spaces around every colon and comma).
  postgres: `
    select (select row_to_json(x) from (select p.id, p.title, p.issuer, p.period_from as "periodFrom",
        p.period_to as "periodTo", p.published = 1 as published, p.version, p.task_count as "taskCount",
        p.target_count as "targetCount", p.unit_count as "unitCount", p.created_at as "createdAt",
        p.updated_at as "updatedAt", p.document_number as "documentNumber", p.references_json::json as "references",
        (select row_to_json(a) from (select a.id, a.code, a.name from areas a where a.id = p.area_id) a) as area,
        coalesce((select json_agg(y.target order by t.position, t.id) from targets t
          cross join lateral (select row_to_json(z) as target from (select t.id, t.node_id as "nodeId",
            t.indicator, t.comparator, t.value, t.unit, t.deadline_year as "deadlineYear",
            t.cumulative = 1 as cumulative, t.text, t.span_start as "spanStart", t.span_end as "spanEnd") z) y
          where t.plan_id = p.id and t.retired_at is null), '[]'::json) as targets) x)::text as header,
      (select string_agg((select row_to_json(y) from (select n.id, n.parent_id as "parentId", n.path, n.label,
          n.kind, n.title, n.body, case when $2 = 1 then n.note else '' end as note, n.span_start as "spanStart",
          n.span_end as "spanEnd", n.deadline_json::json as deadline) y)::text, chr(30))
        from plan_nodes n where n.plan_id = p.id and n.retired_at is null) as nodes,
      (select json_agg(json_build_array(n.id, n.parent_id, n.position))
        from plan_nodes n where n.plan_id = p.id and n.retired_at is null)::text as items,
      (select json_agg(json_build_array(l.node_id, (l.role = 'support')::int, l.position, u.id, u.name))
        from plan_node_units l join plan_nodes n on n.id = l.node_id join units u on u.id = l.unit_id
        where n.plan_id = p.id and n.retired_at is null)::text as links
    from plans p where p.id = $1 and (p.published = 1 or $2 = 1)`,
};

interface DocumentRow {
  /** Bytes on SQLite (a blob: no UTF-8 decoding here and encoding again on the way out), text on PostgreSQL. */
  header: Buffer | string;
  /** Each item's object, in no particular order, separated by U+001E; null for a plan without items. */
  nodes: Buffer | string | null;
  /** JSON: [id, parent id, position] of each item. */
  items: string | null;
  /** JSON: [item id, 1 when supporting (else leading), position, unit id, unit name] of each unit link. */
  links: string | null;
}

type ItemKey = [id: number, parentId: number | null, position: number];
type Link = [nodeId: number, support: number, position: number, unitId: number, name: string];

const planDocumentQuery = preparedSql<DocumentRow>(PLAN_DOCUMENT);

const bytes = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v) : v);

/**
 * The plan's JSON as the API sends it (PlanDetail), or null when the plan does not exist or the viewer may not see
 * it. `internal`: the viewer sees unpublished plans and the items' notes.
 */
export async function readPlanDocument(db: Db, planId: number, internal: boolean): Promise<Buffer | null> {
  const { rows } = await planDocumentQuery(db, planId, internal ? 1 : 0);
  const row = rows[0];
  if (!row) return null;
  return nest(
    bytes(row.header),
    row.nodes === null ? EMPTY : bytes(row.nodes),
    row.items === null ? [] : (JSON.parse(row.items) as ItemKey[]),
    row.links === null ? [] : (JSON.parse(row.links) as Link[]),
  );
}

const EMPTY = Buffer.alloc(0);
const NODES = Buffer.from(',"nodes":[');
const CHILDREN = Buffer.from(',"children":[');
const NO_UNITS = ',"leadUnits":[],"supportUnits":[]';
const ID_PREFIX = Buffer.from('{"id":');
const SEPARATOR = 0x1e;
const [COMMA, CLOSE_ARRAY, CLOSE_OBJECT, ZERO] = [0x2c, 0x5d, 0x7d, 0x30];

/** The `,"leadUnits":[…],"supportUnits":[…]` of each item that has units, by item id, in link order. */
function unitsByItem(links: Link[]): Map<number, string> {
  links.sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[3] - b[3]);
  const out = new Map<number, string>();
  for (let i = 0; i < links.length;) {
    const node = links[i]![0];
    const lists: [string[], string[]] = [[], []];
    for (; i < links.length && links[i]![0] === node; i++) {
      const [, support, , id, name] = links[i]!;
      lists[support === 1 ? 1 : 0].push(`{"id":${id},"name":${JSON.stringify(name)}}`);
    }
    out.set(node, `,"leadUnits":[${lists[0].join(',')}],"supportUnits":[${lists[1].join(',')}]`);
  }
  return out;
}

/**
 * The header object with `"nodes":[…]` added, each item's object reopened to add its units and `"children":[…]`,
 * children by position among their siblings; an item whose parent is missing stands at the top, as a root. Copies
 * byte ranges into one buffer: no object per item.
 */
function nest(header: Buffer, nodes: Buffer, items: ItemKey[], links: Link[]): Buffer {
  const key = new Map<number, ItemKey>();
  for (const item of items) key.set(item[0], item);
  // Where each item's object is in `nodes`, found by the id it starts with.
  const range = new Map<number, [number, number]>();
  for (let at = 0; at < nodes.length;) {
    let sep = nodes.indexOf(SEPARATOR, at);
    if (sep < 0) sep = nodes.length;
    if (nodes.compare(ID_PREFIX, 0, ID_PREFIX.length, at, at + ID_PREFIX.length) !== 0)
      throw new Error('plan document: an item object does not start with its id');
    let id = 0;
    for (let d = at + ID_PREFIX.length; nodes[d]! >= ZERO && nodes[d]! <= ZERO + 9; d++)
      id = id * 10 + nodes[d]! - ZERO;
    range.set(id, [at, sep]);
    at = sep + 1;
  }
  const children = new Map<number | null, ItemKey[]>();
  for (const item of items) {
    const parent = item[1] !== null && key.has(item[1]) ? item[1] : null;
    const list = children.get(parent);
    if (list) list.push(item);
    else children.set(parent, [item]);
  }
  const units = unitsByItem(links);
  let unitChars = 0;
  for (const u of units.values()) unitChars += u.length;
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const size =
    header.length +
    NODES.length +
    nodes.length +
    3 * unitChars +
    items.length * (CHILDREN.length + NO_UNITS.length + 3) +
    2;
  const out = Buffer.allocUnsafe(size);
  let o = header.copy(out, 0, 0, header.length - 1);
  o += NODES.copy(out, o);
  const byPosition = (a: ItemKey, b: ItemKey) => a[2] - b[2] || a[0] - b[0];
  const emit = (list: ItemKey[] | undefined) => {
    if (!list) return;
    list.sort(byPosition);
    for (let j = 0; j < list.length; j++) {
      const id = list[j]![0];
      const [from, to] = range.get(id)!;
      if (j > 0) out[o++] = COMMA;
      o += nodes.copy(out, o, from, to - 1);
      o += out.write(units.get(id) ?? NO_UNITS, o);
      o += CHILDREN.copy(out, o);
      emit(children.get(id));
      out[o++] = CLOSE_ARRAY;
      out[o++] = CLOSE_OBJECT;
    }
  };
  emit(children.get(null));
  out[o++] = CLOSE_ARRAY;
  out[o++] = CLOSE_OBJECT;
  return out.subarray(0, o);
}
