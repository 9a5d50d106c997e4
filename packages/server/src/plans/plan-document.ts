import { preparedSql, type DialectSql } from '../db/prepared.js';
import type { Db } from '../audit/audit.js';

/**
 * The whole plan as the API sends it (PlanDetail), built by the database in one statement: the plan's own fields
 * with its targets as one row, then one row per item with the item's fields and units. The engine writes the
 * JSON (SQLite's json_object, PostgreSQL's row_to_json), so no query is built and no object is made or
 * serialised per item on this, the most read path: what is left to do here is to nest the items by parent,
 * by concatenating their texts. Parameters: $1 the plan, $2 1 when the viewer sees unpublished plans and notes.
 */
const PLAN_DOCUMENT: DialectSql = {
  sqlite: `
    select 0 as kind, null as id, null as parent_id, 0 as position, cast(json_object(
        'id', p.id, 'title', p.title, 'issuer', p.issuer, 'periodFrom', p.period_from, 'periodTo', p.period_to,
        'published', json(case when p.published = 1 then 'true' else 'false' end), 'version', p.version,
        'taskCount', p.task_count, 'targetCount', p.target_count, 'unitCount', p.unit_count,
        'createdAt', p.created_at, 'updatedAt', p.updated_at, 'documentNumber', p.document_number,
        'references', json(p.references_json),
        'targets', (select json_group_array(json_object(
            'id', t.id, 'nodeId', t.node_id, 'indicator', t.indicator, 'comparator', t.comparator,
            'value', t.value, 'unit', t.unit, 'deadlineYear', t.deadline_year,
            'cumulative', json(case when t.cumulative = 1 then 'true' else 'false' end),
            'text', t.text, 'spanStart', t.span_start, 'spanEnd', t.span_end) order by t.position, t.id)
          from targets t where t.plan_id = p.id)
      ) as blob) as json
    from plans p where p.id = $1 and (p.published = 1 or $2 = 1)
    union all
    select 1, n.id, n.parent_id, n.position, cast(json_object(
        'id', n.id, 'parentId', n.parent_id, 'path', n.path, 'label', n.label, 'kind', n.kind,
        'title', n.title, 'body', n.body, 'note', case when $2 = 1 then n.note else '' end,
        'spanStart', n.span_start, 'spanEnd', n.span_end,
        'leadUnits', json(coalesce(g.lead, '[]')), 'supportUnits', json(coalesce(g.support, '[]'))
      ) as blob)
    from plan_nodes n
    left join (
      select l.node_id,
        json_group_array(json_object('id', u.id, 'name', u.name) order by l.position)
          filter (where l.role <> 'support') as lead,
        json_group_array(json_object('id', u.id, 'name', u.name) order by l.position)
          filter (where l.role = 'support') as support
      from plan_node_units l join plan_nodes m on m.id = l.node_id join units u on u.id = l.unit_id
      where m.plan_id = $1 group by l.node_id
    ) g on g.node_id = n.id
    where n.plan_id = $1 and exists (select 1 from plans p where p.id = $1 and (p.published = 1 or $2 = 1))`,
  // row_to_json writes compact JSON (json_build_object would put spaces around every colon and comma).
  postgres: `
    select 0 as kind, null::integer as id, null::integer as parent_id, 0 as position, (select row_to_json(x)
      from (select p.id, p.title, p.issuer, p.period_from as "periodFrom", p.period_to as "periodTo",
        p.published = 1 as published, p.version, p.task_count as "taskCount", p.target_count as "targetCount",
        p.unit_count as "unitCount", p.created_at as "createdAt", p.updated_at as "updatedAt",
        p.document_number as "documentNumber", p.references_json::json as "references",
        coalesce((select json_agg(y.target order by t.position, t.id) from targets t
          cross join lateral (select row_to_json(z) as target from (select t.id, t.node_id as "nodeId",
            t.indicator, t.comparator, t.value, t.unit, t.deadline_year as "deadlineYear",
            t.cumulative = 1 as cumulative, t.text, t.span_start as "spanStart", t.span_end as "spanEnd") z) y
          where t.plan_id = p.id), '[]'::json) as targets) x)::text as json
    from plans p where p.id = $1 and (p.published = 1 or $2 = 1)
    union all
    select 1, n.id, n.parent_id, n.position, (select row_to_json(x)
      from (select n.id, n.parent_id as "parentId", n.path, n.label, n.kind, n.title, n.body,
        case when $2 = 1 then n.note else '' end as note, n.span_start as "spanStart", n.span_end as "spanEnd",
        coalesce(g.lead, '[]'::json) as "leadUnits", coalesce(g.support, '[]'::json) as "supportUnits") x)::text
    from plan_nodes n
    left join (
      select l.node_id,
        json_agg(json_build_object('id', u.id, 'name', u.name) order by l.position)
          filter (where l.role <> 'support') as lead,
        json_agg(json_build_object('id', u.id, 'name', u.name) order by l.position)
          filter (where l.role = 'support') as support
      from plan_node_units l join plan_nodes m on m.id = l.node_id join units u on u.id = l.unit_id
      where m.plan_id = $1 group by l.node_id
    ) g on g.node_id = n.id
    where n.plan_id = $1 and exists (select 1 from plans p where p.id = $1 and (p.published = 1 or $2 = 1))`,
};

