/**
 * The vocabulary of targets: comparator words, units, verbs of doing, and the marks of history, rules, subsidies
 * and relative changes — what plans actually write, one list per idea, each with its reason. The order of a list
 * matters only where one entry is a prefix of another (longest first). Character tables make the scanner's
 * per-character tests one lookup.
 */
import type { Comparator } from '../types.js';

// ---------------------------------------------------------------------------------------------------------

/** Characters that end a clause: a target never spans them. */
export const CLAUSE_END = new Set([...'，,；;。！？!?：:\n\r（）()【】[]〔〕\u3000\t|']);
/** Characters that end a sentence: the scope of a deadline and of a share's governing comparator. */
export const SENTENCE_END = new Set([...'。！？!?\n\r']);

export interface ComparatorWord {
  word: string;
  comparator: Comparator;
  /** May a noun follow the figure ("不少于3500名基层医生")? Level words ("达到", "控制在") close their clause. */
  countable: boolean;
}

// Longest words first so that 力争达到 wins over 达到 and 不超过 over 超过.
export const COMPARATOR_WORDS: ComparatorWord[] = [
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
  ['保持', '=', false],
  ['稳定在', '=', false],
].map(([word, comparator, countable]) => ({
  word: word as string,
  comparator: comparator as Comparator,
  countable: countable as boolean,
}));

/** Verbs of doing that make a bare figure a commitment: "建设100个…", "完成营造林600万亩". */
export const ACTION_VERB =
  /建设|建成|构建|打造|培育|优选|联通|推动|培养|培训|完成|引进|引入|新增|创建|新建|改造|推广|设立|组建|扶持|支持|认定|形成|抓好|加强|探索|预留|举办|争创|创成|遴选|选取|评选|招引|布局|储备|发展|新培育|新认定|建立|实现|覆盖|带动|吸纳|安置|转移|培植|壮大|提供|开通|部署|改建|扩建|实施|接待|吸引|开工|竣工|投产|落地|签约|招募|修建|铺设|种植|植树|造林|治理|整治|搬迁|创办|孵化|扶贫|脱贫|安装|配备|配置|招收|招聘|录用|选派|资助|命名|评定|推出|上线|制定|编制|发放|举行|培优|筛选|选树|树立|挂牌|授牌|入驻|集聚|聚集|引导/;

/**
 * What a share of things can be said to do besides the verbs of doing: "80%的村达标", "90%的市场主体纳入监管平台",
 * "60%的县达到三星级以上".
 */
export const SHARE_DOING = /达标|达到|纳入|接入|具备|享有|享受|通过|上云|联网|开展|参与|参加|应用|使用/;

/** What a share of a population is of: places, bodies, households ("90%的市", "60%的乡镇", "80%的市场主体"). */
export const POPULATION =
  /(?:省|市|县|区|乡镇|镇|乡|村|社区|街道|企业|主体|学校|医院|机构|单位|部门|园区|馆|站|中心|场所|小区|家庭|农户|户|平台|项目)$/;

export const ACTION_VERB_AT_END = new RegExp(`(?:${ACTION_VERB.source})$`);

/** Words that make a sentence report the past rather than promise the future. */
/** Characters a numbered heading or item label can start with. */
export const HEADING_START = new Set([...'一二三四五六七八九十（(0123456789０１２３４５６７８９']);
/** Characters a paragraph that opens on the past can start with (besides a label). */
export const HISTORY_START = new Set([...'近多过目截“十12']);
export const HISTORY_OPENING =
  /^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:近年来|近几年|多年来|过去|目前|截至|截止|“?十[一二三四五六]五”?(?:时期|期间)?以来|\d{4}年以来)/;
export const HISTORY_MARK =
  /已经|已达|已有|已建成|已累计|已完成|截至|截止|同比|比上年|较上年|上年同期|比去年|去年|过去|以来|年来|回顾/;

