import { preparedSql, type DialectSql } from '../db/prepared.js';
import type { Db } from '../audit/audit.js';

/**
 * The whole plan as the API sends it (PlanDetail), in one statement that returns one row of four columns: the plan's
 * own fields with its jurisdiction; its targets, its items and its items' unit links, each a run of records
 * separated by the record separator U+001E (which JSON text never holds raw: both engines escape control
 * characters). A record is a few numbers (an item's position; a link's item, role and position) followed by the
 * object the API sends, written by the engine (SQLite's json_object, PostgreSQL's row_to_json), so no query is
 * built and no object is made or serialised per item on this, the most read path: what is left here is to order
 * the targets, nest the items under their parents and add their units, by copying byte ranges. One row rather than
 * one per item, and no ORDER BY inside the aggregates (each would sort a copy of its input): handing rows over and
 * sorting them cost more than making them. Each object starts with its id, which is how its pieces are matched up
 * here; the numbers before it are what the ordering needs, so each table is read once (an item's position used to
 * take a second pass over the items, and its units' JSON was parsed and written again here).
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
          where a.id = p.area_id))
      ) as blob) as header,
      (select cast(group_concat(t.position || json_object(
          'id', t.id, 'nodeId', t.node_id, 'indicator', t.indicator, 'comparator', t.comparator,
          'value', t.value, 'unit', t.unit, 'deadlineYear', t.deadline_year,
          'cumulative', json(case when t.cumulative = 1 then 'true' else 'false' end),
          'text', t.text, 'spanStart', t.span_start, 'spanEnd', t.span_end), char(30)) as blob)
        from targets t where t.plan_id = p.id and t.retired_at is null) as targets,
      (select cast(group_concat(n.position || json_object(
          'id', n.id, 'parentId', n.parent_id, 'path', n.path, 'label', n.label, 'kind', n.kind,
          'title', n.title, 'body', n.body, 'note', case when $2 = 1 then n.note else '' end,
          'spanStart', n.span_start, 'spanEnd', n.span_end, 'deadline', json(n.deadline_json)), char(30)) as blob)
        from plan_nodes n where n.plan_id = p.id and n.retired_at is null) as nodes,
      (select cast(group_concat(l.node_id || ',' || (l.role = 'support') || ',' || l.position || ',' ||
          json_object('id', u.id, 'name', u.name), char(30)) as blob)
        from plan_node_units l join plan_nodes n on n.id = l.node_id join units u on u.id = l.unit_id
        where n.plan_id = p.id and n.retired_at is null) as links
    from plans p where p.id = $1 and (p.published = 1 or $2 = 1)`,
  // row_to_json writes compact JSON (json_build_object would put spaces around every colon and comma); over a
  // lateral subquery rather than a subquery per row, which PostgreSQL runs as a subplan per row (the 50× plan's
  // items: about 27 against 20 ms, its targets 5 against 2.4 ms).
  postgres: `
    select (select row_to_json(x) from (select p.id, p.title, p.issuer, p.period_from as "periodFrom",
        p.period_to as "periodTo", p.published = 1 as published, p.version, p.task_count as "taskCount",
        p.target_count as "targetCount", p.unit_count as "unitCount", p.created_at as "createdAt",
        p.updated_at as "updatedAt", p.document_number as "documentNumber", p.references_json::json as "references",
        (select row_to_json(a) from (select a.id, a.code, a.name from areas a where a.id = p.area_id) a) as area) x)::text
        as header,
      (select string_agg(t.position || row_to_json(z)::text, chr(30)) from targets t
        cross join lateral (select t.id, t.node_id as "nodeId", t.indicator, t.comparator, t.value, t.unit,
          t.deadline_year as "deadlineYear", t.cumulative = 1 as cumulative, t.text, t.span_start as "spanStart",
          t.span_end as "spanEnd") z
        where t.plan_id = p.id and t.retired_at is null) as targets,
      (select string_agg(n.position || row_to_json(y)::text, chr(30)) from plan_nodes n
        cross join lateral (select n.id, n.parent_id as "parentId", n.path, n.label, n.kind, n.title, n.body,
          case when $2 = 1 then n.note else '' end as note, n.span_start as "spanStart", n.span_end as "spanEnd",
          n.deadline_json::json as deadline) y
        where n.plan_id = p.id and n.retired_at is null) as nodes,
      (select string_agg(l.node_id || ',' || (l.role = 'support')::int || ',' || l.position || ',{"id":' || u.id ||
          ',"name":' || to_json(u.name)::text || '}', chr(30))
        from plan_node_units l join plan_nodes n on n.id = l.node_id join units u on u.id = l.unit_id
        where n.plan_id = p.id and n.retired_at is null) as links
    from plans p where p.id = $1 and (p.published = 1 or $2 = 1)`,
};

export interface DocumentRow {
  /** Bytes on SQLite (a blob: no UTF-8 decoding here and encoding again on the way out), text on PostgreSQL. */
  header: Buffer | string;
  /** Each target as its position then its object (`3{"id":…}`), in no particular order, separated by U+001E. */
  targets: Buffer | string | null;
  /** Each item as its position then its object (`3{"id":…}`), in no particular order, separated by U+001E. */
  nodes: Buffer | string | null;
  /**
   * Each unit link as `item id,1 when supporting (else 0),position,{"id":…,"name":…}` (the unit as the item lists
   * it), in no particular order, separated by U+001E.
   */
  links: Buffer | string | null;
}

