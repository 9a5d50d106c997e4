import type { Kysely } from 'kysely';
import type { AuditLogRow, Database } from '../db/schema.js';
import type { AuditEntry, AuditQuery } from './schemas.js';
import { entityLabels, type EntityLabel } from './entity-labels.js';

function toEntry(r: AuditLogRow, label: EntityLabel | undefined): AuditEntry {
  return {
    entityLabel: label?.label ?? null,
    planId: label?.planId ?? null,
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
  };
}

/**
 * A page of the audit log, newest first, filtered; `nextBefore` continues where this page ends. Each entry names
 * its entity as it is called now (`entityLabel`) and, for what belongs to a plan, the plan (`planId`).
 */
export async function listAudit(
  db: Kysely<Database>,
  q: AuditQuery,
): Promise<{ items: AuditEntry[]; nextBefore: number | null }> {
  const limit = q.limit ?? 50;
  let query = db.selectFrom('audit_log').selectAll();
  if (q.entityType !== undefined) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId !== undefined) query = query.where('entity_id', '=', q.entityId);
  if (q.actor !== undefined) query = query.where('actor_label', '=', q.actor);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const labels = await entityLabels(
    db,
    page.map((r) => ({ type: r.entity_type, id: r.entity_id })),
  );
  return {
    items: page.map((r) => toEntry(r, labels.get(`${r.entity_type}:${r.entity_id}`))),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
