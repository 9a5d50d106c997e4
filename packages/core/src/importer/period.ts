/**
 * A plan's period as its text states it (title, 实施期限, 自…之日起至…, a five-year plan, a yearly work plan's year),
 * and the year of its date line, which dates "自发布之日起" and month-only deadlines.
 */
import type { PlanPeriod } from '../types.js';
import { DATE_LINE } from './metadata.js';
import { parseChineseInt } from './structure.js';
import { execNearAnchors, type Paragraph } from './text-util.js';

/** Chinese five-year plans: 十二五 → 2011–2015. */
function fiveYearPlan(s: string): PlanPeriod | null {
  const m = /[“"]?十([一二三四五六七八九])五[”"]?/.exec(s);
  if (!m) return null;
  const k = parseChineseInt(m[1] ?? '');
  if (k === null) return null;
  const from = 1956 + (k + 9) * 5; // 十一五 (k=1) → 2006
  return { from, to: from + 4 };
}

/**
 * The plan's period, only when the text states it: "(2013—2015年)" in the title, "实施期限为2013年至2015年",
 * "时限是1997年4月―1998年2月", "2012年起5年内", "执行期自发布之日起至2020年12月底", a five-year plan named in the
 * title ("十二五"), or the one year of a yearly work plan ("2020年…工作要点", "明确2020年…工作要点如下").
 */
export function findPeriod(title: string, body: string, issuedYear: number | null): PlanPeriod | null {
  const t =
    /[（(]\s*(\d{4})\s*年?\s*(?:—|–|－|-|~|～|至|到)+\s*(\d{4})\s*年?\s*[）)]/.exec(title) ??
    /^\s*(\d{4})\s*[—–－~～-]+\s*(\d{4})\s*年/.exec(title);
  if (t) return ordered(Number(t[1]), Number(t[2]));
  const stated = execNearAnchors(STATED_PERIOD, body, PERIOD_ANCHORS, 2);
  if (stated) return ordered(Number(stated[1]), Number(stated[2]));
  const within = !body.includes('年起')
    ? null
    : /(\d{4})\s*年起\s*(?:的)?\s*([一二三四五六七八九十\d]{1,3})\s*年(?:内|时间)/.exec(body);
  if (within) {
    const from = Number(within[1]);
    const n = /^\d+$/.test(within[2] ?? '') ? Number(within[2]) : parseChineseInt(within[2] ?? '');
    if (n && n > 0 && n < 50) return { from, to: from + n - 1 };
  }
  // UNTIL_END holds 之日起, which most texts lack: one native search spares the pattern's tries at each 期.
  const untilEnd = body.includes('之日起') ? execNearAnchors(UNTIL_END, body, ['期'], 2) : null;
  if (untilEnd) {
    const to = Number(untilEnd[1]);
    const from = issuedYear !== null && issuedYear <= to ? issuedYear : to;
    return { from, to };
  }
  const fy = fiveYearPlan(title);
  if (fy) return fy;
  // A yearly work plan names its year: "2020年全省…工作要点" or "包头市2022年…考评办法" as its title, or "明确2020年…
  // 工作要点如下".
  // The notice's title and the enclosed plan's own title line come joined by a blank: either may name the year.
  const inTitle =
    annualYear(title) ??
    title
      .split(/\s+/)
      .map(annualYear)
      .find((y) => y !== null) ??
    null;
  if (inTitle !== null) return { from: inTitle, to: inTitle };
  const year = introducesAnnualPlan(body)
    ? execNearAnchors(ANNUAL_INTRO, body, ANNUAL_INTRO_ANCHORS, 2)
    : null;
  if (year) return ordered(Number(year[1]), Number(year[1]));
  return null;
}