interface DocumentRow {
  kind: number;
  id: number | null;
  parent_id: number | null;
  position: number;
  /** A Buffer on SQLite (a blob: no UTF-8 decoding and re-encoding on the way out), text on PostgreSQL. */
  json: Buffer | string;
}

const planDocumentQuery = preparedSql<DocumentRow>(PLAN_DOCUMENT);

/**
 * The plan's JSON as the API sends it (PlanDetail), or null when the plan does not exist or the viewer may not see
 * it. `internal`: the viewer sees unpublished plans and the items' notes.
 */
export async function readPlanDocument(
  db: Db,
  planId: number,
  internal: boolean,
): Promise<Buffer | string | null> {
  const { rows } = await planDocumentQuery(db, planId, internal ? 1 : 0);
  let header: DocumentRow | undefined;
  const ids = new Set<number>();
  for (const r of rows) if (r.kind === 0) header = r;
  if (!header) return null;
  for (const r of rows) if (r.kind === 1) ids.add(r.id!);
  // Children by parent, in document order; an item whose parent is missing stands at the top, as a root.
  const children = new Map<number | null, DocumentRow[]>();
  for (const r of rows) {
    if (r.kind !== 1) continue;
    const parent = r.parent_id !== null && ids.has(r.parent_id) ? r.parent_id : null;
    const list = children.get(parent);
    if (list) list.push(r);
    else children.set(parent, [r]);
  }
  const byPosition = (a: DocumentRow, b: DocumentRow) => a.position - b.position || a.id! - b.id!;
  for (const list of children.values()) list.sort(byPosition);
  return typeof header.json === 'string'
    ? nestText(header.json, children)
    : nestBytes(header.json, children as Map<number | null, (DocumentRow & { json: Buffer })[]>);
}

// Each item's object is reopened to append its children: `{…}` becomes `{…,"children":[…]}`.
function nestText(header: string, children: Map<number | null, DocumentRow[]>): string {
  const out: string[] = [header.slice(0, -1), ',"nodes":['];
  const emit = (list: DocumentRow[] | undefined) => {
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (i > 0) out.push(',');
      out.push((r.json as string).slice(0, -1), ',"children":[');
      emit(children.get(r.id));
      out.push(']}');
    }
  };
  emit(children.get(null));
  out.push(']}');
  return out.join('');
}

const COMMA = Buffer.from(',');
const NODES = Buffer.from(',"nodes":[');
const CHILDREN = Buffer.from(',"children":[');
const CLOSE = Buffer.from(']}');

function nestBytes(header: Buffer, children: Map<number | null, (DocumentRow & { json: Buffer })[]>): Buffer {
  const out: Buffer[] = [header.subarray(0, -1), NODES];
  const emit = (list: (DocumentRow & { json: Buffer })[] | undefined) => {
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (i > 0) out.push(COMMA);
      out.push(r.json.subarray(0, -1), CHILDREN);
      emit(children.get(r.id));
      out.push(CLOSE);
    }
  };
  emit(children.get(null));
  out.push(CLOSE);
  return Buffer.concat(out);
}