const planDocumentQuery = preparedSql<DocumentRow>(PLAN_DOCUMENT);

const bytes = (v: Buffer | string | null): Buffer =>
  v === null ? EMPTY : typeof v === 'string' ? Buffer.from(v) : v;

/**
 * The plan's JSON as the API sends it (PlanDetail), or null when the plan does not exist or the viewer may not see
 * it. `internal`: the viewer sees unpublished plans and the items' notes.
 */
export async function readPlanDocument(db: Db, planId: number, internal: boolean): Promise<Buffer | null> {
  const row = await planDocumentRow(db, planId, internal);
  if (!row) return null;
  return nest(bytes(row.header), bytes(row.targets), bytes(row.nodes), bytes(row.links));
}

/**
 * The database's part of `readPlanDocument` alone: the one statement, as the engine returns it. Exported for the read
 * bench, which times it beside the whole request to show how much of a read is the engine's own work.
 */
export async function planDocumentRow(
  db: Db,
  planId: number,
  internal: boolean,
): Promise<DocumentRow | null> {
  const { rows } = await planDocumentQuery(db, planId, internal ? 1 : 0);
  return rows[0] ?? null;
}

const EMPTY = Buffer.alloc(0);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TARGETS = ascii(',"targets":[');
const NODES = ascii('],"nodes":[');
const LEAD = ascii(',"leadUnits":[');
const SUPPORT = ascii('],"supportUnits":[');
const CHILDREN = ascii('],"children":[');
const ITEM_ID = ascii('{"id":');
const PARENT_ID = ascii(',"parentId":');
const [SEPARATOR, COMMA, CLOSE_ARRAY, CLOSE_OBJECT, OPEN_OBJECT, ZERO, NINE, N] = [
  0x1e, 0x2c, 0x5d, 0x7d, 0x7b, 0x30, 0x39, 0x6e,
];

/** Records separated by U+001E, each read by `parse`: numbers first, then a JSON object to its end. */
class Records {
  /** Per record: its numbers (`width` of them), where its JSON object starts and where the record ends. */
  readonly numbers: Float64Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  private at = 0;

  constructor(
    readonly text: Buffer,
    readonly width: number,
    parse: (r: Records, i: number) => void,
  ) {
    let count = 0;
    if (text.length > 0)
      for (let i = text.indexOf(SEPARATOR); i >= 0; i = text.indexOf(SEPARATOR, i + 1)) count++;
    this.count = text.length > 0 ? count + 1 : 0;
    this.numbers = new Float64Array(this.count * width);
    this.starts = new Int32Array(this.count);
    this.ends = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) {
      let end = text.indexOf(SEPARATOR, this.at);
      if (end < 0) end = text.length;
      this.ends[i] = end;
      parse(this, i);
      this.at = end + 1;
    }
  }

  /** The unsigned integer at the cursor (null for `null`); moves past it. */
  integer(): number | null {
    const t = this.text;
    if (t[this.at] === N) {
      this.at += 4;
      return null;
    }
    let v = 0;
    const from = this.at;
    for (; t[this.at]! >= ZERO && t[this.at]! <= NINE; this.at++) v = v * 10 + t[this.at]! - ZERO;
    if (this.at === from) throw new Error('plan document: a number was expected');
    return v;
  }

  /** Moves past `bytes`, which must be at the cursor. */
  expect(bytes: Uint8Array): void {
    for (let k = 0; k < bytes.length; k++)
      if (this.text[this.at + k] !== bytes[k]) throw new Error('plan document: unexpected text in a record');
    this.at += bytes.length;
  }

  /** Moves past a comma at the cursor. */
  comma(): void {
    if (this.text[this.at++] !== COMMA) throw new Error('plan document: a comma was expected');
  }

  mark(i: number): void {
    if (this.text[this.at] !== OPEN_OBJECT) throw new Error('plan document: an object was expected');
    this.starts[i] = this.at;
  }
}

// Targets: [position, id].
const readTarget = (r: Records, i: number) => {
  r.numbers[i * 2] = r.integer()!;
  r.mark(i);
  r.expect(ITEM_ID);
  r.numbers[i * 2 + 1] = r.integer()!;
};

