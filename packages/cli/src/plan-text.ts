import {
  formatValue,
  type Diagnostic,
  type PlanNodeDraft,
  type TargetDraft,
  type TaskDeadline,
} from '@luoshi/core';
import type { ParseOutput } from './commands/parse.js';

const COMPARATOR: Record<TargetDraft['comparator'], string> = {
  '>': '>',
  '>=': '≥',
  '<=': '≤',
  '<': '<',
  about: '≈',
  '=': '=',
};

const EVERY: Record<NonNullable<TaskDeadline['every']>, string> = {
  year: '每年 yearly',
  'half-year': '每半年 half-yearly',
  quarter: '每季度 quarterly',
  month: '每月 monthly',
};

/** "2021-06 (2021年6月底前)", "印发后3个月 3 months after issue", "持续 ongoing (长期坚持)". */
export function formatDeadline(d: TaskDeadline): string {
  switch (d.kind) {
    case 'date':
      return `${d.date ?? ''} (${d.text})`;
    case 'relative':
      return `${d.months !== undefined ? `${d.months} 个月 months` : `${d.days ?? 0} 天 days`} after issue (${d.text})`;
    case 'recurring':
      return `${d.every ? EVERY[d.every] : ''} (${d.text})`;
    case 'ongoing':
      return `持续 ongoing (${d.text})`;
  }
}

function nodeLines(node: PlanNodeDraft, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const head = `${node.label}${node.title}`.trim() || `(${node.kind})`;
  out.push(`${indent}${head}`);
  if (node.leadUnits.length > 0) out.push(`${indent}    牵头 lead: ${node.leadUnits.join('、')}`);
  if (node.supportUnits.length > 0) out.push(`${indent}    配合 support: ${node.supportUnits.join('、')}`);
  if (node.deadline) out.push(`${indent}    时限 deadline: ${formatDeadline(node.deadline)}`);
  for (const c of node.children) nodeLines(c, depth + 1, out);
}

function diagnosticLine(d: Diagnostic): string {
  const at = d.span ? ` @${d.span[0]}–${d.span[1]}` : '';
  return `  [${d.severity}] ${d.code}${at}: ${d.message.zh} / ${d.message.en}`;
}

/** The draft as a person reads it: title and period, the indented tree with its units, targets, diagnostics. */
export function planToText(plan: ParseOutput): string {
  const out: string[] = [];
  out.push(plan.title || '（无标题 / no title）');
  const period = plan.period ? `${plan.period.from}–${plan.period.to}` : '—';
  out.push(`期限 period: ${period}`);
  if (plan.issuer) out.push(`发文单位 issuer: ${plan.issuer}`);
  if (plan.documentNumber) out.push(`文号 number: ${plan.documentNumber}`);
  if (plan.references.length > 0) out.push(`引用 references: ${plan.references.join('；')}`);
  out.push(
    `来源 source: ${plan.source.file} (${plan.source.format}${plan.source.encoding ? `, ${plan.source.encoding}` : ''})`,
  );
  out.push('', `条目 items (${plan.nodes.length} top-level):`);
  for (const n of plan.nodes) nodeLines(n, 1, out);
  out.push('', `牵头单位 lead units (${plan.units.length}): ${plan.units.join('、') || '—'}`);
  out.push(`配合单位 supporting units (${plan.supportUnits.length}): ${plan.supportUnits.join('、') || '—'}`);
  out.push('', `目标 targets (${plan.targets.length}):`);
  plan.targets.forEach((t, i) => {
    const deadline = t.deadlineYear === null ? '' : ` (${t.deadlineYear})`;
    const cumulative = t.cumulative ? ' 累计 cumulative' : '';
    out.push(
      `  ${i + 1}. ${t.indicator} ${COMPARATOR[t.comparator]} ${formatValue(t.value, t.unit)}${deadline}${cumulative} — “${t.text}”`,
    );
  });
  const counts = (['error', 'warning', 'info'] as const).map(
    (s) => `${plan.diagnostics.filter((d) => d.severity === s).length} ${s}`,
  );
  out.push('', `诊断 diagnostics (${counts.join(', ')}):`);
  for (const d of plan.diagnostics) out.push(diagnosticLine(d));
  return `${out.join('\n')}\n`;
}
