import { createHmac } from 'node:crypto';
import { noticeStateName } from '@luoshi/core';
import type { NoticeState } from '@luoshi/core';

/** What a message says about a notice event: enough for a person to act without opening Luoshi. */
export interface NoticeMessage {
  event: string;
  notice: {
    id: number;
    planId: number;
    planTitle: string;
    documentNumber: string;
    unit: string;
    rule: string;
    subject: string;
    item: string | null;
    level: string;
    state: string;
    raisedOn: string;
    stepDueOn: string | null;
    daysLate: number;
  };
  asOf: string;
}

export const RULE_NAMES: Record<string, { zh: string; en: string }> = {
  milestone_overdue: { zh: '里程碑逾期', en: 'Milestone overdue' },
  report_missing: { zh: '进展报告未按时报送', en: 'Progress report missing' },
  indicator_off_track: { zh: '指标进度滞后', en: 'Indicator off track' },
  no_update: { zh: '长期未更新', en: 'No update' },
};
export const LEVEL_NAMES: Record<string, { zh: string; en: string }> = {
  blue: { zh: '蓝色', en: 'blue' },
  yellow: { zh: '黄色', en: 'yellow' },
  red: { zh: '红色', en: 'red' },
};
const EVENT_NAMES: Record<string, string> = {
  raised: '新督办',
  escalated: '督办升级',
  sign: '已签收',
  start: '开始办理',
  reply: '已回复',
  verify: '已核实',
  return: '回复被退回',
  close: '已办结',
};

/** The 文号 of a notice's 督办通知单: 督办〔2014〕12号. */
export function documentNumber(raisedOn: string, serial: number): string {
  return `督办〔${raisedOn.slice(0, 4)}〕${serial}号`;
}

function markdownLines(m: NoticeMessage, colour: (level: string, text: string) => string): string[] {
  const n = m.notice;
  return [
    `**${EVENT_NAMES[m.event] ?? m.event}：${RULE_NAMES[n.rule]?.zh ?? n.rule}**`,
    `> 文号：${n.documentNumber}`,
    `> 承办单位：${n.unit}`,
    `> 督办等级：${colour(n.level, LEVEL_NAMES[n.level]?.zh ?? n.level)}`,
    `> 事项：${n.item ? `${n.item} · ` : ''}${n.subject}`,
    `> 状态：${noticeStateName(n.state as NoticeState).zh}${n.stepDueOn ? `，办理时限 ${n.stepDueOn}` : ''}`,
    `> 方案：${n.planTitle}`,
  ];
}

/** 企业微信 group robot: `msgtype: markdown`; its markdown colours text with <font color="info|comment|warning">. */
export function wecomMessage(m: NoticeMessage): unknown {
  const colour = (level: string, text: string) =>
    `<font color="${level === 'red' ? 'warning' : level === 'yellow' ? 'comment' : 'info'}">${text}</font>`;
  return { msgtype: 'markdown', markdown: { content: markdownLines(m, colour).join('\n') } };
}

/** 钉钉 group robot: `msgtype: markdown` with a title (what the notification shows) and the text. */
export function dingtalkMessage(m: NoticeMessage): unknown {
  const colour = (level: string, text: string) =>
    `<font color="${level === 'red' ? '#D93026' : level === 'yellow' ? '#E6A700' : '#1A73E8'}">${text}</font>`;
  return {
    msgtype: 'markdown',
    markdown: {
      title: `${EVENT_NAMES[m.event] ?? m.event}：${m.notice.unit}`,
      text: markdownLines(m, colour).join('\n\n'),
    },
  };
}

/**
 * 钉钉's 加签: the robot URL gets `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)),
 * URL-encoded.
 */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestampMs));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** Luoshi's own signature on a generic event: hex HMAC-SHA256 of `${timestamp}.${body}` (seconds). */
export function luoshiSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}
