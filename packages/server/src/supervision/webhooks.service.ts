import type { Kysely } from 'kysely';
import { levelRank, type NoticeLevel } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { fromFlag, nowIso, toFlag } from '../db/dialect.js';
import { DomainError } from '../errors/index.js';
import { decodeCursor, pageOf, type Page } from '../db/keyset.js';
import {
  dingtalkMessage,
  dingtalkSignedUrl,
  documentNumber,
  luoshiSignature,
  wecomMessage,
  type NoticeMessage,
} from './messages.js';
import { supervisionRepository } from './supervision.repository.js';

export type WebhookFormat = 'generic' | 'wecom' | 'dingtalk';

export interface WebhookView {
  id: number;
  name: string;
  url: string;
  format: WebhookFormat;
  /** Whether a secret is set (the secret itself is never sent back). */
  signed: boolean;
  planId: number | null;
  minLevel: NoticeLevel;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookInput {
  name: string;
  url: string;
  format: WebhookFormat;
  secret?: string | null;
  planId?: number | null;
  minLevel?: NoticeLevel;
  enabled?: boolean;
}

type WebhookRow = Awaited<ReturnType<typeof getRow>>;
const getRow = (db: Db, id: number) =>
  db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();

function toView(r: NonNullable<WebhookRow>): WebhookView {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    format: r.format as WebhookFormat,
    signed: r.secret !== null,
    planId: r.plan_id,
    minLevel: r.min_level as NoticeLevel,
    enabled: fromFlag(r.enabled),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function checkUrl(url: string): void {
  let ok = false;
  try {
    const u = new URL(url);
    ok = u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok)
    throw new DomainError('WEBHOOK_URL_INVALID', {
      errors: [{ path: '/body/url', message: 'an http(s) URL' }],
    });
}

/** Audit view without the secret. */
const audit = (v: WebhookView) => ({ ...v });

export async function listWebhooks(
  db: Kysely<Database>,
  opts: { cursor?: string; limit?: number },
): Promise<Page<WebhookView>> {
  const limit = opts.limit ?? 50;
  const after = decodeCursor(opts.cursor, 'id', 'asc');
  let q = db.selectFrom('webhooks').selectAll();
  if (after) q = q.where('id', '>', after.id);
  const rows = await q
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, 'id', 'asc', (r) => ({ value: r.id, id: r.id }), toView);
}

export async function createWebhook(
  db: Kysely<Database>,
  actor: Actor,
  input: WebhookInput,
): Promise<WebhookView> {
  checkUrl(input.url);
  return withTransaction(db, async (trx) => {
    const now = nowIso();
    const row = await trx
      .insertInto('webhooks')
      .values({
        name: input.name,
        url: input.url,
        format: input.format,
        secret: input.secret ?? null,
        plan_id: input.planId ?? null,
        min_level: input.minLevel ?? 'blue',
        enabled: toFlag(input.enabled ?? true),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toView(row);
    await audited(trx, actor, {
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: row.id,
      after: audit(view),
    });
    return view;
  });
}

export async function updateWebhook(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: Partial<WebhookInput> & { version: number },
): Promise<WebhookView> {
  if (input.url !== undefined) checkUrl(input.url);
  return withTransaction(db, async (trx) => {
    const before = await getRow(trx, id);
    if (!before) throw new DomainError('WEBHOOK_NOT_FOUND', { detail: `webhook ${id}` });
    const row = await trx
      .updateTable('webhooks')
      .set((eb) => ({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.format !== undefined ? { format: input.format } : {}),
        ...(input.secret !== undefined ? { secret: input.secret } : {}),
        ...(input.planId !== undefined ? { plan_id: input.planId } : {}),
        ...(input.minLevel !== undefined ? { min_level: input.minLevel } : {}),
        ...(input.enabled !== undefined ? { enabled: toFlag(input.enabled) } : {}),
        version: eb('version', '+', 1),
        updated_at: nowIso(),
      }))
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new DomainError('SUPERVISION_VERSION_CONFLICT', {
        detail: `webhook ${id} is at version ${before.version}`,
      });
    const view = toView(row);
    await audited(trx, actor, {
      action: 'webhook.update',
      entityType: 'webhook',
      entityId: id,
      before: audit(toView(before)),
      after: audit(view),
    });
    return view;
  });
}

export async function deleteWebhook(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  await withTransaction(db, async (trx) => {
    const before = await getRow(trx, id);
    if (!before) throw new DomainError('WEBHOOK_NOT_FOUND', { detail: `webhook ${id}` });
    await trx.deleteFrom('webhooks').where('id', '=', id).execute();
    await audited(trx, actor, {
      action: 'webhook.delete',
      entityType: 'webhook',
      entityId: id,
      before: audit(toView(before)),
    });
  });
}

export async function webhookDeliveries(
  db: Kysely<Database>,
  webhookId: number,
  opts: { cursor?: string; limit?: number },
) {
  if (!(await getRow(db, webhookId)))
    throw new DomainError('WEBHOOK_NOT_FOUND', { detail: `webhook ${webhookId}` });
  const limit = opts.limit ?? 50;
  const after = decodeCursor(opts.cursor, 'id', 'desc');
  let q = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
  if (after) q = q.where('id', '<', after.id);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    'id',
    'desc',
    (r) => ({ value: r.id, id: r.id }),
    (r) => ({
      id: r.id,
      noticeId: r.notice_id,
      eventId: r.event_id,
      status: r.status as 'pending' | 'delivered' | 'failed',
      attempts: r.attempts,
      responseStatus: r.response_status,
      lastError: r.last_error,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
      payload: r.payload,
    }),
  );
}

/** The message of a notice event, as every format starts from. */
export async function noticeMessage(
  db: Db,
  noticeId: number,
  event: string,
  asOf: string,
): Promise<NoticeMessage | null> {
  const n = await supervisionRepository.get(db, noticeId);
  if (!n) return null;
  return {
    event,
    asOf,
    notice: {
      id: n.id,
      planId: n.plan_id,
      planTitle: n.plan_title,
      documentNumber: documentNumber(n.raised_on, n.serial),
      unit: n.unit_name,
      rule: n.rule,
      subject: n.subject,
      item: n.node_label ? `${n.node_label} ${n.node_title ?? ''}`.trim() : null,
      level: n.level,
      state: n.state,
      raisedOn: n.raised_on,
      stepDueOn: n.step_due_on,
      daysLate: n.days_late,
    },
  };
}

/** The robots hear of new and escalated notices; a generic webhook hears of every step. */
const ROBOT_EVENTS = new Set(['raised', 'escalated']);

/**
 * Queues a delivery for each webhook that wants each event, in the transaction that wrote the events (so that
 * a notice is never announced without being stored, nor stored without its announcement queued).
 */
export async function queueDeliveries(
  trx: Db,
  planId: number,
  events: readonly { noticeId: number; eventId: number; kind: string; level: string }[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const hooks = await trx
    .selectFrom('webhooks')
    .selectAll()
    .where('enabled', '=', 1)
    .where((eb) => eb.or([eb('plan_id', 'is', null), eb('plan_id', '=', planId)]))
    .execute();
  if (hooks.length === 0) return [];
  const ids: number[] = [];
  const now = nowIso();
  for (const e of events) {
    const asOf = (
      await trx
        .selectFrom('supervision_notice_events')
        .select('as_of')
        .where('id', '=', e.eventId)
        .executeTakeFirst()
    )?.as_of;
    const message = await noticeMessage(trx, e.noticeId, e.kind, asOf ?? '');
    if (!message) continue;
    for (const h of hooks) {
      if (levelRank(e.level as NoticeLevel) < levelRank(h.min_level as NoticeLevel)) continue;
      if (h.format !== 'generic' && !ROBOT_EVENTS.has(e.kind)) continue;
      const body =
        h.format === 'wecom'
          ? wecomMessage(message)
          : h.format === 'dingtalk'
            ? dingtalkMessage(message)
            : message;
      const row = await trx
        .insertInto('webhook_deliveries')
        .values({
          webhook_id: h.id,
          notice_id: e.noticeId,
          event_id: e.eventId,
          payload: JSON.stringify(body),
          status: 'pending',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
  }
  return ids;
}

export interface SendOptions {
  /** Attempts per delivery (default 3). */
  attempts?: number;
  /** Pause before the n-th retry, in ms (default 200·n). */
  backoffMs?: (attempt: number) => number;
  timeoutMs?: number;
  clock?: () => number;
}

/**
 * Sends queued deliveries after the writing transaction has committed, retrying a failed one (network error or a
 * non-2xx answer), and records each attempt's outcome on its row. A robot's answer of `errcode` ≠ 0 counts as a
 * failure too. Never throws: a webhook that is down must not fail the run that raised the notice.
 */
export async function sendDeliveries(
  db: Kysely<Database>,
  ids: readonly number[],
  opts: SendOptions = {},
): Promise<void> {
  const attempts = opts.attempts ?? 3;
  const backoff = opts.backoffMs ?? ((n: number) => 200 * n);
  const clock = opts.clock ?? Date.now;
  for (const id of ids) {
    const d = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.id', 'd.payload', 'd.status', 'd.attempts', 'w.url', 'w.format', 'w.secret'])
      .where('d.id', '=', id)
      .executeTakeFirst();
    if (!d || d.status === 'delivered') continue;
    for (let attempt = d.attempts + 1; attempt <= attempts; attempt++) {
      let status: number | null = null;
      let error: string | null = null;
      try {
        const now = clock();
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
        let url = d.url;
        if (d.format === 'dingtalk' && d.secret) url = dingtalkSignedUrl(d.url, d.secret, now);
        if (d.format === 'generic') {
          const ts = Math.floor(now / 1000);
          headers['x-luoshi-timestamp'] = String(ts);
          headers['x-luoshi-delivery'] = String(d.id);
          if (d.secret) headers['x-luoshi-signature'] = luoshiSignature(d.secret, ts, d.payload);
        }
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body: d.payload,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        status = res.status;
        const text = await res.text();
        if (!res.ok) error = `HTTP ${res.status}`;
        else if (d.format !== 'generic') {
          // The robots answer 200 with {errcode, errmsg}; errcode 0 is success.
          try {
            const body = JSON.parse(text) as { errcode?: number; errmsg?: string };
            if (body.errcode !== undefined && body.errcode !== 0)
              error = `errcode ${body.errcode}: ${body.errmsg ?? ''}`;
          } catch {
            /* not JSON: the HTTP status decides */
          }
        }
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const delivered = error === null;
      await db
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt,
          response_status: status,
          last_error: error,
          status: delivered ? 'delivered' : attempt >= attempts ? 'failed' : 'pending',
          delivered_at: delivered ? nowIso() : null,
        })
        .where('id', '=', d.id)
        .execute();
      if (delivered) break;
      if (attempt < attempts) await new Promise((r) => setTimeout(r, backoff(attempt)));
    }
  }
}
