// The importer's speed shortcuts must not change what it finds. Each shortcut skips work where a cheap test says
// the skipped work could find nothing; these tests hold each cheap test to the work it stands for, so that a rule
// added later (a new label word, a new role word, a new numbering style) cannot silently fall outside it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CANDIDATE,
  candidateEnd,
  inlineParagraphStarts,
  nextCandidate,
  paragraphBreaks,
  splitParagraphs,
} from './paragraphs.js';
import { matchLabel, parseChineseInt } from './structure.js';
import {
  topLevelRoundGroups,
  isOpenerCode,
  isCloserCode,
  MAX_BRACKET,
  splitTopLevel,
  trimRange,
  execNearAnchors,
} from './text-util.js';
import { asciiDigits } from './target-vocabulary.js';
import { CITED_TITLE, DOC_NUMBER_TAIL, docNumberTailBefore } from './metadata.js';
import {
  ANNUAL_INTRO,
  ANNUAL_INTRO_ANCHORS,
  ANNUAL_KIND_ENDS,
  introducesAnnualPlan,
  PERIOD_ANCHORS,
  STATED_PERIOD,
  UNTIL_END,
} from './period.js';
import { ROLE_END } from './unit-clauses.js';
import { findUnitStatements, LABEL_WORDS, ROLE_HINT } from './units.js';
import { deadlineHints, shortBrackets } from './deadlines.js';

/** A small deterministic generator (tests hold no randomness that could differ between runs). */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
const pick = (r: () => number, s: string) => s[Math.floor(r() * s.length)]!;

/** The character-by-character version of topLevelRoundGroups that the regex-driven one replaced. */
function referenceGroups(text: string, start: number, end: number): [number, number][] {
  const closeOf = new Map<number, number>();
  const stack: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isOpenerCode(c)) stack.push(i);
    else if (isCloserCode(c)) {
      const o = stack.pop();
      if (o !== undefined) closeOf.set(o, i);
    } else if (c === 10) stack.length = 0;
  }
  const out: [number, number][] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    const close = c === 0xff08 || c === 0x28 || c === 0x3014 ? closeOf.get(i) : undefined;
    if (close !== undefined && close - i <= MAX_BRACKET) {
      out.push([i, close]);
      i = close + 1;
    } else i++;
  }
  return out;
}

/** The character walk that shortBrackets replaced: an opener, then up to 120 characters without a bracket. */
function referenceShortBrackets(text: string, start: number, end: number): [number, number][] {
  const kind = (i: number) => ('（(【['.includes(text[i]!) ? 1 : '）)】]'.includes(text[i]!) ? 2 : 0);
  const out: [number, number][] = [];
  for (let i = start; i < end; i++) {
    if (kind(i) !== 1) continue;
    let k = i + 1;
    while (k < end && k - i <= 120 && kind(k) === 0) k++;
    if (k < end && kind(k) === 2) {
      out.push([i + 1, k]);
      i = k;
    } else i = k - 1;
  }
  return out;
}