// Items: position, then the object, which starts with its id and its parent's: [position, id, parent (-1: none)].
const readItem = (r: Records, i: number) => {
  const k = i * 3;
  r.numbers[k] = r.integer()!;
  r.mark(i);
  r.expect(ITEM_ID);
  r.numbers[k + 1] = r.integer()!;
  r.expect(PARENT_ID);
  r.numbers[k + 2] = r.integer() ?? -1;
};

// Links: [item id, support, position, unit id].
const readLink = (r: Records, i: number) => {
  const k = i * 4;
  r.numbers[k] = r.integer()!;
  r.comma();
  r.numbers[k + 1] = r.integer()!;
  r.comma();
  r.numbers[k + 2] = r.integer()!;
  r.comma();
  r.mark(i);
  r.expect(ITEM_ID);
  r.numbers[k + 3] = r.integer()!;
};

/**
 * The header object with `"targets":[…]` (by position, then id) and `"nodes":[…]` added, each item's object reopened to add its units
 * (`"leadUnits":[…],"supportUnits":[…]`, each in link order: position, then unit id) and `"children":[…]`, children
 * by position among their siblings, then by id; an item whose parent is missing stands at the top, as a root.
 * Copies byte ranges into one buffer: no object or string per item, no JSON parsed.
 */
function nest(header: Buffer, targetText: Buffer, nodeText: Buffer, linkText: Buffer): Buffer {
  const targets = new Records(targetText, 2, readTarget);
  const items = new Records(nodeText, 3, readItem);
  const links = new Records(linkText, 4, readLink);
  const n = items.count;
  const v = items.numbers;
  const indexOf = new Map<number, number>();
  for (let i = 0; i < n; i++) indexOf.set(v[i * 3 + 1]!, i);

  // Children of each item (slot i + 1) and the roots (slot 0), by position, then id.
  const children: (number[] | undefined)[] = new Array<number[] | undefined>(n + 1);
  for (let i = 0; i < n; i++) {
    const parent = v[i * 3 + 2]!;
    const slot = parent < 0 ? 0 : (indexOf.get(parent) ?? -1) + 1;
    (children[slot] ??= []).push(i);
  }
  const byPosition = (a: number, b: number) => v[a * 3]! - v[b * 3]! || v[a * 3 + 1]! - v[b * 3 + 1]!;
  for (const list of children) if (list && list.length > 1) list.sort(byPosition);

  // Each item's links, by position, then unit id.
  const lv = links.numbers;
  const unitsOf: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  for (let j = 0; j < links.count; j++) {
    const i = indexOf.get(lv[j * 4]!);
    if (i !== undefined) (unitsOf[i] ??= []).push(j);
  }
  const byLinkOrder = (a: number, b: number) =>
    lv[a * 4 + 2]! - lv[b * 4 + 2]! || lv[a * 4 + 3]! - lv[b * 4 + 3]!;
  for (const list of unitsOf) if (list && list.length > 1) list.sort(byLinkOrder);

  const tv = targets.numbers;
  const targetOrder = Array.from({ length: targets.count }, (_, j) => j).sort(
    (a, b) => tv[a * 2]! - tv[b * 2]! || tv[a * 2 + 1]! - tv[b * 2 + 1]!,
  );

  const out = Buffer.allocUnsafe(
    header.length + targetText.length + nodeText.length + linkText.length + n * 64 + 32,
  );
  let o = 0;
  const put = (b: Uint8Array) => {
    for (let k = 0; k < b.length; k++) out[o++] = b[k]!;
  };
  const copy = (from: Buffer, start: number, end: number) => {
    o += from.copy(out, o, start, end);
  };
  const unitList = (list: number[] | undefined, support: number) => {
    let first = true;
    if (list)
      for (const j of list)
        if (lv[j * 4 + 1] === support) {
          if (!first) out[o++] = COMMA;
          first = false;
          copy(linkText, links.starts[j]!, links.ends[j]!);
        }
  };
  const emit = (list: number[] | undefined) => {
    if (!list) return;
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      if (k > 0) out[o++] = COMMA;
      // The item's object without its closing brace.
      copy(nodeText, items.starts[i]!, items.ends[i]! - 1);
      put(LEAD);
      unitList(unitsOf[i], 0);
      put(SUPPORT);
      unitList(unitsOf[i], 1);
      put(CHILDREN);
      emit(children[i + 1]);
      out[o++] = CLOSE_ARRAY;
      out[o++] = CLOSE_OBJECT;
    }
  };
  copy(header, 0, header.length - 1);
  put(TARGETS);
  for (let k = 0; k < targetOrder.length; k++) {
    if (k > 0) out[o++] = COMMA;
    const j = targetOrder[k]!;
    copy(targetText, targets.starts[j]!, targets.ends[j]!);
  }
  put(NODES);
  emit(children[0]);
  out[o++] = CLOSE_ARRAY;
  out[o++] = CLOSE_OBJECT;
  return out.subarray(0, o);
}