/** The kinds of a yearly work plan; a report (政府工作报告) looks back and forward and states no period of its own. */
const ANNUAL_KIND_WORDS = '工作要点|工作计划|工作安排|工作方案|行动计划|实施计划|工作意见|工作的意见';
const ANNUAL_KIND = `(?:${ANNUAL_KIND_WORDS})`;
const ANNUAL_TITLE = new RegExp(`^\\s*(\\d{4})\\s*年[^，。；]{0,40}?${ANNUAL_KIND}$`);
/**
 * A yearly plan's title with its place before the year, or the year without 年: "包头市2022年数字政府建设考评办法",
 * "数字山东2021行动方案", "某区2024年优化营商环境工作方案". Not a deadline ("2025年前…行动方案") and not a range.
 */
const PLACE_YEAR_TITLE = new RegExp(
  `^[\\u4e00-\\u9fa5]{2,12}?((?:19|20)\\d{2})(?!\\d|\\s*年?\\s*(?:前|以前|之前|[—–\\-－~～至到]))年?[^，。；]{0,40}?` +
    `(?:${ANNUAL_KIND_WORDS}|行动方案|实施方案|考评办法|考核办法|考核方案|考评细则|考核细则|任务清单)$`,
);

/** The one year a yearly plan's title names ("2020年…工作要点", "包头市2022年…考评办法"), or null. */
export function annualYear(title: string): number | null {
  const m = ANNUAL_TITLE.exec(title) ?? PLACE_YEAR_TITLE.exec(title.trim());
  if (!m) {
    // A covering notice names the plan it issues: "…关于印发《包头市2022年…考评办法》的通知".
    const named = /(?:印发|转发)《([^《》]{4,80})》的?(?:通知|函)$/.exec(title);
    return named ? annualYear(named[1] ?? '') : null;
  }
  const y = Number(m[1]);
  return y >= 1949 && y <= 2100 ? y : null;
}
// The patterns searched in the whole text are tried only near a character each of their opening words holds
// (execNearAnchors): 期 or 限 two characters in at most, 确, 定 or 出 likewise.
export const ANNUAL_INTRO = new RegExp(
  `(?:明确|制定|提出|特制定|现提出)\\s*(\\d{4})\\s*年[^，。；]{0,40}?${ANNUAL_KIND}如下`,
  'y',
);
export const ANNUAL_INTRO_ANCHORS = ['确', '定', '出'];
/** The last two characters of each ANNUAL_KIND: a match of ANNUAL_INTRO ends with one of them and 如下. */
export const ANNUAL_KIND_ENDS = ['要点', '计划', '安排', '方案', '意见'];

/**
 * False when no ANNUAL_KIND stands before a 如下 in `body`, so that ANNUAL_INTRO cannot match: 如下 is rare, and
 * one native search for it spares the pattern's tries at each of the common 确, 定 and 出 it is anchored on.
 */
export function introducesAnnualPlan(body: string): boolean {
  for (let i = body.indexOf('如下', 2); i >= 0; i = body.indexOf('如下', i + 1))
    if (ANNUAL_KIND_ENDS.includes(body.slice(i - 2, i))) return true;
  return false;
}
export const STATED_PERIOD =
  /(?:实施期限|实施期|执行期限|执行期|规划期限|规划期|有效期|期限|时限)\s*(?:为|是|：|:|自)?\s*(\d{4})\s*年?(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?\s*(?:—|–|－|-|~|～|―|至|到)+\s*(\d{4})\s*年/y;
export const PERIOD_ANCHORS = ['期', '限'];
export const UNTIL_END =
  /(?:执行期|实施期|有效期|施行期)[^。]{0,12}?(?:自|从)[^。]{0,8}?(?:发布|印发|公布)之日起[^。]{0,4}?至\s*(\d{4})\s*年/y;

function ordered(a: number, b: number): PlanPeriod | null {
  if (!(a > 1900 && a < 2200 && b > 1900 && b < 2200)) return null;
  return a <= b ? { from: a, to: b } : { from: b, to: a };
}

/** The year of the document's date line ("2020年2月12日" standing alone), or null. */
export function findIssuedYear(paras: readonly Paragraph[]): number | null {
  for (const p of paras) {
    const m = DATE_LINE.exec(p.text);
    if (m) return Number(m[1]);
  }
  return null;
}
