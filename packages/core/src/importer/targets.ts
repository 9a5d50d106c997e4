/**
 * Quantitative targets in a plan's text. One left-to-right pass stops only at numerals, sentence and
 * paragraph ends and quotes; each figure is then judged on a bounded window around it: its unit, the
 * comparator word before it and the bound after it (以上, 左右), what it measures, and whether it is a level
 * the plan commits to rather than history, a subsidy, a rule, a threshold or a relative change. Deadlines
 * ("到2015年") are tracked per sentence and paragraph, retrospective parts per heading. Indicator tables are
 * read separately. Everything is bounded, so the cost is linear in the text.
 */
import type { Comparator, Diagnostic, Span, TargetDraft } from '../types.js';
import {
  isChineseNumeralChar,
  isChineseNumeralCode,
  isDigit,
  isDigitCode,
  readNumber,
  type NumberToken,
} from './numerals.js';
import { inlineParagraphStarts } from './paragraphs.js';

export interface TargetExtraction {
  targets: TargetDraft[];
  diagnostics: Diagnostic[];
}

/** Tuning of target extraction. */
export interface ExtractTargetsOptions {
  /**
   * Deadline year to assume where no "到20XX年" governs a target (e.g. the year of a yearly work report).
   * Default null: such targets have no deadline.
   */
  defaultDeadlineYear?: number | null;
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary. Each list is what plans actually write; the order of a list matters only where one entry is a
// prefix of another (longest first).
// ---------------------------------------------------------------------------------------------------------

/** Characters that end a clause: a target never spans them. */
const CLAUSE_END = new Set([...'，,；;。！？!?：:\n\r（）()【】[]〔〕\u3000\t|']);
/** Characters that end a sentence: the scope of a deadline and of a share's governing comparator. */
const SENTENCE_END = new Set([...'。！？!?\n\r']);

interface ComparatorWord {
  word: string;
  comparator: Comparator;
  /** May a noun follow the figure ("不少于3500名基层医生")? Level words ("达到", "控制在") close their clause. */
  countable: boolean;
}

// Longest words first so that 力争达到 wins over 达到 and 不超过 over 超过.
const COMPARATOR_WORDS: ComparatorWord[] = [
  ['力争达到', '>=', false],
  ['不得低于', '>=', false],
  ['不得少于', '>=', true],
  ['不低于', '>=', false],
  ['不少于', '>=', true],
  ['不小于', '>=', false],
  ['提高到', '>=', false],
  ['提高至', '>=', false],
  ['提升到', '>=', false],
  ['提升至', '>=', false],
  ['增加到', '>=', false],
  ['增加至', '>=', false],
  ['增长到', '>=', false],
  ['增长至', '>=', false],
  ['扩大到', '>=', false],
  ['扩大至', '>=', false],
  ['上升到', '>=', false],
  ['上升至', '>=', false],
  ['达到', '>=', false],
  ['达成', '>=', false],
  ['至少', '>=', true],
  ['力争', '>=', true],
  ['达', '>=', false],
  ['≥', '>=', false],
  ['>=', '>=', false],
  ['不得超过', '<=', false],
  ['不得高于', '<=', false],
  ['不超过', '<=', false],
  ['不高于', '<=', false],
  ['不大于', '<=', false],
  ['不多于', '<=', false],
  ['控制在', '<=', false],
  ['压缩至', '<=', false],
  ['压缩到', '<=', false],
  ['压减至', '<=', false],
  ['压减到', '<=', false],
  ['降低到', '<=', false],
  ['降低至', '<=', false],
  ['下降到', '<=', false],
  ['下降至', '<=', false],
  ['减少到', '<=', false],
  ['减少至', '<=', false],
  ['缩短到', '<=', false],
  ['缩短至', '<=', false],
  ['缩减至', '<=', false],
  ['降到', '<=', false],
  ['降至', '<=', false],
  ['≤', '<=', false],
  ['<=', '<=', false],
  ['突破', '>', false],
  ['超过', '>', true],
  ['高于', '>', false],
  ['大于', '>', false],
  ['多于', '>', true],
  ['逾', '>', true],
  ['超', '>', false],
  ['>', '>', false],
  ['＞', '>', false],
  ['低于', '<', false],
  ['少于', '<', true],
  ['小于', '<', false],
  ['<', '<', false],
  ['＜', '<', false],
  ['大约', 'about', true],
  ['接近', 'about', false],
  ['约', 'about', true],
  ['相当于', '=', false],
  ['保持在', '=', false],
  ['稳定在', '=', false],
].map(([word, comparator, countable]) => ({
  word: word as string,
  comparator: comparator as Comparator,
  countable: countable as boolean,
}));

/** Verbs of doing that make a bare figure a commitment: "建设100个…", "完成营造林600万亩". */
const ACTION_VERB =
  /建设|建成|打造|培育|培养|培训|完成|引进|引入|新增|创建|新建|改造|推广|设立|组建|扶持|支持|认定|形成|抓好|加强|探索|预留|举办|争创|创成|遴选|评选|招引|布局|储备|发展|新培育|新认定|建立|实现|覆盖|带动|吸纳|安置|转移|培植|壮大|提供|开通|部署|改建|扩建|实施|接待|吸引|开工|竣工|投产|落地|签约|招募|修建|铺设|种植|植树|造林|治理|整治|搬迁|创办|孵化|扶贫|脱贫|安装|配备|配置|招收|招聘|录用|选派|资助|命名|评定|推出|上线|制定|编制|发放|举行|培优|筛选|选树|树立|挂牌|授牌|入驻|集聚|聚集|引导/;

const ACTION_VERB_AT_END = new RegExp(`(?:${ACTION_VERB.source})$`);

/** Words that make a sentence report the past rather than promise the future. */
/** Characters a numbered heading or item label can start with. */
const HEADING_START = new Set([...'一二三四五六七八九十（(0123456789０１２３４５６７８９']);
/** Characters a paragraph that opens on the past can start with (besides a label). */
const HISTORY_START = new Set([...'近多过目截“十12']);
const HISTORY_OPENING =
  /^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:近年来|近几年|多年来|过去|目前|截至|截止|“?十[一二三四五六]五”?(?:时期|期间)?以来|\d{4}年以来)/;
const HISTORY_MARK =
  /已经|已达|已有|已建成|已累计|已完成|截至|截止|同比|比上年|较上年|上年同期|比去年|去年|过去|以来|年来|回顾/;

/** Rules and parameters, not levels the plan commits to reach. */
const RULE_MARK =
  /原则上|最高|最多|最低|最长|最短|一次性|上限|下限|起点|门槛|每[个家户人次年月季周项笔台件名所批份辆]|允许|可按|可在|减按|按照[^，。]*标准|优先支持|优先安排/;