/** Rules and parameters, not levels the plan commits to reach. */
export const RULE_MARK =
  /原则上|最高|最多|最低|最长|最短|一次性|上限|下限|起点|门槛|每[个家户人次年月季周项笔台件名所批份辆]|允许|可按|可在|减按|按照[^，。]*标准|优先支持|优先安排/;
/** "对…的（地方/企业），给予…": a sentence that sets an incentive for whoever qualifies, not a target. */
export const INCENTIVE_SENTENCE =
  /^[\s\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])?对[^。；]{2,80}的(?:[，,（(]|地方|企业|单位|项目)/;
/** Money handed out, rates and fees: amounts and parameters, not outcome levels. */
export const SUBSIDY_MARK =
  /补助|补贴|奖励|奖补|资助|扶持资金|贴息|额度|给予|专项资金|资金支持|配套资金|费率|收费|利率|税率|价格|注册费|服务费|担保费|容忍度|风险责任/;
/**
 * A rate lowered to a ceiling ("平均担保费率降至1%以下", "贷款利率降到5%以下"): the level of an average the plan
 * commits to reach, not a fee or rate parameter. Only money handed out still excludes it.
 */
export const LOWERED_TO = /^(?:降至|降到|降低至|降低到|下降至|下降到|压降至|压降到)$/;
/** The marks of money handed out, without the rate and fee words of SUBSIDY_MARK. */
export const HANDOUT_MARK =
  /补助|补贴|奖励|奖补|资助|扶持资金|贴息|额度|给予|专项资金|资金支持|配套资金|容忍度|风险责任/;
/**
 * A capacity to withstand a magnitude ("具备抗御6级左右地震的能力", "抵御8级地震"): 级 is then a level the plan
 * commits to, not a rank. The verb stands right before the figure, the hazard right after its bound.
 */
export const WITHSTAND_BEFORE = /(?:抗御|抵御|抵抗|防御|抗住|经受住?)$/;
export const WITHSTAND_HAZARD = /^(?:地震|强?台风|大风|风暴潮)/;
/**
 * A yearly coverage quota ("省级部门每年要对30%以上的县开展稽查", "每年抽查比例不低于30%"): a share of the things
 * inspected every year is a level the plan sets, although 每年 otherwise marks a rule.
 */
export const YEARLY = /每年度?/;
export const INSPECTION_WORD = /抽查|检查|稽查|督查|巡查|核查|抽检|督导|审计|监督检查|执法检查/;
/** What a money figure must measure to be a target: an aggregate, not an amount paid. */
export const MONEY_AGGREGATE =
  /额|规模|产值|收入|总量|增加值|营收|产出|GDP|生产总值|投资|利润|税收|资产|余额|融资|消费|销售|出口|进口|贸易|交易/;
/** Relative changes (增长8%, 降低10%, 提高3个百分点) are not level targets. */
export const RELATIVE_BEFORE =
  /(增长|增加|提高|提升|下降|降低|减少|压减|削减|下调|上调|增幅|涨幅|增速|上涨|回落|翻|缩小|扩大|递增|递减)(了|约|近|超过|超|达|达到|逾)?$/;
export const RELATIVE_INDICATOR = /增速|增幅|涨幅|增长率|增长$|年均增长|比重提高|降幅/;
/** "每个设区市明确", "每个县（市、区）至少建成", "每个乡镇建设": the area a quota is set for, before its figure. */
export const QUOTA_BEFORE =
  /每个?(?:设区的?市|地级市|县（市、区）|县\(市、区\)|县（市）|市|县|区|乡镇|镇|乡|行政村|村|街道|社区|省|园区|开发区)(?:都|均|要|应|至少|力争)?[\u4e00-\u9fa5]{0,4}$/;
/** A range's joint: "1-2个", "3～5家", "1至2个", "8到10个". */
export const RANGE_JOINT = /^[-－~～—至到]$/;
/** {@link RANGE_JOINT} by code, for the reader that looks after every figure. */
export const RANGE_JOINT_CODE = codeTable('-－~～—至到');
/** Baselines: "比2012年", "由X提高到Y" — the X is not a target. */
export const BASELINE_BEFORE = /(由|从|比|较|自)$/;

/**
 * Units of computing, storage and bandwidth, written in Latin letters right after the figure ("算力总规模达到
 * 12EFLOPS", "存储总量10EB", "千兆宽带1000Mbps"). Other Latin letters after a figure make it a code ("5G", "A4").
 */
export const LATIN_UNITS: readonly string[] = [
  'EFLOPS',
  'PFLOPS',
  'TFLOPS',
  'ZB',
  'EB',
  'PB',
  'TB',
  'Tbps',
  'Gbps',
  'Mbps',
];
export const LATIN_UNIT_SET: ReadonlySet<string> = new Set(LATIN_UNITS);

/**
 * Classifiers: a figure in one counts the noun after it ("培育10家以上企业", "16家以上智能牧场"). A figure in a
 * measure ("20人以上的自然村", "500万元以上项目") qualifies the noun after it: a threshold, not a count.
 */
export const CLASSIFIERS = new Set([...'个家项所座条台套件处批种款部场支只栋幢张艘辆架间片户']);

/** Units a figure is counted in; the longest spelling first. Magnitude words are read by the numeral scanner. */
export const UNITS = [
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
  ...LATIN_UNITS,
].sort((a, b) => b.length - a.length);

/** Units that make a figure a date, duration, ordinal or rank rather than a level. */
export const NON_LEVEL_UNITS = new Set([
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
export const DURATION_UNITS = new Set(['天', '个月', '工作日', '个工作日', '小时', '分钟']);
/** Units of percent. */
export const PERCENT_UNITS = new Set(['%', '％', '‰', '个百分点', '百分点']);

export const OPEN_QUOTES = new Set([...'“「『《‘']);
/** The characters the scanner stops at: numerals, sentence and paragraph ends, quotes. */
export const INTERESTING_CHARS =
  '0123456789０１２３４５６７８９〇零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾百佰千仟\n\r。！？!?“”「」『』《》‘’"\u3000';
/** A table over the Basic Multilingual Plane: 1 where the scanner must stop, so prose costs one lookup a char. */
export const INTERESTING = new Uint8Array(0x10000);
for (const ch of INTERESTING_CHARS) INTERESTING[ch.charCodeAt(0)] = 1;
export const CLOSE_QUOTES = new Set([...'”」』》’']);

/** Leading words of a clause that are not part of the indicator. */
export const LEADING_NOISE =
  /^(?:[—－-]{1,2}|[•·●◆◇■□▪▲△★☆○◎]|[一二三四五六七八九十]{1,2}是|[\d０-９]{1,2}[.．、](?![\d０-９])|其中|同时|并且|并|和|及|以及|力争|确保|争取|努力|逐步|进一步|使|让|推动|带动|实现|年内|当年|今年|全年|到[\d０-９]{4}年(?:底|末)?(?:前)?|[\d０-９]{1,2}月(?:初|底|末|中旬|上旬|下旬)?(?:前)?|至[\d０-９]{4}年(?:底|末)?|[\d０-９]{4}年(?:底|末|内)?(?:前)?|在|要|将|把|为|已|均|总体)+/;
/** The label of a bulleted or numbered paragraph ("——", "--", "二是", "2."): not part of a target's phrase. */
export const ITEM_LABEL =
  /^(?:[—－-]{1,2}|[•·●◆◇■□▪▲△★☆○◎]|[一二三四五六七八九十]{1,2}是|[\d０-９]{1,2}[.．、](?![\d０-９]))/;
/** Trailing words of an indicator that belong to the comparator. */
export const TRAILING_NOISE =
  /(?:力争|确保|争取|要|将|均|累计|总计|合计|总共|共|分别|的|达|逐步|稳步|进一步|再|目标|实现|努力|计划)+$/;

export const BOUNDARY = new Uint8Array(0x10000);
for (const ch of CLAUSE_END) BOUNDARY[ch.charCodeAt(0)] = 1;

export function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || BOUNDARY[ch.charCodeAt(0)] === 1;
}

/** Full-width digits as ASCII ("２０２６" → "2026"), for the patterns that read a year. */
export function asciiDigits(s: string): string {
  // Most texts print ASCII digits and are returned as they are; a text in full-width digits is mapped code by
  // code, which is far cheaper than a replacement callback per digit.
  if (!FULL_WIDTH_DIGIT.test(s)) return s;
  if (s.length > 8192)
    return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    codes[i] = c >= 0xff10 && c <= 0xff19 ? c - 0xff10 + 48 : c;
  }
  return String.fromCharCode(...codes);
}
const FULL_WIDTH_DIGIT = /[０-９]/;

/** Space, full-width space, tab, CR, LF: the blanks a paragraph start skips. */
export function isParagraphBlank(c: number): boolean {
  return c === 32 || c === 0x3000 || c === 9 || c === 13 || c === 10;
}

export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x4e00 && c <= 0x9fff;
}

