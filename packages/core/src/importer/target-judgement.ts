/**
 * The judgement of one figure: the candidate read at a numeral (value, unit, range, bound after it) and whether it
 * is a level the plan commits to, with its comparator and what it measures. Each rule is a named predicate over
 * a bounded window around the figure (target-rules.ts), so the cost is constant per figure.
 */
import type { TargetDraft } from '../types.js';
import type { Candidate } from './target-candidate.js';
import {
  clauseEndAfter,
  clauseStartBefore,
  cleanIndicator,
  boundBySuffix,
  comparatorBefore,
  governingComparator,
  tableRowLabel,
} from './target-context.js';
import {
  ACTION_VERB,
  DURATION_UNITS,
  HANDOUT_MARK,
  ITEM_LABEL,
  LATIN_UNIT_SET,
  LOWERED_TO,
  MONEY_AGGREGATE,
  PERCENT_UNITS,
  QUOTA_BEFORE,
  SHARE_DOING,
  LIST_JOINT_CODE,
  RELATIVE_BEFORE,
  RELATIVE_INDICATOR,
  SUBSIDY_MARK,
  isAsciiDigitOrWide,
  isBoundary,
} from './target-vocabulary.js';
import { isRegExpSpaceCode } from './text-util.js';
import {
  type Window,
  COVERAGE_NOUN_END,
  NOT_A_COMMITMENT,
  NOT_A_LEVEL,
  YEARLY_RELEASE,
  countOfPlaces,
  coverageIndicator,
  firstApplying,
  laterListItem,
  reachOfService,
  respectively,
  shareDoing,
  shareOfThings,
  withstandIndicator,
  withstands,
  yearlyCoverage,
} from './target-rules.js';

export interface SentenceState {
  start: number;
  /** The governing deadline year seen so far in the sentence. */
  year: number | null;
  /** Targets emitted in this sentence. */
  emitted: number;
  /** The last target emitted in this sentence (a share clause follows its comparator). */
  last: TargetDraft | null;
  historical: boolean;
}

/** A quota names the area it is set for: "每个设区市明确1个试点县" gives 每个设区市试点县. */
function withQuotaArea(quota: string, indicator: string): string {
  if (!indicator || indicator.startsWith('每')) return indicator;
  const area =
    /每个?[^\u4e00-\u9fa5]*[\u4e00-\u9fa5（）()、]*?(?=都|均|要|应|至少|力争|明确|建成|建设|打造|培育|确定|遴选|创建|设立|建立|$)/.exec(
      quota,
    );
  return area ? `${area[0]}${indicator}` : indicator;
}

/**
 * Where a target's phrase starts: where its indicator is written (`itemStart`: the clause's start, or the end of the
 * sentence's last target when that lies in the clause), past blanks and 、, past the joint of a later list item
 * ("10家左右行业平台、20家左右服务平台", "10个示范区和5个基地") and past an item label.
 */
function phraseStart(w: Window, itemStart: number, lastEnd: number): number {
  const { text, i, clauseStart } = w;
  let start = itemStart;
  while (start < i && (isRegExpSpaceCode(text.charCodeAt(start)) || text.charCodeAt(start) === 0x3001))
    start++;
  if (start === clauseStart && laterListItem(w)) start = clauseStart + w.left.lastIndexOf('、') + 1;
  if (start === lastEnd && /[和及与]/.test(text[start] ?? '')) start++;
  const label = ITEM_LABEL.exec(text.slice(start, i));
  if (label) start += label[0].length;
  return start;
}

/**
 * Judges one figure: null when it is not a level the plan commits to (the rules above, in order), else the target
 * with its comparator, value, unit and indicator (deadline left to the scanner).
 */