/** "对…的（地方/企业），给予…": a sentence that sets an incentive for whoever qualifies, not a target. */
const INCENTIVE_SENTENCE =
  /^[\s\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])?对[^。；]{2,80}的(?:[，,（(]|地方|企业|单位|项目)/;
/** Money handed out, rates and fees: amounts and parameters, not outcome levels. */
const SUBSIDY_MARK =
  /补助|补贴|奖励|奖补|资助|扶持资金|贴息|额度|给予|专项资金|资金支持|配套资金|费率|收费|利率|税率|价格|注册费|服务费|担保费|容忍度|风险责任/;
/** What a money figure must measure to be a target: an aggregate, not an amount paid. */
const MONEY_AGGREGATE =
  /额|规模|产值|收入|总量|增加值|营收|产出|GDP|生产总值|投资|利润|税收|资产|余额|融资|消费|销售|出口|进口|贸易|交易/;
/** Relative changes (增长8%, 降低10%, 提高3个百分点) are not level targets. */
const RELATIVE_BEFORE =
  /(增长|增加|提高|提升|下降|降低|减少|压减|削减|下调|上调|增幅|涨幅|增速|上涨|回落|翻|缩小|扩大|递增|递减)(了|约|近|超过|超|达|达到|逾)?$/;
const RELATIVE_INDICATOR = /增速|增幅|涨幅|增长率|增长$|年均增长|比重提高|降幅/;
/** "每个设区市明确", "每个县（市、区）至少建成", "每个乡镇建设": the area a quota is set for, before its figure. */
const QUOTA_BEFORE =
  /每个?(?:设区的?市|地级市|县（市、区）|县\(市、区\)|县（市）|市|县|区|乡镇|镇|乡|行政村|村|街道|社区|省|园区|开发区)(?:都|均|要|应|至少|力争)?[\u4e00-\u9fa5]{0,4}$/;
/** A range's joint: "1-2个", "3～5家", "1至2个", "8到10个". */
const RANGE_JOINT = /^[-－~～—至到]$/;
/** Baselines: "比2012年", "由X提高到Y" — the X is not a target. */
const BASELINE_BEFORE = /(由|从|比|较|自)$/;

/** Units a figure is counted in; the longest spelling first. Magnitude words are read by the numeral scanner. */
const UNITS = [
  '个百分点',
  '百分点',
  '平方公里',
  '平方千米',
  '平方米',
  '立方米',
  '千瓦时',
  '标准箱',
  '万千瓦',
  '公里',
  '千米',
  '千瓦',
  '兆瓦',
  '吉瓦',
  '公顷',
  '美元',
  '欧元',
  '人次',
  '个月',
  '工作日',
  '个工作日',
  '小时',
  '分钟',
  '千克',
  '公斤',
  '微克',
  '毫克',
  '毫米',
  '厘米',
  '千伏',
  '兆瓦时',
  '吨标准煤',
  '万人次',
  '篇',
  '首',
  '册',
  '株',
  '棵',
  '头',
  '匹',
  '眼',
  '盏',
  '根',
  '组',
  '站',
  '克',
  '升',
  '周岁',
  '米',
  '元',
  '亩',
  '吨',
  '户',
  '家',
  '个',
  '条',
  '所',
  '只',
  '人',
  '名',
  '间',
  '类',
  '项',
  '座',
  '台',
  '套',
  '辆',
  '艘',
  '架',
  '张',
  '件',
  '处',
  '栋',
  '幢',
  '床',
  '斤',
  '份',
  '支',
  '位',
  '种',
  '款',
  '部',
  '场',
  '批',
  '片',
  '村',
  '镇',
  '岁',
  '天',
  '日',
  '年',
  '月',
  '次',
  '倍',
  '届',
  '期',
  '号',
  '级',
  '层',
  '代',
  '点',
  '分',
  '秒',
  '%',
  '％',
  '‰',
].sort((a, b) => b.length - a.length);

/** Units that make a figure a date, duration, ordinal or rank rather than a level. */
const NON_LEVEL_UNITS = new Set([
  '年',
  '月',
  '日',
  '号',
  '届',
  '期',
  '级',
  '层',
  '代',
  '点',
  '分',
  '秒',
  '倍',
  '次',
  '批',
]);
/** Durations: a target only when a plan cuts them ("压缩至5个工作日以内"). */
const DURATION_UNITS = new Set(['天', '个月', '工作日', '个工作日', '小时', '分钟']);
/** Units of percent. */
const PERCENT_UNITS = new Set(['%', '％', '‰', '个百分点', '百分点']);

const OPEN_QUOTES = new Set([...'“「『《‘']);
/** The characters the scanner stops at: numerals, sentence and paragraph ends, quotes. */
const INTERESTING_CHARS =
  '0123456789０１２３４５６７８９〇零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾百佰千仟\n\r。！？!?“”「」『』《》‘’"\u3000';
/** A table over the Basic Multilingual Plane: 1 where the scanner must stop, so prose costs one lookup a char. */
const INTERESTING = new Uint8Array(0x10000);
for (const ch of INTERESTING_CHARS) INTERESTING[ch.charCodeAt(0)] = 1;
const CLOSE_QUOTES = new Set([...'”」』》’']);

/** Leading words of a clause that are not part of the indicator. */
const LEADING_NOISE =
  /^(?:其中|同时|并且|并|和|及|以及|力争|确保|争取|努力|逐步|进一步|使|让|推动|带动|实现|年内|当年|今年|全年|到[\d０-９]{4}年(?:底|末)?(?:前)?|[\d０-９]{1,2}月(?:初|底|末|中旬|上旬|下旬)?(?:前)?|至[\d０-９]{4}年(?:底|末)?|[\d０-９]{4}年(?:底|末|内)?(?:前)?|在|要|将|把|为|已|均|总体)+/;
/** Trailing words of an indicator that belong to the comparator. */
const TRAILING_NOISE =
  /(?:力争|确保|争取|要|将|均|累计|总计|合计|总共|共|分别|的|达|逐步|稳步|进一步|再|目标|实现|努力|计划)+$/;

interface Candidate {
  start: number;
  num: NumberToken;
  unit: string;
  unitEnd: number;
  /** Offset after the unit and any suffix (以上, 左右 …). */
  end: number;
  suffix: string;
  approx: boolean;
  /** The unit was not in the vocabulary but read from the characters that close the clause. */
  guessedUnit: boolean;
  /** "1-2个", "3～5家", "8到10个": the upper bound; the candidate's own number is the lower. */
  rangeTo: NumberToken | null;
}

interface SentenceState {
  start: number;
  /** The governing deadline year seen so far in the sentence. */
  year: number | null;
  /** Targets emitted in this sentence. */
  emitted: number;
  /** The last target emitted in this sentence (a share clause follows its comparator). */
  last: TargetDraft | null;
  historical: boolean;
}

const BOUNDARY = new Uint8Array(0x10000);
for (const ch of CLAUSE_END) BOUNDARY[ch.charCodeAt(0)] = 1;

function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || BOUNDARY[ch.charCodeAt(0)] === 1;
}

/** Full-width digits as ASCII ("２０２６" → "2026"), for the patterns that read a year. */
function asciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));
}

/** Space, full-width space, tab, CR, LF: the blanks a paragraph start skips. */
function isParagraphBlank(c: number): boolean {
  return c === 32 || c === 0x3000 || c === 9 || c === 13 || c === 10;
}

function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x4e00 && c <= 0x9fff;
}

function isLatin(ch: string | undefined): boolean {
  return !!ch && /[A-Za-zＡ-Ｚａ-ｚ]/.test(ch);
}

/** Character-code version of {@link isLatin} for one character of a text (NaN past its ends is none). */
function isLatinCode(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}

/** 0-9 and ０-９. */
function isAsciiDigitOrWide(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}

/** - － ~ ～ —: a range dash. */
function isDashCode(c: number): boolean {
  return c === 0x2d || c === 0xff0d || c === 0x7e || c === 0xff5e || c === 0x2014;
}

/** Units by their first character, longest first, so that reading a unit costs a lookup, not a list scan. */
const UNITS_BY_FIRST = new Map<string, string[]>();
for (const u of UNITS) {
  const first = u[0] ?? '';
  UNITS_BY_FIRST.set(first, [...(UNITS_BY_FIRST.get(first) ?? []), u]);
}

/** 1 at the code of each character a unit can start with. */
const UNIT_FIRST_CODE = new Uint8Array(0x10000);
for (const first of UNITS_BY_FIRST.keys()) UNIT_FIRST_CODE[first.charCodeAt(0)] = 1;
/** Code tables of {@link SENTENCE_END}, {@link OPEN_QUOTES} and {@link CLOSE_QUOTES} for the scanner. */
const SENTENCE_END_CODE = codeTable(SENTENCE_END);
const HEADING_START_CODE = codeTable(HEADING_START);
const HISTORY_START_CODE = codeTable(HISTORY_START);
const OPEN_QUOTE_CODE = codeTable(OPEN_QUOTES);
const CLOSE_QUOTE_CODE = codeTable(CLOSE_QUOTES);

