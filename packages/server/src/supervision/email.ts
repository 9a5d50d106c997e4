import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SmtpConfig } from '../config.js';
import { LEVEL_NAMES, RULE_NAMES } from './messages.js';
import { noticeMessage } from './webhooks.service.js';
import { planSettings } from './settings.js';
import { supervisionRepository } from './supervision.repository.js';

/**
 * Notices by e-mail, where SMTP is configured: each new or escalated notice goes to the addresses the plan's
 * settings give for its unit and to those given for the secretariat (unit null). Returns how many were sent.
 */
export async function emailNoticeEvents(
  db: Kysely<Database>,
  smtp: SmtpConfig,
  events: readonly { noticeId: number; kind: string }[],
  asOf: string,
): Promise<number> {
  const wanted = events.filter((e) => e.kind === 'raised' || e.kind === 'escalated');
  if (wanted.length === 0) return 0;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    // A local relay often has a self-made certificate; STARTTLS is still used when offered.
    tls: { rejectUnauthorized: false },
  });
  let sent = 0;
  try {
    for (const e of wanted) {
      const row = await supervisionRepository.get(db, e.noticeId);
      const m = await noticeMessage(db, e.noticeId, e.kind, asOf);
      if (!row || !m) continue;
      const settings = await planSettings(db, row.plan_id);
      const to = settings.recipients
        .filter((r) => r.unitId === null || r.unitId === row.unit_id)
        .map((r) => r.email);
      if (to.length === 0) continue;
      const n = m.notice;
      const rule = RULE_NAMES[n.rule]?.zh ?? n.rule;
      const level = LEVEL_NAMES[n.level]?.zh ?? n.level;
      await transport.sendMail({
        from: smtp.from,
        to: [...new Set(to)],
        subject: `【${e.kind === 'escalated' ? '督办升级' : '督办'}·${level}】${n.unit}：${rule}`,
        text: [
          `${n.documentNumber}`,
          `承办单位：${n.unit}`,
          `督办事项：${n.item ? `${n.item} · ` : ''}${n.subject}（${rule}）`,
          `督办等级：${level}`,
          `办理时限：${n.stepDueOn ?? '—'}`,
          `所属方案：${n.planTitle}`,
        ].join('\n'),
      });
      sent++;
    }
  } finally {
    transport.close();
  }
  return sent;
}