describe('importer shortcuts find what the full work finds', () => {
  it('shortBrackets agrees with a character-by-character walk, inside any range', () => {
    const r = rng(9);
    for (let n = 0; n < 2000; n++) {
      const len = Math.floor(r() * 300);
      let t = '';
      // Brackets sparse enough that some stand farther apart than a short bracket may reach.
      for (let k = 0; k < len; k++) t += r() < 0.04 ? pick(r, '（(【[）)】]') : '字';
      const s = Math.floor(r() * (t.length + 1));
      const e = s + Math.floor(r() * (t.length - s + 1));
      expect(shortBrackets(t, s, e)).toEqual(referenceShortBrackets(t, s, e));
    }
  });

  it('topLevelRoundGroups agrees with a character-by-character walk, inside any range', () => {
    const r = rng(7);
    const alphabet = '（）()〔〕［］[]【】{}｛｝\n牵头市局，。 ';
    for (let n = 0; n < 400; n++) {
      const len = Math.floor(r() * 60);
      let t = '';
      for (let k = 0; k < len; k++) t += pick(r, alphabet);
      // Long brackets too, beyond MAX_BRACKET.
      if (n % 50 === 0) t = `（${'字'.repeat(MAX_BRACKET + (n % 3) - 1)}）${t}`;
      const s = Math.floor(r() * (t.length + 1));
      const e = s + Math.floor(r() * (t.length - s + 1));
      expect(topLevelRoundGroups(t, s, e)).toEqual(referenceGroups(t, s, e));
    }
  });

  it('splitTopLevel splits at each separator set it is given, one call after another (its tables are kept)', () => {
    const r = rng(11);
    const alphabet = '（）()【】、，,；;。/／ \u3000\n甲乙丙';
    const sets = ['、，,；;/／ \u3000', '，,；;。', '；', '、，,；;/／ \u3000'];
    for (let n = 0; n < 300; n++) {
      let t = '';
      for (let k = Math.floor(r() * 40); k > 0; k--) t += pick(r, alphabet);
      const seps = sets[n % sets.length]!;
      // The character-by-character split with the separators looked up in the string itself.
      const want: [number, number][] = [];
      let depth = 0;
      let segStart = 0;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (isOpenerCode(c)) depth++;
        else if (isCloserCode(c)) depth = Math.max(0, depth - 1);
        else if (depth === 0 && seps.includes(t[i]!)) {
          const x = trimRange(t, segStart, i);
          if (x) want.push(x);
          segStart = i + 1;
        }
      }
      const x = trimRange(t, segStart, t.length);
      if (x) want.push(x);
      expect(splitTopLevel(t, 0, t.length, seps)).toEqual(want);
    }
  });

  it('every label word and role word holds a ROLE_HINT word (findUnitStatements skips ranges without one)', () => {
    for (const w of LABEL_WORDS.split('|')) expect(ROLE_HINT.test(w), w).toBe(true);
    // The role words of ROLE_END: its second group's alternatives.
    const roles = /\((牵头单位[^)]*)\)/.exec(ROLE_END.source)?.[1]?.split('|') ?? [];
    expect(roles.length).toBeGreaterThan(10);
    for (const w of roles) expect(ROLE_HINT.test(w), w).toBe(true);
    // And the statements they open are still found, in brackets and in running text.
    for (const w of LABEL_WORDS.split('|')) {
      const text = `加快建设（${w}：市发展改革委、市财政局）。${w}：市商务局。`;
      expect(findUnitStatements(text, 0, text.length, []).length, w).toBe(2);
    }
    for (const w of roles) {
      const text = `加快建设（市发展改革委、市财政局${w}）。`;
      expect(findUnitStatements(text, 0, text.length, []).length, w).toBe(1);
    }
  });

  it('matchLabel finds every numbering style, whichever character it opens on', () => {
    const cases: [string, string, number][] = [
      ['第一章 总则', 'chapter', 1],
      ['第12部分 附则', 'chapter', 12],
      ['一、总体要求', 'cn-comma', 1],
      ['十二．保障', 'cn-comma', 12],
      ['（三）工作目标', 'cn-paren', 3],
      ['( 四 )目标', 'cn-paren', 4],
      ['㈢工作目标', 'cn-paren', 3],
      ['（12）细则', 'ar-paren', 12],
      ['⑸细则', 'ar-paren', 5],
      ['3.建设站点', 'ar-dot', 3],
      ['３、建设站点', 'ar-dot', 3],
      ['4）建设站点', 'ar-paren', 4],
      ['2.3.1 响应程序', 'decimal', 1],
      ['1 总则', 'decimal', 1],
      ['③建设站点', 'circled', 3],
      ['❷建设站点', 'circled', 2],
    ];
    for (const [text, style, ordinal] of cases) {
      const l = matchLabel(text);
      expect(l?.style, text).toBe(style);
      expect(l?.ordinal, text).toBe(ordinal);
    }
    for (const text of ['第一批试点', '一体化发展', '（以下简称）', '2020年', '统一部署', ''])
      expect(matchLabel(text)).toBeNull();
  });

  it('parseChineseInt reads numerals by character code as it read them by character', () => {
    const digits: Record<string, number> = {
      零: 0,
      〇: 0,
      一: 1,
      二: 2,
      两: 2,
      三: 3,
      四: 4,
      五: 5,
      六: 6,
      七: 7,
      八: 8,
      九: 9,
    };
    const reference = (s: string): number | null => {
      if (!s || s.length > 6) return null;
      let total = 0;
      let current = 0;
      let seen = false;
      for (const ch of s) {
        if (ch in digits) current = digits[ch]!;
        else if (ch === '十') {
          total += (current || 1) * 10;
          current = 0;
        } else if (ch === '百') {
          total += (current || 1) * 100;
          current = 0;
        } else return null;
        seen = true;
      }
      return seen ? total + current : null;
    };
    const r = rng(3);
    const alphabet = [...'零〇一二两三四五六七八九十百千a', '😀'];
    for (let n = 0; n < 3000; n++) {
      let s = '';
      for (let k = Math.floor(r() * 8); k > 0; k--) s += alphabet[Math.floor(r() * alphabet.length)]!;
      expect(parseChineseInt(s), s).toBe(reference(s));
    }
    expect(parseChineseInt('一百零五')).toBe(105);
    expect(parseChineseInt('九十九')).toBe(99);
  });

  it('asciiDigits maps full-width digits and nothing else, at any length', () => {
    expect(asciiDigits('到２０２５年，建成１０个（ＡＢ）😀')).toBe('到2025年，建成10个（ＡＢ）😀');
    expect(asciiDigits('到2025年')).toBe('到2025年');
    const long = '２０２５年１２月，'.repeat(2000);
    expect(asciiDigits(long)).toBe('2025年12月，'.repeat(2000));
    expect(asciiDigits(long.slice(0, 5000))).toBe('2025年12月，'.repeat(2000).slice(0, 5000));
  });

  it('paragraphs split with the breaks found once equal those split on their own', () => {
    const text =
      '某市实施方案\r\n一、总体要求\u3000\u3000（一）指导思想。坚持问题导向。\u2028（二）工作目标。到2020年，建成示范镇10个。\n\n' +
      '二、重点任务（一）发展电商。1.建设服务站点。建设村级服务站（市商务局牵头，市财政局配合）。2.培训人才。开展培训' +
      '（市人社局负责）。（二）完善物流。建设县级物流中心（市交通局牵头）。三、保障措施（一）加强组织领导。各地要加强领导。';
    const breaks = paragraphBreaks(text);
    expect(inlineParagraphStarts(text, breaks)).toEqual(inlineParagraphStarts(text));
    expect(splitParagraphs(text, inlineParagraphStarts(text, breaks), breaks)).toEqual(splitParagraphs(text));
  });

  it('nextCandidate finds the matches of the label-candidate regex, with their ends, inside any range', () => {
    const alphabet = [...'一二三十百零〇两、．.（(）) \u30000９1２第项①㈠\u2487\u2776\u3229，。牵头a\n\t'];
    const texts = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(texts, fc.nat(45), fc.nat(45), (text, a, b) => {
        const from = Math.min(a, text.length);
        const end = Math.min(Math.max(from, b), text.length);
        const viaRegex: [number, number][] = [];
        const re = new RegExp(CANDIDATE.source, 'g');
        re.lastIndex = from;
        for (let m = re.exec(text); m !== null && m.index < end; m = re.exec(text))
          viaRegex.push([m.index, m.index + m[0].length]);
        const viaScan: [number, number][] = [];
        for (let i = nextCandidate(text, from, end); i >= 0; i = nextCandidate(text, candidateEnd, end))
          viaScan.push([i, candidateEnd]);
        expect(viaScan).toEqual(viaRegex);
      }),
      { numRuns: 3000, seed: 10 },
    );
  });

  it('execNearAnchors finds the leftmost match of each period pattern, as a global search does', () => {
    const cases: [RegExp, readonly string[], string[]][] = [
      [CITED_TITLE, ['《'], ['《', '》', '关于', '\n', '的通知']],
      [
        STATED_PERIOD,
        PERIOD_ANCHORS,
        [
          '实施期限为',
          '实施期',
          '执行期',
          '规划期',
          '有效期',
          '期限',
          '时限是',
          '期',
          '限',
          '为',
          '：',
          ':',
          '自',
          '\u3000',
          '2021年至2023年',
          '2021—2023年',
        ],
      ],
      [
        UNTIL_END,
        ['期'],
        [
          '执行期',
          '实施期',
          '有效期',
          '施行期',
          '自',
          '从',
          '发布',
          '之日起',
          '至',
          '期',
          '自发布之日起至2025年',
        ],
      ],
      [
        ANNUAL_INTRO,
        ANNUAL_INTRO_ANCHORS,
        ['明确', '制定', '提出', '特制定', '现提出', '定', '出', '确', '\u3000', '2020年工作要点如下'],
      ],
    ];
    const common = ['2020', '2023', '年', '—', '至', ' ', '，', '。', '3', '月', '日', '明', '特'];
    for (const [sticky, anchors, words] of cases) {
      const global = new RegExp(sticky.source, 'g');
      const texts = fc.array(fc.constantFrom(...words, ...common), { maxLength: 16 }).map((a) => a.join(''));
      let found = 0;
      fc.assert(
        fc.property(texts, fc.nat(8), (text, a) => {
          const from = Math.min(a, text.length);
          global.lastIndex = from;
          const want = global.exec(text);
          const got = execNearAnchors(sticky, text, anchors, sticky === CITED_TITLE ? 0 : 2, from);
          expect(got ? [got.index, [...got]] : null).toEqual(want ? [want.index, [...want]] : null);
          if (want) found++;
        }),
        { numRuns: 3000, seed: 11 },
      );
      // The texts must hold matches for the comparison to mean anything.
      expect(found).toBeGreaterThan(10);
    }
  });

  it('deadlineHints finds the offsets a global search of the hint pattern finds', () => {
    const HINT =
      /[12１２][0-9０-９]{3}\s*年|印发|发布|出台|下发|实施后|施行|每[年季月半]|长期|持续|常态|月底|月末|月份|月前|月中旬|月上旬|月下旬|月完成|(?<![0-9０-９\s])年[底末内]|全年|半年|季度/g;
    const pieces = [
      ...'1209１２０ \u3000\n年印发布出台下实施后行每季月半长期持续常态x',
      '2020年',
      '２０２１ 年',
    ];
    const texts = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(texts, (text) => {
        expect(deadlineHints(text)).toEqual([...text.matchAll(HINT)].map((m) => m.index));
      }),
      { numRuns: 5000, seed: 12 },
    );
  });

  it('a text ANNUAL_INTRO matches in is one introducesAnnualPlan lets through', () => {
    const kinds = /\(\?:(工作要点[^)]*)\)/.exec(ANNUAL_INTRO.source)?.[1]?.split('|') ?? [];
    expect(kinds.length).toBeGreaterThan(3);
    for (const k of kinds) {
      expect(ANNUAL_KIND_ENDS).toContain(k.slice(-2));
      const text = `为此，明确2020年全省${k}如下：`;
      expect(execNearAnchors(ANNUAL_INTRO, text, ANNUAL_INTRO_ANCHORS, 2), k).not.toBeNull();
      expect(introducesAnnualPlan(text), k).toBe(true);
    }
    expect(introducesAnnualPlan('现提出如下意见。')).toBe(false);
  });

  it('document numbers read backwards from each 号 are the matches of DOC_NUMBER_TAIL', () => {
    const pieces = [...'〔［[〕］]第号 \u3000\n12０发', '2020', '35', '123456', '国办发〔2014〕25号'];
    const texts = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((a) => a.join(''));
    let found = 0;
    fc.assert(
      fc.property(texts, (text) => {
        const want = [...text.matchAll(new RegExp(DOC_NUMBER_TAIL.source, 'g'))].map((m) => [
          m.index,
          m.index + m[0].length,
        ]);
        const got: number[][] = [];
        for (let h = text.indexOf('号'); h >= 0; h = text.indexOf('号', h + 1)) {
          const at = docNumberTailBefore(text, h);
          if (at >= 0) got.push([at, h + 1]);
        }
        expect(got).toEqual(want);
        found += want.length;
      }),
      { numRuns: 5000, seed: 13 },
    );
    expect(found).toBeGreaterThan(50);
  });
});
