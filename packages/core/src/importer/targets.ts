/**
 * Quantitative targets in a plan's text. One left-to-right pass stops only at numerals, sentence and
 * paragraph ends and quotes; each figure is then judged on a bounded window around it: its unit, the
 * comparator word before it and the bound after it (以上, 左右), what it measures, and whether it is a level
 * the plan commits to rather than history, a subsidy, a rule, a threshold or a relative change. Deadlines
 * ("到2015年") are tracked per sentence and paragraph, retrospective parts per heading. Indicator tables are
 * read separately. Everything is bounded, so the cost is linear in the text.
 *
 * Where each rule lives: the words in target-vocabulary.ts, the judgement of one figure in target-judgement.ts,
 * restatements in target-restatement.ts, indicator tables in indicator-tables.ts; this file is the scanner.
 */
import type { Diagnostic, TargetDraft } from '../types.js';
import { isChineseNumeralCode, isDigitCode, readNumber } from './numerals.js';
import {
  CLOSE_QUOTE_CODE,
  HEADING_START_CODE,
  HISTORY_OPENING,
  HISTORY_START_CODE,
  INTERESTING,
  OPEN_QUOTE_CODE,
  RETROSPECTIVE_HEADING,
  SENTENCE_END_CODE,
  UNIT_FIRST_CODE,
  asciiDigits,
  isParagraphBlank,
} from './target-vocabulary.js';
import { readCandidate } from './target-candidate.js';
import { type SentenceState, judge } from './target-judgement.js';
import { mergeTableTargets, restates } from './target-restatement.js';
import { tableTargets } from './indicator-tables.js';
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
  /** Where items printed inline start paragraphs (`inlineParagraphStarts`), when the caller has them already. */
  paragraphStarts?: readonly number[];
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
  HEADING_AT.lastIndex = i;
  const m = HEADING_AT.exec(text);
  return m ? (m[1] ?? '') : null;
}
// Sticky, on the text itself rather than a slice at each paragraph start: a match is at most 44 characters (and
// a sub-heading's 35), within the 50 (and 40) that the slices these replace held, so the matches are the same.
const HEADING_AT = /[一二三四五六七八九十]{1,3}、([^。\n\u3000]{1,40})/y;
const SUB_HEADING_AT = /[（(][一二三四五六七八九十]{1,3}[）)]([^。\n\u3000]{1,30})/y;

/** A sub-heading ("（一）发展基础。") at `i`, when a paragraph starts there. */
function readSubHeading(text: string, i: number): string | null {
  SUB_HEADING_AT.lastIndex = i;
  const m = SUB_HEADING_AT.exec(text);
  return m ? (m[1] ?? '') : null;
}

/** Marks that open a bulleted paragraph: dashes ("——", "--") and dots. */
const BULLET_MARK = /^(?:[—－-]{1,2}|[•·●◆◇■□▪▲△★☆○◎])/;
/** "一是…", "二是…": an enumeration written as prose. */
const ORDINAL_OPENING = /^[一二三四五六七八九十]{1,2}是/;
/** A numbered item ("1.", "2、", "（3）", "④"), a bullet only in a list a colon introduced. */
const NUMBERED_OPENING = /^(?:[\d０-９]{1,2}[.．、]|[（(][\d０-９]{1,2}[）)]|[①-⑳])/;

/** True when the paragraph at `k` is one item of a bulleted list ("——培育10家示范企业。"). */
function isBullet(text: string, k: number, afterColon: boolean): boolean {
  const head = text.slice(k, k + 4);
  return BULLET_MARK.test(head) || ORDINAL_OPENING.test(head) || (afterColon && NUMBERED_OPENING.test(head));
}

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
  // The year of a paragraph that states a deadline and ends ("到2027年，主要目标如下："): it governs the goals
  // of the bulleted paragraphs below it ("——培育10家示范企业。"), until a paragraph that is no such bullet.
  let listYear: number | null = null;
  let bulletYear: number | null = null;
  // The paragraph before ended on a colon: a numbered list below it ("1.…") is its list too.
  let listAfterColon = false;
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
      // A bullet's own deadline does not change the list's; any other paragraph that states one opens a list.
      const colon = /[：:]\s*$/.test(text.slice(Math.max(sentence.start, at - 4), at));
      // "到2025年，建成10个X，主要目标如下：": a deadline that introduces a list governs it, figures or not.
      const opened = paragraphYear ?? (colon ? sentence.year : null);
      if (bulletYear === null && opened !== null) {
        listYear = opened;
        listAfterColon = colon;
      }
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
    // (Consecutive breaks start the same paragraph again, which decides the same.)
    if (listYear !== null && isBullet(text, k, listAfterColon)) bulletYear = listYear;
    else {
      bulletYear = null;
      listYear = null;
    }
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
  const inlineStarts = options.paragraphStarts ?? inlineParagraphStarts(text);
  let nextStartAt = 0;
  let nextStart = inlineStarts[0] ?? Infinity;
  for (let i = 0; i < n; i++) {
    while (i >= nextStart) {
      endSentence(nextStart, true);
      quoteDepth = 0;
      startParagraph(nextStart);
      nextStart = inlineStarts[++nextStartAt] ?? Infinity;
    }
    // One bound instead of two in the loop that touches every character of prose.
    const limit = nextStart < n ? nextStart : n;
    while (i < limit && INTERESTING[text.charCodeAt(i)] !== 1) i++;
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
        paragraphYear !== null || bulletYear !== null,
      );
      if (t) {
        // "今年" in a yearly work report means the report's year.
        const thisYear =
          reportYear !== null &&
          /今年|全年/.test(text.slice(Math.max(sentence.start, t.span[0] - 200), t.span[0]))
            ? reportYear
            : null;
        const year = sentence.year ?? paragraphYear ?? bulletYear ?? sectionYear ?? thisYear;
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