function codeTable(chars: Iterable<string>): Uint8Array {
  const t = new Uint8Array(0x10000);
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
}

function readUnit(text: string, i: number): string {
  const list = UNITS_BY_FIRST.get(text[i] ?? '');
  if (list) for (const u of list) if (text.startsWith(u, i)) return u;
  return '';
}

/** Offset where the clause around `i` starts, looking back at most `limit` characters. */
function clauseStartBefore(text: string, i: number, limit: number): number {
  let j = i;
  const stop = Math.max(0, i - limit);
  while (j > stop && BOUNDARY[text.charCodeAt(j - 1)] !== 1) j--;
  return j;
}

/** Offset where the clause from `i` ends, looking ahead at most `limit` characters. */
function clauseEndAfter(text: string, i: number, limit: number): number {
  let j = i;
  const stop = Math.min(text.length, i + limit);
  while (j < stop && BOUNDARY[text.charCodeAt(j)] !== 1) j++;
  return j;
}

/** The comparator word that ends exactly at `i` (allowing 约/近 between it and the figure), if any. */
function comparatorBefore(
  text: string,
  i: number,
  clauseStart: number,
): { cw: ComparatorWord; start: number } | null {
  let j = i;
  // "提高到2015年的50%": the year between the comparator and the figure sets the deadline, not the level.
  const yearGap = /[\d０-９]{4}年(?:底|末)?的?$/.exec(text.slice(Math.max(clauseStart, i - 8), i));
  if (yearGap) j -= yearGap[0].length;
  // "达到约500万", "超过近100家": an approximation word may sit between the comparator and the figure.
  let about = false;
  if (j - 1 >= clauseStart && (text[j - 1] === '约' || text[j - 1] === '近')) {
    about = text[j - 1] === '约';
    const before = text.slice(Math.max(clauseStart, j - 5), j - 1);
    if (COMPARATOR_WORDS.some((c) => c.word !== '约' && before.endsWith(c.word))) j--;
  }
  const window = text.slice(Math.max(clauseStart, j - 5), j);
  for (const cw of COMPARATOR_WORDS) {
    if (window.endsWith(cw.word)) {
      const start = j - cw.word.length;
      // 达 inside 到达/表达/发达 or 超 inside 超大 is not a comparator.
      if (
        cw.word === '达' &&
        /[到表发抵送传下通直]$/.test(text.slice(Math.max(clauseStart, start - 1), start))
      )
        continue;
      if (about && (cw.comparator === '>=' || cw.comparator === '>'))
        return { cw: { ...cw, comparator: 'about' }, start };
      return { cw, start };
    }
  }
  return null;
}

/** True when a later figure in the same clause is the one a comparator governs ("56人以上大班额比例控制在5%"). */
function governedFigureFollows(text: string, from: number, clauseEnd: number): boolean {
  for (let k = from; k < clauseEnd; k++) {
    const ch = text[k] ?? '';
    if (!isDigit(ch)) continue;
    const back = text.slice(Math.max(from, k - 5), k);
    if (COMPARATOR_WORDS.some((c) => c.word.length > 1 && back.endsWith(c.word))) return true;
    if (
      /(到|至|为)$/.test(back) &&
      /(提高|提升|增加|扩大|降低|下降|减少|压缩|控制|调整)/.test(text.slice(from, k))
    )
      return true;
  }
  return false;
}

/** An indicator as a person would name it: without the deadline, adverbs and comparator words around it. */
function cleanIndicator(s: string): string {
  // "比重由20%提高到": the baseline is not part of the indicator.
  let t = s.replace(/(?:由|从)[\d０-９.．]+.*$/, '').trim();
  for (let k = 0; k < 3; k++) {
    t = t.replace(LEADING_NOISE, '').replace(TRAILING_NOISE, '');
    t = t.replace(/^[、，,\s]+|[、，,\s]+$/g, '');
  }
  return t;
}

/** The short line just before `i` in a table laid out one cell per line ("1.重点人群签约服务覆盖率"). */
function tableRowLabel(text: string, i: number): string {
  let lineStart = i;
  const stop = Math.max(0, i - 200);
  while (lineStart > stop && text[lineStart - 1] !== '\n') lineStart--;
  if (lineStart <= stop || lineStart === 0) return '';
  let prevStart = lineStart - 1;
  while (prevStart > stop && text[prevStart - 1] !== '\n') prevStart--;
  const prev = text.slice(prevStart, lineStart - 1).trim();
  if (prev.length === 0 || prev.length > 40 || /[。；;]/.test(prev)) return '';
  return prev.replace(/^[\d０-９]+[.．、]\s*/, '').trim();
}

/**
 * Finds the quantitative targets a plan commits to, with spans into `text`: the indicator, comparator, value in
 * base units (万/亿 folded in), unit, governing deadline year and cumulative flag. Historical figures, subsidy
 * amounts, rules, thresholds, relative changes, dates, ages and ordinals are left out. Linear in the length of
 * the text; never throws.
 */
export function extractTargets(text: string, options: ExtractTargetsOptions = {}): TargetExtraction {
  const diagnostics: Diagnostic[] = [];
  try {
    const prose = scan(text, options, diagnostics);
    return { targets: mergeTableTargets(prose, tableTargets(text)), diagnostics };
  } catch (err) {
    // The extractor is written not to throw; if it ever does, the importer still returns what it can.
    diagnostics.push({
      severity: 'warning',
      code: 'TARGETS_FAILED',
      message: {
        zh: `目标提取意外中止：${String(err)}`,
        en: `Target extraction stopped unexpectedly: ${String(err)}`,
      },
      span: null,
    });
    return { targets: [], diagnostics };
  }
}

/** A top-level heading ("一、总体要求", "三、2026年主要工作") at `i`, when a paragraph starts there. */
function readHeading(text: string, i: number): string | null {
  const m = /^[一二三四五六七八九十]{1,3}、([^。\n\u3000]{1,40})/.exec(text.slice(i, i + 50));
  return m ? (m[1] ?? '') : null;
}

/** A sub-heading ("（一）发展基础。") at `i`, when a paragraph starts there. */
function readSubHeading(text: string, i: number): string | null {
  const m = /^[（(][一二三四五六七八九十]{1,3}[）)]([^。\n\u3000]{1,30})/.exec(text.slice(i, i + 40));
  return m ? (m[1] ?? '') : null;
}

/** Headings of parts that report the past (发展基础, 工作回顾) rather than set targets. */
const RETROSPECTIVE_HEADING =
  /回顾|发展基础|工作基础|现实基础|基础条件|发展现状|现状[与和及]|^现状|基本情况|发展形势|面临形势|形势分析|主要成就|取得的成[就效绩]|工作成效|过去/;

