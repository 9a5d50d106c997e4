/**
 * The rules that judge a figure, each a named predicate over the bounded window around it: figures that are no
 * level (a code, a date, an ordinal), levels that are no commitment (a history, an incentive, a rate of change),
 * and the tests of what a figure counts that the naming of its indicator shares. Used by judge (target-judgement.ts).
 */
import type { Comparator } from '../types.js';
import type { Candidate } from './target-candidate.js';
import {
  clauseEndAfter,
  clauseStartBefore,
  cleanIndicator,
  comparatorBefore,
  governedFigureFollows,
} from './target-context.js';
import {
  ACTION_VERB,
  ACTION_VERB_AT_END,
  BASELINE_BEFORE,
  CLASSIFIERS,
  DURATION_UNITS,
  HISTORY_MARK,
  INSPECTION_WORD,
  INCENTIVE_SENTENCE,
  LATIN_UNIT_SET,
  NON_LEVEL_UNITS,
  PERCENT_UNITS,
  POPULATION,
  QUOTA_BEFORE,
  SHARE_DOING,
  SIGN_OR_ORDINAL_CODE,
  RULE_MARK,
  WITHSTAND_BEFORE,
  WITHSTAND_HAZARD,
  isAsciiDigitOrWide,
  isBoundary,
  isDashCode,
  isLatinCode,
} from './target-vocabulary.js';
import type { SentenceState } from './target-judgement.js';

/** A figure and the bounded window around it that every rule reads. */
export interface Window {
  text: string;
  c: Candidate;
  /** Where the figure starts. */
  i: number;
  /** The unit without a per-period part ("元/年" → "元"). */
  baseUnit: string;
  clauseStart: number;
  clauseEnd: number;
  /** The clause before the figure. */
  left: string;
  /** What the figure counts: to the clause's end or to the next item of a list ("10个A、100个B"). */
  rest: string;
  /** Up to 160 characters of the sentence before the figure. */
  sentenceLeft: string;
  sentence: SentenceState;
  quoteDepth: number;
  sectionHistorical: boolean;
}

type Rule = readonly [reason: string, applies: (w: Window) => boolean];

/** Figures that name, code, date or order things rather than measure them; read from the figure alone. */
export const NOT_A_LEVEL: readonly Rule[] = [
  ['a name in quotes', (w) => w.quoteDepth > 0],
  [
    'an ordinal, a code or a signed offset (第3, ±5, A4, +1)',
    ({ text, c, i }) =>
      SIGN_OR_ORDINAL_CODE[text.charCodeAt(i - 1)] === 1 ||
      isLatinCode(text.charCodeAt(i - 1)) ||
      (isLatinCode(text.charCodeAt(c.num.end)) && !LATIN_UNIT_SET.has(c.unit)) ||
      text[c.end] === '+' ||
      text[c.end] === '＋',
  ],
  [
    'a date, duration, ordinal or rank (年, 月, 届, 级, 倍 …)',
    (w) => NON_LEVEL_UNITS.has(w.baseUnit) && !withstands(w),
  ],
  [
    // Ranges ("2-3个") are read as "at least the lower bound" (see readCandidate); one whose unit stands after
    // each figure ("2个-3个"), or the upper figure of a range, is left out.
    'a part of a range',
    ({ text, c, i }) => {
      if (
        !c.rangeTo &&
        /^[-－~～—至到][\d０-９一二三四五六七八九十]/.test(text.slice(c.num.end, c.num.end + 2))
      )
        return true;
      const before1 = text.charCodeAt(i - 1);
      return (
        isDashCode(before1) ||
        (i >= 2 && before1 === 0x81f3 /* 至 */ && isAsciiDigitOrWide(text.charCodeAt(i - 2)))
      );
    },
  ],
  [
    // 百货, 千家万户: a Chinese numeral starts with a digit or 十; without a magnitude (一批, 两新, 十三部委) it is
    // a word unless a comparator stands right before it ("不少于三家").
    'a Chinese numeral that is a word',
    ({ text, c, i }) => {
      if (c.num.kind !== 'chinese') return false;
      if (c.guessedUnit || !/^[〇零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]/.test(text[i] ?? ''))
        return true;
      return (
        !/[百千万亿]/.test(text.slice(i, c.num.end)) &&
        !comparatorBefore(text, i, clauseStartBefore(text, i, 8))
      );
    },
  ],
];

