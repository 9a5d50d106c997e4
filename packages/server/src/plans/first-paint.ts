import type { Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { getPlanDocument, type Viewer } from './plans-service.js';

/**
 * A plan's first paint: its title, issuer, period and task rows (number, title, lead units) as plain HTML that the
 * server puts into the page it sends for the plan (plugins/web.ts), outside the app's #root, so that the plan is
 * on the screen as soon as the HTML arrives, before any script. The web app's plan page removes it once its own
 * table has rendered (packages/web/src/lib/first-paint.ts). It mimics the frame of the app (the navigation column,
 * or for the public the bare header; the card) so that the swap moves little. In the user's language when the app
 * has told the server (the `luoshi_language` cookie), else Chinese, as the app is by default.
 *
 * Read through the plan service, with the same viewer and therefore the same visibility as GET /api/v1/plans/:id
 * (and, with no viewer, as the public route); null where that route would answer PLAN_NOT_FOUND.
 */
export async function planFirstPaint(
  db: Db,
  planId: number,
  viewer: Viewer | null,
  language: FirstPaintLanguage = 'zh',
): Promise<string | null> {
  let document: Buffer | string;
  try {
    document = await getPlanDocument(db, planId, viewer);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'PLAN_NOT_FOUND') return null;
    throw err;
  }
  return renderFirstPaint(
    JSON.parse(typeof document === 'string' ? document : document.toString('utf8')) as PlanOutline,
    viewer === null,
    language,
  );
}

/** The fields of the plan document (PlanDetail) the first paint shows. */
interface PlanOutline {
  title: string;
  issuer: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  taskCount: number;
  area: { name: string } | null;
  nodes: ItemOutline[];
}
interface ItemOutline {
  label: string;
  title: string;
  leadUnits: { name: string }[];
  children: ItemOutline[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text for HTML content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** As the app writes a period (web lib/format.ts formatPeriod). */
function period(from: number | null, to: number | null): string {
  if (from === null && to === null) return '—';
  if (from === to || to === null) return String(from);
  return `${from ?? ''}–${to}`;
}

/**
 * The geometry of the app's frame (components/AppLayout.tsx: a 200 px navigation column that antd hides below
 * 992 px, a 64 px header, 24 px of padding) and of the plan page's card and small table, in plain CSS. The
 * container covers the page until it is removed, so that the app's own intermediate states (the spinner, the
 * frame around a loading card) do not show through or push it about.
 */
const STYLE = `
#first-paint{position:absolute;inset:0 0 auto 0;z-index:100;min-height:100vh;display:flex;background:#f5f5f5;
  font:14px/1.5715 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif;
  color:rgba(0,0,0,.88)}
#first-paint .fp-nav{flex:0 0 200px;background:#fff;border-right:1px solid #f0f0f0;padding:16px 20px;box-sizing:border-box}
#first-paint .fp-nav b{display:block;font-size:20px;line-height:1.4;color:#b71c1c}
#first-paint .fp-nav small{font-size:12px;color:rgba(0,0,0,.45)}
#first-paint .fp-main{flex:1;min-width:0}
#first-paint header{height:64px;padding:0 24px;background:#fff;border-bottom:1px solid #f0f0f0;box-sizing:border-box}
#first-paint header b{font-size:20px;line-height:64px;color:#b71c1c}
#first-paint .fp-card{margin:24px;padding:24px;background:#fff;border:1px solid #f0f0f0;border-radius:8px}
#first-paint .fp-back{display:inline-block;margin-bottom:12px;color:#1677ff;text-decoration:none}
#first-paint h1{margin:0 0 .5em;font-size:24px;line-height:1.35;font-weight:600}
#first-paint dl{display:flex;flex-wrap:wrap;gap:0 48px;margin:0 0 16px}
#first-paint dt{display:inline;color:rgba(0,0,0,.45)}
#first-paint dd{display:inline;margin:0}
#first-paint h2{margin:0 0 56px;padding:12px 0;border-bottom:1px solid #f0f0f0;font-size:14px;font-weight:400;color:#b71c1c}
#first-paint table{width:100%;border-collapse:collapse}
#first-paint th{background:#fafafa;font-weight:600;text-align:left}
#first-paint th,#first-paint td{padding:8px;border-bottom:1px solid #f0f0f0;vertical-align:top}
#first-paint .fp-label{width:150px;font-weight:600;white-space:nowrap}
#first-paint .fp-units{width:220px}
@media (max-width:991.98px){#first-paint .fp-nav{display:none}}
`.replace(/\n\s*/g, '');

/** The texts of the first paint, as the web app's dictionaries have them (packages/web/src/i18n). */
const LABELS = {
  zh: {
    app: '落实',
    subtitle: '实施方案落实管理系统',
    issuer: '印发单位',
    period: '实施期限',
    area: '所属辖区',
    tasks: '任务分解',
    back: '← 返回已发布方案',
    label: '序号',
    title: '任务',
    leadUnits: '牵头单位',
    colon: '：',
    list: '、',
  },
  en: {
    app: 'Luoshi',
    subtitle: 'Implementation plan delivery',
    issuer: 'Issued by',
    period: 'Period',
    area: 'Jurisdiction',
    tasks: 'Tasks',
    back: '← Back to published plans',
    label: 'No.',
    title: 'Task',
    leadUnits: 'Lead units',
    colon: ': ',
    list: ', ',
  },
};
export type FirstPaintLanguage = keyof typeof LABELS;

/** The first paint's HTML: a `<style>` and `<div id="first-paint">`, every text from the plan escaped. */
export function renderFirstPaint(
  plan: PlanOutline,
  publicView: boolean,
  language: FirstPaintLanguage = 'zh',
): string {
  const text = LABELS[language];
  const rows: string[] = [];
  const walk = (items: ItemOutline[], depth: number) => {
    for (const item of items) {
      const indent = depth > 0 ? ` style="padding-left:${8 + depth * 16}px"` : '';
      rows.push(
        `<tr><td class="fp-label"${indent}>${escapeHtml(item.label)}</td><td>${escapeHtml(item.title)}</td>` +
          `<td class="fp-units">${escapeHtml(item.leadUnits.map((u) => u.name).join(text.list))}</td></tr>`,
      );
      walk(item.children, depth + 1);
    }
  };
  walk(plan.nodes, 0);
  const field = (name: string, value: string) =>
    `<div><dt>${name}${text.colon}</dt><dd>${escapeHtml(value)}</dd></div>`;
  return (
    `<style>${STYLE}</style>` +
    `<div id="first-paint" data-testid="plan-first-paint" aria-busy="true">` +
    (publicView ? '' : `<div class="fp-nav"><b>${text.app}</b><small>${text.subtitle}</small></div>`) +
    `<div class="fp-main"><header>${publicView ? `<b>${text.app}</b>` : ''}</header><div class="fp-card">` +
    (publicView ? `<a class="fp-back" href="/public">${text.back}</a>` : '') +
    `<h1>${escapeHtml(plan.title)}</h1>` +
    `<dl>${field(text.issuer, plan.issuer ?? '—')}${field(text.period, period(plan.periodFrom, plan.periodTo))}` +
    `${field(text.area, plan.area?.name ?? '—')}</dl>` +
    `<h2>${text.tasks} (${plan.taskCount})</h2>` +
    `<table aria-label="${text.tasks}"><thead><tr><th scope="col" class="fp-label">${text.label}</th>` +
    `<th scope="col">${text.title}</th><th scope="col" class="fp-units">${text.leadUnits}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></div></div>`
  );
}