/** The first year of the plan's period when the opening states one ("(2013—2015年)", "2013年至2015年"). */
function planStartYear(text: string): number | null {
  const m = /((?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]\s*((?:19|20)\d{2})\s*年/.exec(
    asciiDigits(text.slice(0, 1500)),
  );
  if (!m) return null;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return to >= from && to - from <= 20 ? from : null;
}

function scan(text: string, options: ExtractTargetsOptions, diagnostics: Diagnostic[]): TargetDraft[] {
  const targets: TargetDraft[] = [];
  const seen = new Map<string, Set<number | null>>();
  const byValue = new Map<number, TargetDraft[]>();
  const n = text.length;

  let quoteDepth = 0;
  let sectionHistorical = false;
  let sectionYear: number | null = options.defaultDeadlineYear ?? null;
  const defaultYear = options.defaultDeadlineYear ?? null;
  let paragraphYear: number | null = null;
  const sentence: SentenceState = { start: 0, year: null, emitted: 0, last: null, historical: false };
  let inAnnex = false;
  let paragraphHistorical = false;
  let subsectionHistorical = false;
  const startYear = planStartYear(text);
  // A 通报 (a report on what was done, commendations included) sets no targets.
  const reportsThePast = /的通报(?!制度|机制|工作)/.test(text.slice(0, 160));
  if (reportsThePast) sectionHistorical = true;
  const reportYearMatch = /((?:19|20)\d{2})年[^\n。]{0,20}政府工作报告/.exec(asciiDigits(text.slice(0, 400)));
  const reportYear = reportYearMatch ? Number(reportYearMatch[1]) : null;

  const endSentence = (at: number, paragraphBreak: boolean) => {
    // A deadline stated in a sentence without figures of its own ("到2015年，…初步建成。") governs the
    // sentences that follow in its paragraph.
    if (sentence.year !== null && sentence.emitted === 0) paragraphYear = sentence.year;
    if (paragraphBreak) {
      paragraphYear = null;
      paragraphHistorical = false;
    }
    // Reset in place: nothing keeps a sentence's state once it has ended.
    sentence.start = at;
    sentence.year = null;
    sentence.emitted = 0;
    sentence.last = null;
    sentence.historical = false;
  };

  // Where the run of blanks that the last paragraph start skipped ends: consecutive breaks (a page of empty
  // lines) start a paragraph each, and re-skipping the same run every time would cost its length each time.
  let blankFrom = -1;
  let blankEnd = -1;
  const startParagraph = (from: number) => {
    let k: number;
    if (from >= blankFrom && from <= blankEnd) k = Math.min(blankEnd, from + 200);
    else {
      k = from;
      while (k < n && k - from < 200 && isParagraphBlank(text.charCodeAt(k))) k++;
      if (k - from < 200) {
        blankFrom = from;
        blankEnd = k;
      } else {
        // The bound cut the run short; find where it really ends once so that later starts inside it are free.
        let e = k;
        while (e < n && isParagraphBlank(text.charCodeAt(e))) e++;
        blankFrom = from;
        blankEnd = e;
      }
    }
    const code0 = text.charCodeAt(k);
    // An annex ("附件1" on a line of its own) often restates the body's targets in a table.
    if (
      code0 === 0x9644 /* 附 */ &&
      /^(?:附件|附表)\s*[\d０-９一二三四五六七八九十]*\s*[:：]?\s*(?:\n|$)/.test(text.slice(k, k + 9))
    )
      inAnnex = true;
    // Paragraphs mostly open on plain prose; the patterns below are tried only where one could start.
    const labelled = HEADING_START_CODE[code0] === 1;
    const heading = labelled ? readHeading(text, k) : null;
    // A paragraph that opens on the past ("近年来，", "截至2012年底，") reports rather than promises.
    paragraphHistorical =
      (labelled || HISTORY_START_CODE[code0] === 1) && HISTORY_OPENING.test(text.slice(k, k + 24));
    if (heading !== null) {
      sectionHistorical =
        reportsThePast || (RETROSPECTIVE_HEADING.test(heading) && !/目标|任务/.test(heading));
      subsectionHistorical = false;
      const y = /(\d{4})年/.exec(asciiDigits(heading));
      sectionYear = y && /工作|目标|任务|计划|安排/.test(heading) ? Number(y[1]) : defaultYear;
    } else {
      const sub = labelled ? readSubHeading(text, k) : null;
      if (sub !== null) subsectionHistorical = RETROSPECTIVE_HEADING.test(sub) && !/目标|任务/.test(sub);
    }
  };
  startParagraph(0);

  // Stop only at characters that matter; everything else is prose.
  // The checks before a figure is read work on character codes: most stops are words such as 统一 or 进一步,
  // and taking one-character strings of CJK text allocates.
  // Items printed inline in a flattened text start paragraphs too (see paragraphs.ts).
  const inlineStarts = inlineParagraphStarts(text);
  let nextStartAt = 0;
  let nextStart = inlineStarts[0] ?? Infinity;
  for (let i = 0; i < n; i++) {
    while (i >= nextStart) {
      endSentence(nextStart, true);
      quoteDepth = 0;
      startParagraph(nextStart);
      nextStart = inlineStarts[++nextStartAt] ?? Infinity;
    }
    while (i < n && i < nextStart && INTERESTING[text.charCodeAt(i)] !== 1) i++;
    if (i >= nextStart) {
      i--;
      continue;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);

    if (
      c === 10 ||
      (c === 0x3000 && text.charCodeAt(i + 1) === 0x3000 && text.charCodeAt(i - 1) !== 0x3000)
    ) {
      endSentence(i + 1, true);
      quoteDepth = 0;
      startParagraph(i + 1);
      continue;
    }
    if (c === 0x3000) continue;
    if (SENTENCE_END_CODE[c] === 1) {
      endSentence(i + 1, false);
      continue;
    }
    if (OPEN_QUOTE_CODE[c] === 1) {
      quoteDepth = Math.min(quoteDepth + 1, 3);
      continue;
    }
    if (CLOSE_QUOTE_CODE[c] === 1) {
      quoteDepth = Math.max(quoteDepth - 1, 0);
      continue;
    }
    if (c === 0x22) {
      quoteDepth = quoteDepth > 0 ? 0 : 1;
      continue;
    }

    const digit = isDigitCode(c);
    const chinese = !digit && isChineseNumeralCode(c) && c !== 0x4e07 && c !== 0x4ebf;
    if (!digit && !chinese) continue;
    const prev = text.charCodeAt(i - 1);
    if (digit && (isDigitCode(prev) || prev === 0x2e || prev === 0xff0e)) continue;
    if (chinese && isChineseNumeralCode(prev)) continue;
    if (chinese) {
      // Most Chinese numerals are words (统一, 一体化); only a longer numeral, a unit or 分之 can follow a figure.
      const nx = text.charCodeAt(i + 1);
      if (
        !isChineseNumeralCode(nx) &&
        UNIT_FIRST_CODE[nx] !== 1 &&
        nx !== 0x5206 &&
        nx !== 0x534a &&
        nx !== 0x591a &&
        nx !== 0x4f59
      )
        continue;
    }

    // "到“十三五”末": a five-year-plan period's last year is a deadline.
    const fyp =
      c === 0x5341
        ? /^十([一二三四五六七])五(?:”|")?(?:末|期末|时期末|规划末)/.exec(text.slice(i, i + 8))
        : null;
    if (fyp && /(到|至)[“"]?$/.test(text.slice(Math.max(0, i - 2), i))) {
      sentence.year = 2010 + '一二三四五六七'.indexOf(fyp[1] ?? '一') * 5;
      i += 2;
      continue;
    }

    const num = readNumber(text, i);
    if (!num) continue;
    const next = num.end;

    // Years: "到2015年", "2020年底前" set the deadline; "比2012年" is a baseline; "2012年已…" is history.
    if (
      num.kind === 'arabic' &&
      num.magnitude === '' &&
      text[next] === '年' &&
      num.value >= 1949 &&
      num.value <= 2100 &&
      Number.isInteger(num.value)
    ) {
      const before = text.slice(Math.max(0, i - 2), i);
      const after = text.slice(next + 1, next + 5);
      const isRangeStart = /^(至|到|—|-|－|~|～)/.test(after);
      // "（2019年版）", "2019年修订": an edition, not a deadline.
      if (/^(?:版|修订|修正)/.test(after)) {
        i = next;
        continue;
      }
      const isBaseline = /(比|较|从|由|自)$/.test(before) || /^(以来|起|开始|的基础)/.test(after);
      if (!isBaseline && !isRangeStart) {
        const governed = /(到|至|前|争|保|在|于)$/.test(before) || /^(底前|末前|前|年底前)/.test(after);
        // "2012年已…", or a year before the plan's period that no "到" governs: a report of the past.
        if (
          !governed &&
          (/^(已|底已|末已|，已)/.test(after) || (startYear !== null && num.value < startYear))
        ) {
          sentence.historical = true;
        } else sentence.year = num.value;
      }
      i = next;
      continue;
    }

    const cand = readCandidate(text, i, num);
    if (cand) {
      const t = judge(
        text,
        cand,
        quoteDepth,
        sentence,
        sectionHistorical || subsectionHistorical || paragraphHistorical,
        paragraphYear !== null,
      );
      if (t) {
        // "今年" in a yearly work report means the report's year.
        const thisYear =
          reportYear !== null &&
          /今年|全年/.test(text.slice(Math.max(sentence.start, t.span[0] - 200), t.span[0]))
            ? reportYear
            : null;
        const year = sentence.year ?? paragraphYear ?? sectionYear ?? thisYear;
        t.deadlineYear = year;
        // A plan restates its targets (an annex table repeats the body verbatim): each commitment counts once.
        // The same commitment: same comparator, value, unit and indicator, and no conflicting deadline.
        const key = `${t.comparator}|${t.value}|${t.unit}|${t.indicator || t.text}`;
        const years = seen.get(key);
        const repeated =
          years !== undefined && (years.has(t.deadlineYear) || years.has(null) || t.deadlineYear === null);
        const sameValue = byValue.get(t.value) ?? [];
        if (!repeated && !(inAnnex && restates(t, sameValue))) {
          seen.set(key, (years ?? new Set<number | null>()).add(t.deadlineYear));
          sameValue.push(t);
          // Only the latest few matter for a restatement, which keeps the check constant-time.
          if (sameValue.length > 8) sameValue.shift();
          byValue.set(t.value, sameValue);
          if (!t.indicator) {
            diagnostics.push({
              severity: 'info',
              code: 'TARGET_NO_INDICATOR',
              message: {
                zh: `目标“${t.text}”未能识别指标名称，请人工补充。`,
                en: `Could not tell what the target "${t.text}" measures; please name the indicator.`,
              },
              span: t.span,
            });
          }
          targets.push(t);
        }
        sentence.emitted++;
        sentence.last = t;
      }
      i = Math.max(i, cand.end - 1);
    } else {
      i = Math.max(i, next - 1);
    }
  }
  return targets;
}

function readCandidate(text: string, i: number, num: NumberToken): Candidate | null {
  let j = num.end;
  let approx = false;
  // "1-2个", "1至2个", "3～5家", "8到10个": a range whose unit follows its upper bound.
  let rangeTo: NumberToken | null = null;
  if (num.magnitude === '' && RANGE_JOINT.test(text[j] ?? '') && isDigitCode(text.charCodeAt(j + 1))) {
    const upper = readNumber(text, j + 1);
    if (upper && upper.kind === num.kind && upper.value > num.value) {
      rangeTo = upper;
      j = upper.end;
    }
  }
  if (text[j] === '多' || text[j] === '余') {
    approx = true;
    j++;
  }
  let unit = readUnit(text, j);
  if (num.kind === 'fraction') unit = '%';
  let guessedUnit = false;
  if (!unit && num.kind !== 'fraction') {
    // An unlisted unit ("35微克/立方米", "300眼"): the one to three characters that close the clause.
    let k = j;
    while (
      k < text.length &&
      k - j < 3 &&
      isCjk(text[k]) &&
      !isChineseNumeralChar(text[k] ?? '') &&
      text[k] !== '的'
    )
      k++;
    const closes =
      isBoundary(text[k]) ||
      text[k] === '、' ||
      text[k] === '/' ||
      /^(以上|以下|以内|左右)/.test(text.slice(k, k + 2));
    if (k > j && closes) {
      unit = text.slice(j, k);
      guessedUnit = true;
    }
  }
  const unitEnd = num.kind === 'fraction' ? j : j + unit.length;
  if (!unit) return null;
  let fullUnit = unit;
  let k = unitEnd;
  // Rates per period or per head: "1000元/年", "4人/万人".
  if ((text[k] === '/' || text[k] === '／') && unit !== '%') {
    const per = readUnit(text, k + 1) || (isCjk(text[k + 1]) ? (text[k + 1] ?? '') : '');
    if (per) {
      fullUnit = `${unit}/${per}`;
      k = k + 1 + per.length;
    }
  }
  let suffix = '';
  for (const s of ['及以上', '及以下', '以上', '以下', '以内', '之内', '左右', '上下', '内']) {
    if (text.startsWith(s, k)) {
      suffix = s;
      k += s.length;
      break;
    }
  }
  // "500万元以上（含）的": the inclusive mark belongs to the bound.
  if (suffix && /^[（(]含[）)]/.test(text.slice(k, k + 3))) k += 3;
  return { start: i, num, unit: fullUnit, unitEnd, end: k, suffix, approx, guessedUnit, rangeTo };
}

function judge(
  text: string,
  c: Candidate,
  quoteDepth: number,
  sentence: SentenceState,
  sectionHistorical: boolean,
  paragraphHasDeadline: boolean,
): TargetDraft | null {
  const i = c.start;
  const prev = text[i - 1];
  const after = text[c.end];
  const slash = c.unit.indexOf('/');
  const baseUnit = slash < 0 ? c.unit : c.unit.slice(0, slash);

  // Names, codes, ordinals and references rather than levels.
  if (quoteDepth > 0) return null;
  if (
    prev === '第' ||
    prev === '±' ||
    isLatin(prev) ||
    prev === '+' ||
    prev === '＋' ||
    prev === '-' ||
    prev === '－' ||
    prev === '~' ||
    prev === '～'
  )
    return null;
  if (isLatinCode(text.charCodeAt(c.num.end)) || text[c.end] === '+' || text[c.end] === '＋') return null;
  if (NON_LEVEL_UNITS.has(baseUnit)) return null;
  // Ranges ("2-3个", "1～3个百分点", "3至5年") have no single value.
  // Ranges ("2-3个", "1～3个百分点", "3至5年") are read as "at least the lower bound" (see readCandidate); one
  // whose unit stands after the first figure too ("2个-3个") is left out.
  const rangeAfter = text.slice(c.num.end, c.num.end + 2);
  if (!c.rangeTo && /^[-－~～—至到][\d０-９一二三四五六七八九十]/.test(rangeAfter)) return null;
  // A figure after a range dash, or after a digit and a dash or 至 ("2-3", "3至5").
  const before1 = text.charCodeAt(i - 1);
  if (
    isDashCode(before1) ||
    (i >= 2 && (isDashCode(before1) || before1 === 0x81f3) && isAsciiDigitOrWide(text.charCodeAt(i - 2)))
  )
    return null;
  // 百货, 千家万户: a Chinese numeral starts with a digit or 十.
  if (
    c.num.kind === 'chinese' &&
    (c.guessedUnit || !/^[〇零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]/.test(text[i] ?? ''))
  )
    return null;
  if (c.num.kind === 'chinese' && !/[百千万亿]/.test(text.slice(i, c.num.end))) {
    // 一批, 两新, 十三部委: Chinese numerals without a magnitude are mostly words; they count as targets only
    // right after a comparator ("不少于三家").
    const cs0 = clauseStartBefore(text, i, 8);
    if (!comparatorBefore(text, i, cs0)) return null;
  }

  const clauseStart = clauseStartBefore(text, i, 80);
  const clauseEnd = clauseEndAfter(text, c.end, 80);
  const left = text.slice(clauseStart, i);
  // The counted thing runs to the clause's end or to the next item of a list ("10个A、100个B").
  let restEnd = c.end;
  while (restEnd < clauseEnd && !(text[restEnd] === '、' && /[\d０-９]/.test(text[restEnd + 1] ?? '')))
    restEnd++;
  const rest = text.slice(c.end, restEnd);
  const sentenceLeft = text.slice(Math.max(sentence.start, i - 160), i);

  if (sectionHistorical || sentence.historical || HISTORY_MARK.test(sentenceLeft)) return null;
  // A definition ("日间手术是指…住院时间不超过48小时") says what a term means, not what to reach.
  if (/是指|指的是/.test(sentenceLeft)) return null;
  // Aspects and kinds counted ("4个方面12类问题") and time limits counted from an event ("之日起20个工作日内")
  // are rules and enumerations, not levels.
  if (/^(?:方面|领域|环节|层面|维度|步骤|阶段)/.test(text.slice(c.unitEnd, c.unitEnd + 2))) return null;
  if (baseUnit === '类' && /问题/.test(text.slice(c.end, clauseEndAfter(text, c.end, 40)))) return null;
  if (/之日起|日起|后$/.test(left) && DURATION_UNITS.has(baseUnit)) return null;
  // Year-on-year comparisons anywhere in the sentence report a result ("…达到3000亿元，同比增长40%").
  const sentenceRight = text.slice(c.end, Math.min(text.length, c.end + 60));
  const sentenceCut = sentenceRight.search(/[。！？\n]/);
  if (
    /同比|比上年|较上年|上年同期/.test(sentenceCut < 0 ? sentenceRight : sentenceRight.slice(0, sentenceCut))
  )
    return null;
  if (INCENTIVE_SENTENCE.test(text.slice(sentence.start, sentence.start + 200))) return null;
  // "共23项", "A、B等9家银行": totals and enumerations count what is named, they set no level.
  if (/(共|合计|总计|总共|其余|剩余|前|后|近|第|等)$/.test(left)) return null;
  // Definitions and formulas ("覆盖率=签约人数/常住人口数*100%") state how to measure, not what to reach.
  if (/[=＝*×÷/／]/.test(left) || /[*×÷／]/.test(text.slice(i - 1, i))) return null;
  if (BASELINE_BEFORE.test(left)) return null;
  // "每个设区市明确1个试点县": a quota for every area is a target; other 每… figures are rules or rates.
  const quota = QUOTA_BEFORE.exec(left);
  if (RULE_MARK.test(quota ? left.slice(0, quota.index) : left)) return null;
  if (/^[的]?(?:标准|措施|政策|条款|举措|意见|字)/.test(rest)) return null;
  // Counting the plan's own measures ("24项督查激励措施") is not a target.
  if (/^.{0,8}(?:措施|举措|政策|意见|条款)$/.test(rest) && /^[项条]$/.test(c.unit)) return null;

  // A threshold inside the indicator: "500万元及以下的占比提高到50%", "56人以上大班额比例控制在5%以内".
  if (governedFigureFollows(text, c.end, clauseEnd)) return null;
  // "56人以上大班额" is a threshold; "培育10家以上…平台" counts what the plan will do.
  const countAfterVerb = c.suffix === '以上' && !PERCENT_UNITS.has(baseUnit) && ACTION_VERB_AT_END.test(left);
  // "90%以上的乡镇建成综合文化站": a share of things the plan will do something to.
  const shareOfThings =
    c.suffix === '以上' &&
    PERCENT_UNITS.has(baseUnit) &&
    rest.startsWith('的') &&
    (ACTION_VERB.test(left) || ACTION_VERB.test(rest));
  if (
    c.suffix &&
    c.suffix !== '左右' &&
    c.suffix !== '上下' &&
    !isBoundary(after) &&
    after !== '、' &&
    !/^的(目标|水平|要求)/.test(rest) &&
    !countAfterVerb &&
    !shareOfThings
  ) {
    return null;
  }

  const cmp = comparatorBefore(text, i, clauseStart);
  // An unlisted unit is trusted only where a comparator says a level follows.
  if (c.guessedUnit && !cmp) return null;
  let comparator: Comparator;
  let indicatorEnd: number;
  let countable: boolean;
  if (cmp) {
    comparator = cmp.cw.comparator;
    indicatorEnd = cmp.start;
    countable = cmp.cw.countable;
  } else {
    // "至少培育1家…", "不少于…": the bound sits before the verb of doing.
    comparator = /(至少|不少于)[\u4e00-\u9fff]{1,4}$/.test(left) ? '>=' : '=';
    indicatorEnd = i;
    countable = true;
  }
  const leftOfComparator = text.slice(clauseStart, indicatorEnd);
  if (RELATIVE_BEFORE.test(leftOfComparator) && !(cmp && /[到至]$/.test(cmp.cw.word))) return null;
  if (cmp && cmp.cw.word === '力争' && /到$/.test(leftOfComparator)) return null;

  if (c.suffix === '以上' || c.suffix === '及以上') comparator = comparator === '>' ? '>' : '>=';
  else if (
    c.suffix === '以内' ||
    c.suffix === '之内' ||
    c.suffix === '内' ||
    c.suffix === '以下' ||
    c.suffix === '及以下'
  )
    comparator = comparator === '<' ? '<' : '<=';
  else if (c.suffix === '左右' || c.suffix === '上下') comparator = 'about';
  else if (c.approx && comparator === '=') comparator = '>';
  // A range commits to its lower bound at least.
  if (c.rangeTo && comparator === '=') comparator = '>=';

  // Durations count only when a plan cuts them ("办理时限压缩至5个工作日以内").
  if (DURATION_UNITS.has(baseUnit) && !(comparator === '<=' || comparator === '<')) return null;
  // Ages are limits ("65岁以上", "年满18周岁"), except a level such as "人均预期寿命达到78.3岁".
  if (
    (baseUnit === '岁' || baseUnit === '周岁') &&
    !(cmp && !cmp.cw.countable && isBoundary(after) && /寿命|平均/.test(leftOfComparator))
  )
    return null;

  const isPercent = PERCENT_UNITS.has(baseUnit);
  const isMoney = baseUnit.endsWith('元');
  const clauseText = text.slice(clauseStart, clauseEnd);

  // What follows the figure: the end of the clause, "的"+noun, or the noun counted.
  const endsClause = isBoundary(after) || after === '、' || /^的(目标|水平|要求)/.test(rest);
  if (!endsClause && !countable && comparator !== 'about') return null;

  let indicator = '';
  let share = false;
  const shareOf = /^(.*?)(相当于|约占|占)(.{1,30}?)的?(?:比重|比例)?$/.exec(cmp ? '' : left.trim());
  if (shareOf || (cmp && cmp.cw.word === '相当于')) {
    // "网络零售额达到500亿元，相当于社会消费品零售总额的10%": a target on the share, governed by the
    // comparator of the figure it is a share of.
    if (!isPercent) return null;
    const base = shareOf ? (shareOf[3] ?? '') : text.slice((cmp?.start ?? i) + 3, i).replace(/的$/, '');
    const own = shareOf ? cleanIndicator(shareOf[1] ?? '') : '';
    const last = sentence.last;
    const whole = own || last?.indicator || '';
    indicator = `${whole}占${base}比重`;
    if (shareOf?.[2] === '约占') comparator = 'about';
    else if (comparator === '=' && !own && last) comparator = last.comparator;
    share = true;
  }

  const cumulative = /累计/.test(leftOfComparator);
  // A second figure of a clause is named by what follows the first ("企业3家以上、过1000万元企业10家以上").
  const lastEnd = sentence.last ? sentence.last.span[1] : -1;
  const itemStart = lastEnd > clauseStart && lastEnd <= indicatorEnd ? lastEnd : clauseStart;
  if (!share) {
    let ownLeft = text.slice(itemStart, indicatorEnd);
    // "消除66人以上超大班额、56人以上大班额比例": after a list of figures, the last item is the indicator.
    const lastJoint = ownLeft.lastIndexOf('、');
    if (lastJoint > 0 && /[\d０-９]/.test(ownLeft.slice(0, lastJoint)))
      ownLeft = ownLeft.slice(lastJoint + 1);
    const leftInd = cleanIndicator(ownLeft.replace(/累计|总计|合计/g, ''));
    if (!cmp || cmp.cw.countable) {
      // Bare figures must be something the plan does: "建设100个省级班主任工作室", "新增就业86万人".
      // "培育示范企业100家，示范园区10个": a later clause of a list shares the verb of the first.
      // "培育50家…市场，20家…市场": or the figure opens the next clause with its noun after it.
      const listed =
        sentence.last !== null &&
        sentence.last.comparator === '=' &&
        ((endsClause && leftInd.length > 0) || (!endsClause && left.trim().length === 0));
      // A sentence that sets targets ("到2025年，…人均体育场地面积2.6平方米") makes a bare level a target.
      const targetSentence =
        endsClause &&
        leftInd.length > 0 &&
        !isMoney &&
        (sentence.year !== null || paragraphHasDeadline || /目标|力争|确保|预期/.test(sentenceLeft));
      // A bound written after the figure ("3家以上", "5.5%左右") says by itself that a level is meant.
      const bounded = c.suffix !== '' && endsClause && leftInd.length > 0;
      const verbBefore =
        quota !== null ||
        bounded ||
        ACTION_VERB.test(leftOfComparator) ||
        (cmp !== null && cmp.cw.word !== '为') ||
        listed ||
        targetSentence;
      const nounAfter = rest.replace(/^的/, '');
      if (!verbBefore) {
        // "100%的社区卫生服务中心…完成中医馆设置": a share of things with the doing after it.
        if (!(isPercent && rest.startsWith('的') && ACTION_VERB.test(rest))) return null;
      }
      if (comparator === '=' && !isPercent && !nounAfter && !leftInd) return null;
      const verbMatch = ACTION_VERB.exec(leftOfComparator);
      if (nounAfter && !endsClause) {
        indicator = cleanIndicator(nounAfter);
        const lead =
          verbMatch && itemStart === clauseStart
            ? leftOfComparator.slice(verbMatch.index + verbMatch[0].length)
            : '';
        if (
          comparator === '=' &&
          !isPercent &&
          cleanIndicator(lead).length > 0 &&
          !/^(在|为|对|向)/.test(lead)
        ) {
          indicator = cleanIndicator(lead + nounAfter);
        }
        // "预留30%的号源": the share of the things named after the figure.
        if (isPercent && rest.startsWith('的')) indicator = `${cleanIndicator(ownLeft + nounAfter)}比例`;
      } else {
        indicator = leftInd;
        if (verbMatch && verbMatch.index === 0 && itemStart === clauseStart)
          indicator = cleanIndicator(leftOfComparator.slice(verbMatch[0].length)) || leftInd;
      }
    } else if (shareOfThings) {
      indicator = `${cleanIndicator(ownLeft + rest.slice(1))}比例`;
    } else {
      indicator = leftInd;
      // "逐步将X提高到": the indicator is the object of 将.
      const object = cleanIndicator(leftOfComparator.slice(leftOfComparator.lastIndexOf('将') + 1));
      if (/将/.test(leftOfComparator) && object) indicator = object;
    }
    // "到2023年…不低于4人，到2025年不低于4.66人": an elliptic clause measures what its sentence measured.
    if (!indicator && sentence.last) indicator = sentence.last.indicator;
    if (!indicator) indicator = tableRowLabel(text, i);
  }

  // A quota names the area it is set for: "每个设区市试点县".
  if (quota && indicator && !indicator.startsWith('每')) {
    const area =
      /每个?[^\u4e00-\u9fa5]*[\u4e00-\u9fa5（）()、]*?(?=都|均|要|应|至少|力争|明确|建成|建设|打造|培育|确定|遴选|创建|设立|建立|$)/.exec(
        quota[0],
      );
    if (area) indicator = `${area[0]}${indicator}`;
  }
  if (RELATIVE_INDICATOR.test(indicator)) return null;
  if (SUBSIDY_MARK.test(clauseText) || (isMoney && SUBSIDY_MARK.test(sentenceLeft))) return null;
  if (isMoney && !MONEY_AGGREGATE.test(indicator)) return null;

  // The phrase: from where the indicator is written (or the clause's start) to the end of the figure.
  let spanStart = itemStart;
  while (spanStart < i && /[\s\u3000、]/.test(text[spanStart] ?? '')) spanStart++;
  const spanEnd = !endsClause && (comparator === '=' || countable) ? restEnd : c.end;
  const span: [number, number] = [spanStart, Math.max(spanEnd, c.end)];
  return {
    indicator,
    comparator,
    // A ceiling on a range ("压缩至3-5个工作日") is its upper bound; a floor its lower.
    value: c.rangeTo && (comparator === '<=' || comparator === '<') ? c.rangeTo.value : c.num.value,
    unit:
      PERCENT_UNITS.has(baseUnit) && baseUnit !== '个百分点' && baseUnit !== '百分点' && baseUnit !== '‰'
        ? '%'
        : c.unit,
    deadlineYear: null,
    cumulative,
    text: text.slice(span[0], span[1]),
    span,
  };
}

const UNIT_SYNONYMS: Record<string, string> = { 名: '人', 位: '人', 所: '个', 间: '个', 座: '个', 处: '个' };

function sameUnit(a: string, b: string): boolean {
  return a === b || (UNIT_SYNONYMS[a] ?? a) === (UNIT_SYNONYMS[b] ?? b);
}

/** Length of the longest common substring of two short strings (indicators are bounded by a clause). */
function commonRun(a: string, b: string): number {
  const x = a.slice(0, 60);
  const y = b.slice(0, 60);
  let best = 0;
  for (let p = 0; p < x.length; p++) {
    for (let q = 0; q < y.length; q++) {
      let k = 0;
      while (p + k < x.length && q + k < y.length && x[p + k] === y[q + k]) k++;
      if (k > best) best = k;
    }
  }
  return best;
}

/**
 * True when `t`, found in an annex, restates an earlier target in other words: the same value and deadline,
 * with a unit or comparator written differently (4名 for 4人, 达到90% for 90%左右) or the same indicator named
 * a little differently (签约居民续约率 for 重点人群续约率).
 */
function restates(t: TargetDraft, earlier: readonly TargetDraft[]): boolean {
  for (let k = 0; k < earlier.length; k++) {
    const u = earlier[k];
    if (!u || u.value !== t.value || !sameUnit(u.unit, t.unit)) continue;
    if (u.deadlineYear !== null && t.deadlineYear !== null && u.deadlineYear !== t.deadlineYear) continue;
    const reworded = u.unit !== t.unit || u.comparator !== t.comparator;
    const compatible =
      u.comparator === t.comparator ||
      u.comparator === '=' ||
      t.comparator === '=' ||
      u.comparator === 'about' ||
      t.comparator === 'about';
    if (!compatible) continue;
    if (commonRun(u.indicator, t.indicator) >= 3) return true;
    if (reworded && commonRun(u.indicator.slice(-4), t.indicator.slice(-4)) >= 2) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Indicator tables ("主要指标": 指标 | 单位 | 2020年 | 2025年 | 属性), laid out one cell per line as readers
// leave a table. Only the target column (the latest year, or 目标值) is read.
// ---------------------------------------------------------------------------------------------------------

const HEADER_CELL =
  /^(?:序号|编号|类别|领域|分类|维度|一级指标|二级指标|指标|指标名称|主要指标|具体指标|单位|计量单位|属性|指标属性|性质|备注|年均增[长速幅]?|累计增[长加]|基期值?|现状值?|目标值?|规划目标|规划值|预期值|(?:19|20)\d{2}年?(?:基期值?|现状值?|目标值?|目标|预期值?|底|末)?)(?:[（(][^（）()]{0,12}[）)])?$/;
const YEAR_CELL = /^((?:19|20)\d{2})年?(?:目标值?|预期值?|底|末)?$/;
const TABLE_VALUE =
  /^([>＞≥≤<＜]=?|不低于|不少于|超过|达到|约)?\s*([\d０-９][\d０-９.,．]*)\s*(以上|以下|以内|左右)?$/;

interface Line {
  start: number;
  end: number;
  text: string;
}

/** The lines of `text` from `from`, at most `limit` of them, trimmed, with their offsets. */
function linesFrom(text: string, from: number, limit: number): Line[] {
  const out: Line[] = [];
  let s = from;
  while (s <= text.length && out.length < limit) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    // Table cells are short; a long line ends the table (and keeps this look-ahead cheap).
    if (e - s > 200) break;
    const raw = text.slice(s, e);
    const lead = raw.length - raw.trimStart().length;
    // Digits made ASCII (one for one, so offsets hold): a table may print its years and values full-width.
    const t = asciiDigits(raw)
      .trim()
      .replace(/[|｜]\s*$/, '')
      .trim();
    if (t.length > 0) out.push({ start: s + lead, end: s + lead + t.length, text: t });
    if (e >= text.length) break;
    s = e + 1;
  }
  return out;
}

/** Splits "电子商务交易额（亿元）" into the name and the unit in its brackets. */
function unitInName(name: string): { name: string; unit: string } {
  const m = /^(.*?)[（(]([^（）()]{1,8})[）)]$/.exec(name);
  return m ? { name: (m[1] ?? '').trim(), unit: (m[2] ?? '').trim() } : { name, unit: '' };
}

/** "亿元" → factor 1e8 and unit 元; "%" stays "%". */
function splitMagnitude(unit: string): { factor: number; unit: string } {
  for (const [w, f] of [
    ['万亿', 1e12],
    ['亿', 1e8],
    ['千万', 1e7],
    ['百万', 1e6],
    ['万', 1e4],
  ] as const) {
    if (unit.startsWith(w) && unit.length > w.length) return { factor: f, unit: unit.slice(w.length) };
  }
  return { factor: 1, unit: unit === '％' ? '%' : unit };
}

/** Targets stated in indicator tables. Each header is tried once and each row read once: linear. */
function tableTargets(text: string): TargetDraft[] {
  const out: TargetDraft[] = [];
  let from = 0;
  // A header holds a year or target column; look only where such a line stands alone.
  const headerMark = /(?:^|\n)[ \t\u3000]*(?:指标|指标名称|主要指标|具体指标)[ \t\r\u3000|｜]*\n/g;
  for (let m = headerMark.exec(text); m; m = headerMark.exec(text)) {
    if (m.index < from) continue;
    // Back up over 序号/类别 cells that stand before 指标.
    let headStart = m.index + (m[0].startsWith('\n') ? 1 : 0);
    for (let k = 0; k < 3; k++) {
      const prevEnd = headStart - 1;
      if (prevEnd <= 0) break;
      const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
      const prevLine = text
        .slice(prevStart, prevEnd)
        .trim()
        .replace(/[|｜]\s*$/, '')
        .trim();
      if (!HEADER_CELL.test(prevLine)) break;
      headStart = prevStart;
    }
    const head = linesFrom(text, headStart, 13);
    let h = 0;
    while (h < head.length && h < 12 && HEADER_CELL.test(head[h]!.text)) h++;
    if (h < 3) continue;
    const header = head.slice(0, h).map((l) => l.text);
    const nameCol = header.findIndex((c) => /指标/.test(c) && !/属性/.test(c));
    const unitCol = header.findIndex((c) => /单位/.test(c));
    let targetCol = -1;
    let targetYear: number | null = null;
    header.forEach((c, k) => {
      const y = YEAR_CELL.exec(c);
      if (y && (targetYear === null || Number(y[1]) >= targetYear)) {
        targetYear = Number(y[1]);
        targetCol = k;
      } else if (/目标|规划值|预期值/.test(c) && targetYear === null) targetCol = k;
    });
    if (nameCol < 0 || targetCol < 0) continue;
    // A year column is a target only when there is a baseline column before it.
    const hasBaseline = header.some((c, k) => k !== targetCol && (YEAR_CELL.test(c) || /基期|现状/.test(c)));
    if (!hasBaseline && !/目标|规划|预期/.test(header[targetCol] ?? '')) continue;
    // Rows are read one at a time, so a table costs what its rows cost.
    let cursor = head[h - 1]!.end;
    for (;;) {
      const row = linesFrom(text, cursor + 1, h);
      if (row.length < h) break;
      const nameCell = row[nameCol]!;
      const valueCell = row[targetCol]!;
      if (
        HEADER_CELL.test(nameCell.text) ||
        /^[\d０-９.．]+$/.test(nameCell.text) ||
        nameCell.text.length > 40
      )
        break;
      const v = TABLE_VALUE.exec(valueCell.text.replace(/\s+/g, ''));
      const blank = /^(?:[—\-－/／]*|一)$/.test(valueCell.text);
      if (!v && !blank) break;
      if (v) {
        const named = unitInName(nameCell.text);
        const unitCell = unitCol >= 0 ? (row[unitCol]?.text ?? '') : '';
        const rawUnit = /^[—\-－/／一]*$/.test(unitCell) ? named.unit : unitCell;
        const { factor, unit } = splitMagnitude(rawUnit.replace(/^[（(]|[）)]$/g, ''));
        const num = Number(
          (v[2] ?? '')
            .replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))
            .replace(/[,，]/g, '')
            .replace('．', '.'),
        );
        if (Number.isFinite(num) && unit && !/^[—\-－/／]$/.test(unit)) {
          const pre = v[1] ?? '';
          const post = v[3] ?? '';
          let comparator: Comparator = '=';
          if (/^[>＞]$|超过/.test(pre)) comparator = '>';
          else if (/^[≥]|^[>＞]=|不低于|不少于|达到/.test(pre) || post === '以上') comparator = '>=';
          else if (/^[≤]|^[<＜]=/.test(pre) || post === '以下' || post === '以内') comparator = '<=';
          else if (/^[<＜]$/.test(pre)) comparator = '<';
          else if (pre === '约' || post === '左右') comparator = 'about';
          const span: Span = [nameCell.start, valueCell.end];
          out.push({
            indicator: named.name,
            comparator,
            value: Number((num * factor).toPrecision(12)),
            unit,
            deadlineYear: targetYear,
            cumulative: /累计/.test(nameCell.text),
            text: text.slice(span[0], span[1]),
            span,
          });
        }
      }
      cursor = row[h - 1]!.end;
    }
    from = cursor;
  }
  return out;
}

/** Adds table targets the prose has not already stated (same value, unit and deadline), in text order. */
function mergeTableTargets(prose: TargetDraft[], table: TargetDraft[]): TargetDraft[] {
  if (table.length === 0) return prose;
  const byValue = new Map<number, TargetDraft[]>();
  for (const p of prose) byValue.set(p.value, [...(byValue.get(p.value) ?? []).slice(-8), p]);
  const seen = new Set<string>();
  const fresh: TargetDraft[] = [];
  for (const t of table) {
    const key = `${t.indicator}|${t.comparator}|${t.value}|${t.unit}|${t.deadlineYear}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const stated = (byValue.get(t.value) ?? []).some(
      (p) =>
        sameUnit(p.unit, t.unit) &&
        (p.deadlineYear === null || t.deadlineYear === null || p.deadlineYear === t.deadlineYear),
    );
    if (!stated) fresh.push(t);
  }
  return [...prose, ...fresh].sort((a, b) => a.span[0] - b.span[0]);
}