/** Levels the plan does not commit to reach: history, rules, definitions, enumerations; read from the window. */
export const NOT_A_COMMITMENT: readonly Rule[] = [
  ['history', (w) => w.sectionHistorical || w.sentence.historical || HISTORY_MARK.test(w.sentenceLeft)],
  ['a definition ("…是指…")', (w) => /是指|指的是/.test(w.sentenceLeft)],
  [
    'aspects and kinds counted ("4个方面", "12类问题")',
    ({ text, c, baseUnit }) =>
      /^(?:方面|领域|环节|层面|维度|步骤|阶段|部分)/.test(text.slice(c.unitEnd, c.unitEnd + 2)) ||
      (baseUnit === '类' && /问题/.test(text.slice(c.end, clauseEndAfter(text, c.end, 40)))),
  ],
  [
    'a time limit counted from an event ("之日起20个工作日内")',
    (w) => /之日起|日起|后$/.test(w.left) && DURATION_UNITS.has(w.baseUnit),
  ],
  [
    'a year-on-year comparison in the sentence ("…达到3000亿元，同比增长40%")',
    ({ text, c }) => {
      const right = text.slice(c.end, Math.min(text.length, c.end + 60));
      const cut = right.search(/[。！？\n]/);
      return /同比|比上年|较上年|上年同期/.test(cut < 0 ? right : right.slice(0, cut));
    },
  ],
  [
    // "保持6%左右的增长", "保持10%以上增速": the figure is a rate of change named after it, not a level.
    'a rate of change named after the figure ("6%左右的增长")',
    ({ rest }) => /^的?(?:增长|增速|增幅|涨幅|降幅|下降|递增|递减)/.test(rest),
  ],
  [
    'an incentive for whoever qualifies ("对…的地方，给予…")',
    ({ text, sentence }) => INCENTIVE_SENTENCE.test(text.slice(sentence.start, sentence.start + 200)),
  ],
  [
    'a total or an enumeration ("共23项", "等9家银行")',
    (w) => /(共|共计|合计|总计|总共|其余|剩余|前|后|近|第|等)$/.test(w.left) && !buildsNamed(w),
  ],
  [
    'a formula ("覆盖率=签约人数/常住人口数*100%")',
    ({ text, i, left }) => /[=＝*×÷/／]/.test(left) || /[*×÷／]/.test(text.slice(i - 1, i)),
  ],
  ['a baseline ("比2012年", "由X提高到Y")', (w) => BASELINE_BEFORE.test(w.left)],
  [
    // "每个设区市明确1个试点县" is a quota for every area, a target; other 每… figures are rules or rates.
    'a rule, a parameter or a rate (原则上, 最高, 每人)',
    (w) => {
      const quota = QUOTA_BEFORE.exec(w.left);
      const tested = quota ? w.left.slice(0, quota.index) : w.left;
      // "每年要对30%以上的县开展稽查": 每年 sets a yearly coverage, not a rule.
      // "每年培育企业6000家以上": a yearly quota of what the plan does, not a rule either.
      const yearly = yearlyCoverage(w) ? tested.replaceAll(YEARLY, '') : tested.replace(YEARLY_QUOTA, '');
      return RULE_MARK.test(yearly);
    },
  ],
  [
    'the plan\'s own measures counted ("24项督查激励措施")',
    ({ rest, c }) =>
      /^[的]?(?:标准|措施|政策|条款|举措|意见|字)/.test(rest) ||
      (/^.{0,8}(?:措施|举措|政策|意见|条款)$/.test(rest) && /^[项条]$/.test(c.unit)),
  ],
  [
    'a threshold inside the indicator ("500万元及以下的占比提高到50%")',
    ({ text, c, clauseEnd }) => governedFigureFollows(text, c.end, clauseEnd),
  ],
  [
    // "56人以上大班额" is a threshold; "培育10家以上…平台" counts what the plan will do and "90%以上的乡镇建成…"
    // is a share of the things it will do something to.
    'a bound that qualifies a noun',
    (w) => {
      const { text, c, left, rest, baseUnit } = w;
      if (!c.suffix || c.suffix === '左右' || c.suffix === '上下' || yearlyCoverage(w)) return false;
      const after = text[c.end];
      if (isBoundary(after) || after === '、' || /^的(目标|水平|要求)/.test(rest)) return false;
      // Only a classifier counts the noun after it: "20人以上的自然村" is villages of 20 people or more.
      const countAfterVerb =
        c.suffix === '以上' &&
        CLASSIFIERS.has(baseUnit) &&
        (ACTION_VERB_AT_END.test(left) || laterListItem(w) || countOfPlaces(w));
      return !countAfterVerb && !shareOfThings(c, baseUnit, left, rest);
    },
  ],
];