export function isLatin(ch: string | undefined): boolean {
  return !!ch && /[A-Za-zＡ-Ｚａ-ｚ]/.test(ch);
}

/** Character-code version of {@link isLatin} for one character of a text (NaN past its ends is none). */
export function isLatinCode(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}

/** 0-9 and ０-９. */
export function isAsciiDigitOrWide(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}

/** - － ~ ～ —: a range dash. */
export function isDashCode(c: number): boolean {
  return c === 0x2d || c === 0xff0d || c === 0x7e || c === 0xff5e || c === 0x2014;
}

/** Units by their first character, longest first, so that reading a unit costs a lookup, not a list scan. */
export const UNITS_BY_FIRST = new Map<string, string[]>();
for (const u of UNITS) {
  const first = u[0] ?? '';
  UNITS_BY_FIRST.set(first, [...(UNITS_BY_FIRST.get(first) ?? []), u]);
}

/** 1 at the code of each character a unit can start with. */
export const UNIT_FIRST_CODE = new Uint8Array(0x10000);
for (const first of UNITS_BY_FIRST.keys()) UNIT_FIRST_CODE[first.charCodeAt(0)] = 1;
/** Code tables of {@link SENTENCE_END}, {@link OPEN_QUOTES} and {@link CLOSE_QUOTES} for the scanner. */
export const SENTENCE_END_CODE = codeTable(SENTENCE_END);
export const HEADING_START_CODE = codeTable(HEADING_START);
export const HISTORY_START_CODE = codeTable(HISTORY_START);
export const OPEN_QUOTE_CODE = codeTable(OPEN_QUOTES);
export const CLOSE_QUOTE_CODE = codeTable(CLOSE_QUOTES);

/** 第 ± + ＋ - － ~ ～ before a figure, by code: most figures are judged, and each text[i] of CJK text allocates. */
export const SIGN_OR_ORDINAL_CODE = codeTable('第±+＋-－~～');
/** 、和及与: the joints before the next figure of a list ("10个A、5个B"). */
export const LIST_JOINT_CODE = codeTable('、和及与');

export function codeTable(chars: Iterable<string>): Uint8Array {
  const t = new Uint8Array(0x10000);
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
}

export function readUnit(text: string, i: number): string {
  const list = UNITS_BY_FIRST.get(text[i] ?? '');
  if (list) for (const u of list) if (text.startsWith(u, i)) return u;
  return '';
}

/** Headings of parts that report the past (发展基础, 工作回顾) rather than set targets. */
export const RETROSPECTIVE_HEADING =
  /回顾|发展基础|工作基础|现实基础|基础条件|发展现状|现状[与和及]|^现状|基本情况|发展形势|面临形势|形势分析|主要成就|取得的成[就效绩]|工作成效|过去/;