export function judge(
  text: string,
  c: Candidate,
  quoteDepth: number,
  sentence: SentenceState,
  sectionHistorical: boolean,
  paragraphHasDeadline: boolean,
): TargetDraft | null {
  const i = c.start;
  const after = text[c.end];
  const slash = c.unit.indexOf('/');
  const baseUnit = slash < 0 ? c.unit : c.unit.slice(0, slash);
  const w: Window = {
    text,
    c,
    i,
    baseUnit,
    clauseStart: 0,
    clauseEnd: 0,
    left: '',
    rest: '',
    sentenceLeft: '',
    sentence,
    quoteDepth,
    sectionHistorical,
  };
  if (firstApplying(NOT_A_LEVEL, w) !== null) return null;

  const clauseStart = clauseStartBefore(text, i, 80);
  const clauseEnd = clauseEndAfter(text, c.end, 80);
  const left = text.slice(clauseStart, i);
  let restEnd = c.end;
  // "10个A、5个B", "10个A和5个B": the next item of a list starts at a joint before a figure.
  // (By code: the loop looks at every character up to the clause's end.)
  while (
    restEnd < clauseEnd &&
    !(LIST_JOINT_CODE[text.charCodeAt(restEnd)] === 1 && isAsciiDigitOrWide(text.charCodeAt(restEnd + 1)))
  )
    restEnd++;
  let rest = text.slice(c.end, restEnd);
  const sentenceLeft = text.slice(Math.max(sentence.start, i - 160), i);
  w.clauseStart = clauseStart;
  w.clauseEnd = clauseEnd;
  w.left = left;
  w.rest = rest;
  w.sentenceLeft = sentenceLeft;
  if (firstApplying(NOT_A_COMMITMENT, w) !== null) return null;
  const quota = QUOTA_BEFORE.exec(left);

  const cmp = comparatorBefore(text, i, clauseStart);
  // An unlisted unit is trusted only where a comparator says a level follows.
  if (c.guessedUnit && !cmp) return null;
  // A bare magnitude ("突破5亿") is a level only where the sentence sets targets; reports are full of them.
  if (
    c.unit === '' &&
    !(sentence.year !== null || paragraphHasDeadline || /目标|力争|确保|预期|争取/.test(sentenceLeft))
  )
    return null;
  // "能效比超过1TFLOPS/w的芯片", "10EB级数据": a Latin unit that does not close its item is a threshold.
  if (LATIN_UNIT_SET.has(baseUnit) && !isBoundary(after) && !/[、和及与]/.test(after ?? '')) return null;
  const list = respectively(w, cmp);
  const governed = governingComparator(i, left, cmp, list);
  let comparator = governed.comparator;
  const { indicatorEnd, countable } = governed;
  const leftOfComparator = text.slice(clauseStart, indicatorEnd);
  if (RELATIVE_BEFORE.test(leftOfComparator) && !(cmp && /[到至]$/.test(cmp.cw.word))) return null;
  if (cmp && cmp.cw.word === '力争' && /到$/.test(leftOfComparator)) return null;

  comparator = boundBySuffix(c, comparator);

  // Durations count only when a plan cuts them ("办理时限压缩至5个工作日以内").
  if (DURATION_UNITS.has(baseUnit) && !(comparator === '<=' || comparator === '<')) return null;
  // Ages are limits ("65岁以上", "年满18周岁"), except a level such as "人均预期寿命达到78.3岁".
  if (
    (baseUnit === '岁' || baseUnit === '周岁') &&
    !(cmp && !cmp.cw.countable && isBoundary(after) && /寿命|平均/.test(leftOfComparator))
  )
    return null;

  const isPercent = PERCENT_UNITS.has(baseUnit);
  const withstand = withstands(w);
  const coverage = yearlyCoverage(w);
  if (coverage) {
    // "20%以上的乡镇和10%以上的村开展督查": what is inspected ends at the next share or at the inspection.
    const k = rest.search(COVERAGE_NOUN_END);
    if (k > 0) {
      rest = rest.slice(0, k);
      restEnd = c.end + k;
    }
  }
  const isMoney = baseUnit.endsWith('元');
  const clauseText = text.slice(clauseStart, clauseEnd);

  // What follows the figure: the end of the clause, "的"+noun, or the noun counted.
  const endsClause = isBoundary(after) || after === '、' || /^的(目标|水平|要求)/.test(rest);
  if (!endsClause && !countable && comparator !== 'about') return null;

  let indicator = '';
  let share = false;
  const shareOf = /^(.*?)(相当于|约占|占)(.{1,30}?)的?(?:比重|比例)?$/.exec(cmp || list ? '' : left.trim());
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
        (sentence.last !== null &&
          sentence.last.comparator === '=' &&
          ((endsClause && leftInd.length > 0) || (!endsClause && left.trim().length === 0))) ||
        (!endsClause && laterListItem(w));
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
        withstand ||
        coverage ||
        bounded ||
        list !== null ||
        countOfPlaces(w) ||
        reachOfService(w) ||
        YEARLY_RELEASE.test(leftOfComparator) ||
        ACTION_VERB.test(leftOfComparator) ||
        (cmp !== null && cmp.cw.word !== '为') ||
        listed ||
        targetSentence;
      const nounAfter = rest.replace(/^的/, '');
      if (!verbBefore) {
        // "100%的社区卫生服务中心…完成中医馆设置", "60%的乡镇和40%的村达标": a share of things with the doing
        // after it (after the whole list of shares).
        if (!(isPercent && rest.startsWith('的') && shareDoing(w) !== null)) return null;
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
        if (isPercent && rest.startsWith('的')) {
          // "60%的乡镇和40%的村达标": the first share is named with the doing that closes the list.
          const doing = ACTION_VERB.test(rest) || SHARE_DOING.test(rest) ? '' : (shareDoing(w) ?? '');
          indicator = `${cleanIndicator(ownLeft + nounAfter + doing)}比例`;
        }
        if (coverage && rest.startsWith('的')) indicator = coverageIndicator(w, cleanIndicator(nounAfter));
        if (withstand) indicator = withstandIndicator(leftOfComparator, text.slice(c.end, c.end + 3));
      } else {
        indicator = leftInd;
        if (verbMatch && verbMatch.index === 0 && itemStart === clauseStart)
          indicator = cleanIndicator(leftOfComparator.slice(verbMatch[0].length)) || leftInd;
      }
    } else if (shareOfThings(c, baseUnit, left, rest)) {
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

  if (list && list.indicator) indicator = list.indicator;

  if (quota) indicator = withQuotaArea(quota[0], indicator);
  if (RELATIVE_INDICATOR.test(indicator)) return null;
  // A rate lowered to a ceiling ("平均担保费率降至1%以下") is a level; only money handed out still excludes it.
  const loweredRate =
    isPercent && cmp !== null && LOWERED_TO.test(cmp.cw.word) && (comparator === '<=' || comparator === '<');
  const handout = loweredRate ? HANDOUT_MARK : SUBSIDY_MARK;
  if (handout.test(clauseText) || (isMoney && handout.test(sentenceLeft))) return null;
  if (isMoney && !MONEY_AGGREGATE.test(indicator)) return null;

  const spanEnd = !endsClause && (comparator === '=' || countable) ? restEnd : c.end;
  const span: [number, number] = [phraseStart(w, itemStart, lastEnd), Math.max(spanEnd, c.end)];
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