/**
 * "建设100家基地、16家以上智能牧场", "支持10家左右行业（产品）平台、20家左右服务平台": a later item of a 、-list
 * whose earlier item was a target counts what the list's verb does, as the first did.
 */
export function laterListItem({ text, i, left, sentence }: Window): boolean {
  const last = sentence.last;
  if (!last || !/、$/.test(left)) return false;
  const gap = text.slice(last.span[1], i);
  return gap.length <= 30 && !/[\d０-９。；;]/.test(gap);
}

/**
 * What a share of things does ("全区80%的社区建成服务站", "60%的乡镇和40%的村达标", "全市90%的市场主体纳入监管平台"):
 * the verb and what follows it, read past brackets and further shares of a list to the clause's comma; null when
 * nothing is done (a share of money, "其中60%的资金用于…", or of a population described).
 */
export function shareDoing(w: Window): string | null {
  const { text, c } = w;
  const window = text.slice(c.end, Math.min(text.length, c.end + 80));
  const cut = window.search(/[，,；;。！？!?\n]/);
  const clause = cut < 0 ? window : window.slice(0, cut);
  // Past the later shares of the list, whose nouns may hold a verb-like character ("县（市、区）").
  const lastShare = clause.search(/[\d０-９.．]+[%％][^\d０-９%％]*$/);
  const tail = lastShare < 0 ? clause : clause.slice(lastShare);
  const m = ACTION_VERB.exec(tail) ?? SHARE_DOING.exec(tail);
  if (!m) return null;
  // Beyond a verb of doing in its own words, only a share of places, bodies or households is a level: "15%的受访者认为
  // 具备…" reports a survey.
  if (!ACTION_VERB.test(w.rest) && !POPULATION.test(shareNoun(w.rest))) return null;
  return tail.slice(m.index).replace(/[（(][^）)]*[）)]/g, '');
}

/** "每年遴选20个…", "力争每年新增200家企业": 每年 before a verb of doing sets a yearly quota. */
const YEARLY_QUOTA = new RegExp(`每年(?=[^，；。]{0,16}?(?:${ACTION_VERB.source}|开展|面向|发布))`, 'g');
/** "每年分批次发布100个应用场景": what the plan publishes every year (a report's "发布23项标准" is no commitment). */
export const YEARLY_RELEASE = /每年[^，；。]{0,16}?发布$/;

/**
 * "加快建设浪潮等9个标识解析二级节点": a count of named things the plan builds (a verb of doing, the names, 等,
 * and no other doing after the noun). Otherwise "等9家银行" only enumerates what the names are, and in
 * "建设银行等9家银行签约" the verb is a name's.
 */
function buildsNamed({ text, c, left, clauseEnd }: Window): boolean {
  // The verb opens the clause or follows an adverb: in "包括基础建设、专项管理等" it ends a noun.
  const m =
    /(?:^|加快|积极|重点|着力|大力|继续|统筹|全面|力争|新)(?:建设|建成|打造|培育|创建|新建|布局)([^，；。]{1,20})等$/.exec(
      left,
    );
  if (!m || /[\d０-９]/.test(m[1] ?? '')) return false;
  const after = text.slice(c.end, clauseEnd);
  return !ACTION_VERB.test(after) && !SHARE_DOING.test(after);
}

/** "在10个以上领域实现实时汇聚", "在3个县开展试点": the number of places where the plan will do something. */
export function countOfPlaces({ text, c, left, clauseEnd }: Window): boolean {
  return (
    /在$/.test(left) &&
    CLASSIFIERS.has(c.unit) &&
    (ACTION_VERB.test(text.slice(c.end, clauseEnd)) || SHARE_DOING.test(text.slice(c.end, clauseEnd)))
  );
}

/**
 * "面向3万名技术人员开展培训", "每年面向100家企业提供诊断服务": how many people or bodies a service of the plan
 * reaches. The service is named after them, in the same clause.
 */
export function reachOfService({ text, c, left, clauseEnd }: Window): boolean {
  return (
    /面向(?:全[省市区县])?$/.test(left) &&
    (CLASSIFIERS.has(c.unit) || c.unit === '名' || c.unit === '人') &&
    /开展|提供|培训|服务/.test(text.slice(c.end, clauseEnd))
  );
}

/** "具备抗御6级左右地震的能力": a magnitude the plan commits to withstand is a level, not a rank. */
export function withstands({ text, c, i, baseUnit }: Window): boolean {
  return (
    baseUnit === '级' &&
    WITHSTAND_BEFORE.test(text.slice(Math.max(0, i - 3), i)) &&
    WITHSTAND_HAZARD.test(text.slice(c.end, c.end + 3))
  );
}

/** What a capacity to withstand is named: who is to have it, the verb and the hazard ("大中城市抗御地震能力"). */
export function withstandIndicator(leftOfFigure: string, hazardAfter: string): string {
  const verb = /(抗御|抵御|抵抗|防御|抗住|经受住?)$/.exec(leftOfFigure);
  const who = leftOfFigure
    .slice(0, verb ? verb.index : leftOfFigure.length)
    .replace(/^.*?使(?:其成为|其)?/, '')
    .replace(/(?:率先|基本|初步|普遍|全面)?(?:具备|具有|达到|形成)?$/, '');
  const hazard = WITHSTAND_HAZARD.exec(hazardAfter)?.[0] ?? '';
  return `${cleanIndicator(who)}${verb?.[1] ?? ''}${hazard}能力`;
}

const YEARLY = '每年';
export const COVERAGE_NOUN_END = new RegExp(
  `(?:和|及|与|、)[\\d０-９]|开展|进行|实施|组织|${INSPECTION_WORD.source}`,
);

/**
 * "省级部门每年要对本行政区域内30%以上的市和5%以上的县开展稽查", "每年抽查比例不低于30%": a share (at least) of the
 * things inspected every year. 每年 stands earlier in the sentence and an inspection word in it, before or after the
 * figure (the verb of a list of shares comes after the last).
 */
export function yearlyCoverage({ text, c, i, baseUnit, sentenceLeft, clauseStart }: Window): boolean {
  if (!PERCENT_UNITS.has(baseUnit)) return false;
  const at = sentenceLeft.lastIndexOf(YEARLY);
  if (at < 0) return false;
  const atLeast =
    c.suffix === '以上' ||
    c.suffix === '及以上' ||
    comparatorBefore(text, i, clauseStart)?.cw.comparator === '>=';
  if (!atLeast) return false;
  if (INSPECTION_WORD.test(sentenceLeft.slice(at))) return true;
  const right = text.slice(c.end, Math.min(text.length, c.end + 120));
  const cut = right.search(/[。！？\n]/);
  return INSPECTION_WORD.test(cut < 0 ? right : right.slice(0, cut));
}

/** "省级部门每年稽查的县比例": who inspects, the inspection and what is inspected. */
export function coverageIndicator(w: Window, noun: string): string {
  const at = w.sentenceLeft.lastIndexOf(YEARLY);
  const before = w.sentenceLeft.slice(0, at);
  const who = before.slice(
    Math.max(before.lastIndexOf('，'), before.lastIndexOf('；'), before.lastIndexOf('：')) + 1,
  );
  const right = w.text.slice(w.c.end, Math.min(w.text.length, w.c.end + 120));
  const verb =
    INSPECTION_WORD.exec(w.sentenceLeft.slice(at))?.[0] ?? INSPECTION_WORD.exec(right)?.[0] ?? '检查';
  return `${cleanIndicator(who)}${YEARLY}${verb}的${noun}比例`;
}

/** "90%以上的乡镇建成综合文化站": a share of things the plan will do something to. */
export function shareOfThings(c: Candidate, baseUnit: string, left: string, rest: string): boolean {
  return (
    c.suffix === '以上' &&
    PERCENT_UNITS.has(baseUnit) &&
    rest.startsWith('的') &&
    (ACTION_VERB.test(left) ||
      ACTION_VERB.test(rest) ||
      (SHARE_DOING.test(rest) && POPULATION.test(shareNoun(rest))))
  );
}

/** The noun a share is of: "的县（市、区）达到…" → "县". */
function shareNoun(rest: string): string {
  const noun = rest.replace(/^的/, '').replace(/[（(][^）)]*[）)]/g, '');
  const verb = Math.min(
    ...[ACTION_VERB.exec(noun)?.index, SHARE_DOING.exec(noun)?.index, noun.length].filter(
      (k): k is number => k !== undefined,
    ),
  );
  return noun.slice(0, verb);
}

/** The figures of a 分别 list after its first: "、20%和10%". */
const LIST_TAIL = /^(?:[\d０-９][\d０-９.．,，]*[^\d０-９、和及与，。；]{0,4}(?:、|和|及|与|以及))+$/;
const LIST_JOINTS = /、|以及|和|及|与/;

/**
 * "货物贸易、对外投资和实际利用外资分别占比达30%、20%和10%", "覆盖率分别达到80%、70%和60%": every figure of a 分别
 * list is governed by the comparator before the first, and measures the subject at its place in the list before
 * 分别 when the subjects are as many as the figures (else what they all measure). Null for a figure of no such
 * list, or a later figure whose first was no target.
 */
export function respectively(
  w: Window,
  cmp: { cw: { comparator: Comparator }; start: number } | null,
): { comparator: Comparator; indicator: string } | null {
  const { text, i, left, clauseStart, clauseEnd, sentence } = w;
  const at = left.lastIndexOf('分别');
  if (at < 0) return null;
  const head = left.slice(at + 2);
  const firstDigit = head.search(/[\d０-９]/);
  let comparator: Comparator;
  let measureEnd: number;
  let position: number;
  const listStart = clauseStart + at + 2;
  // "分别为95%和80%": 为 states the levels as they are.
  const stated = (at: number) =>
    /[为是]$/.test(text.slice(listStart, at)) ? { comparator: '=' as Comparator, start: at - 1 } : null;
  if (firstDigit < 0) {
    const first = cmp ? { comparator: cmp.cw.comparator, start: cmp.start } : stated(i);
    if (!first) return null;
    comparator = first.comparator;
    measureEnd = first.start;
    position = 0;
  } else {
    const tail = head.slice(firstDigit);
    const last = sentence.last;
    if (!LIST_TAIL.test(tail) || !last || last.span[1] < listStart || last.span[1] > i) return null;
    const firstAt = listStart + firstDigit;
    const firstCmp = comparatorBefore(text, firstAt, clauseStart);
    const first = firstCmp ? { start: firstCmp.start } : stated(firstAt);
    if (!first) return null;
    comparator = last.comparator;
    measureEnd = first.start;
    position = tail.split(LIST_JOINTS).length - 1;
  }
  const measure = text.slice(listStart, Math.max(listStart, measureEnd));
  const subject = left.slice(0, at);
  // How many figures the list has: this one and those after it up to the clause's end.
  const start = firstDigit < 0 ? i : listStart + firstDigit;
  const after = text.slice(start, clauseEnd);
  const figures = (after.match(/[\d０-９][\d０-９.．,，]*/g) ?? []).length;
  const subjects = subject.split(LIST_JOINTS);
  const own = subjects.length === figures && figures > 1 ? subjects[position] : undefined;
  const indicator = cleanIndicator(`${own ?? subject}${measure}`);
  return { comparator, indicator };
}

/** The first rule of `rules` that applies to `w`, or null (exported reasons make a rule easy to find by name). */
export function firstApplying(rules: readonly Rule[], w: Window): string | null {
  for (const [reason, applies] of rules) if (applies(w)) return reason;
  return null;
}
