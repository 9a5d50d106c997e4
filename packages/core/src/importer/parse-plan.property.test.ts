import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanDraft, PlanNodeDraft, Span } from '../types.js';
import { parsePlan } from './parse-plan.js';

// Properties that hold for any input, however broken: the importer returns a draft (it never throws), and
// every span it gives points into the text it was given, so a reviewer can always be shown the source.

const here = dirname(fileURLToPath(import.meta.url));
const chengdu = readFileSync(resolve(here, '../../fixtures/chengdu-ecommerce-plan-2013-2015.txt'), 'utf8');
const corpusDir = process.env.LUOSHI_CORPUS_DIR ?? resolve(here, '../../../../../shared/corpus');
const haveCorpus = existsSync(corpusDir);
const corpus = haveCorpus
  ? readdirSync(corpusDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => readFileSync(join(corpusDir, f), 'utf8'))
  : [];

function* walk(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

function expectSpanInside(span: Span, length: number, what: string): void {
  const [start, end] = span;
  expect(Number.isInteger(start) && Number.isInteger(end), `${what}: integer offsets ${start}, ${end}`).toBe(
    true,
  );
  expect(
    0 <= start && start <= end && end <= length,
    `${what}: span [${start}, ${end}] outside 0..${length}`,
  ).toBe(true);
}

/** Parses and checks the invariants every draft must keep, whatever the input. */
function parseAndCheck(text: string): PlanDraft {
  const draft = parsePlan(text);
  const n = text.length;
  for (const node of walk(draft.nodes)) {
    expectSpanInside(node.span, n, `node ${node.label}${node.title.slice(0, 20)}`);
    for (const m of node.unitMentions) {
      expectSpanInside(m.span, n, `unit mention ${m.name}`);
      expect(text.slice(m.span[0], m.span[1]), `the text at the mention of ${m.name}`).toContain(m.name);
    }
  }
  for (const t of draft.targets) expectSpanInside(t.span, n, `target ${t.text}`);
  for (const d of draft.diagnostics) if (d.span) expectSpanInside(d.span, n, `diagnostic ${d.code}`);
  return draft;
}

/** Pieces plans are made of, so random text reaches the numbering, unit and target rules, not only the fallbacks. */
const planToken = fc.constantFrom(
  '一、',
  '二、',
  '十一、',
  '（一）',
  '(二)',
  '（十二）',
  '1.',
  '2、',
  '3．',
  '(1)',
  '（2）',
  '①',
  '⑳',
  '　　',
  '\n',
  '\r\n',
  '。',
  '；',
  '，',
  '、',
  '：',
  '（',
  '）',
  '(',
  ')',
  '《',
  '》',
  '〔2013〕',
  '894号',
  '牵头单位：',
  '配合单位：',
  '责任单位：',
  '负责部门：',
  '牵头',
  '配合',
  '负责',
  '按职责分工负责',
  '列第一位者为牵头单位',
  '市发改委',
  '市人力资源和社会保障局',
  '各区（市）县政府',
  '各有关部门',
  '等',
  '和',
  '及',
  '到2015年',
  '2013年至2015年',
  '（2013—2015年）',
  '十二五',
  '突破',
  '超过',
  '达到',
  '不低于',
  '以上',
  '不超过',
  '控制在',
  '以内',
  '约',
  '左右',
  '6000亿元',
  '500万户',
  '1.2万',
  '五百',
  '一半',
  '70%',
  '10个百分点',
  '累计',
  '相当于社会消费品零售总额的',
  '电子商务交易额',
  '实施方案',
  '序号',
  '任务分工表',
  '工作任务',
  ' ',
  '\t',
  '0',
  '9',
  '.',
  '%',
  '亿',
  '万',
);
const planLike = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: planToken },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''));
/** Any UTF-16 code unit, lone surrogates included: JavaScript strings can hold them and pasted text sometimes does. */
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 300,
});

/** A random piece of a text: cut at any two offsets (not only at character boundaries). */
const cutOf = (texts: string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat(), fc.nat()).map(([i, a, b]) => {
    const t = texts[i] as string;
    const x = a % (t.length + 1);
    const y = b % (t.length + 1);
    return t.slice(Math.min(x, y), Math.max(x, y));
  });

/** Pieces of several documents glued together, with an optional random string at each joint. */
const spliceOf = (texts: string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(cutOf(texts), fc.option(fc.oneof(planLike, fc.string({ unit: 'binary', maxLength: 20 })))),
      { minLength: 2, maxLength: 5 },
    )
    .map((parts) => parts.map(([p, glue]) => p + (glue ?? '')).join(''));

describe('parsePlan never throws and keeps its spans inside the input', () => {
  it('on arbitrary Unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => void parseAndCheck(s)),
      { numRuns: 300 },
    );
  });

  it('on arbitrary UTF-16 code units, lone surrogates and control characters included', () => {
    fc.assert(
      fc.property(codeUnits, (s) => void parseAndCheck(s)),
      { numRuns: 300 },
    );
  });

  it('on random strings made of the pieces plans are made of', () => {
    fc.assert(
      fc.property(planLike, (s) => void parseAndCheck(s)),
      { numRuns: 500 },
    );
  });

  it('on random cuts and splices of the Chengdu plan', () => {
    fc.assert(
      fc.property(fc.oneof(cutOf([chengdu]), spliceOf([chengdu])), (s) => void parseAndCheck(s)),
      { numRuns: 200 },
    );
  });

  it.skipIf(!haveCorpus && !process.env.CI)(
    'on random cuts and splices of the corpus (../shared/corpus)',
    () => {
      expect(corpus.length, `no .txt documents in ${corpusDir}`).toBeGreaterThan(0);
      const texts = [chengdu, ...corpus];
      fc.assert(
        fc.property(fc.oneof(cutOf(texts), spliceOf(texts)), (s) => void parseAndCheck(s)),
        { numRuns: 300 },
      );
    },
  );

  it.skipIf(!haveCorpus && !process.env.CI)('on every whole corpus document', () => {
    for (const text of corpus) parseAndCheck(text);
  });

  it('on a 1 MB plan (the plans repeated end to end)', () => {
    const texts = [chengdu, ...corpus].join('\n');
    const big = texts.repeat(Math.ceil((1 << 20) / texts.length)).slice(0, 1 << 20);
    expect(big.length).toBe(1 << 20);
    const draft = parseAndCheck(big);
    expect(draft.nodes.length).toBeGreaterThan(0);
  });

  // Generous timeout: ten 1 MB inputs; a rule that backtracks (quadratic or worse) would still blow through it.
  it(
    'on 1 MB inputs of one repeated piece (no rule may backtrack on a long run)',
    { timeout: 180_000 },
    () => {
      for (const piece of ['（', '一、', '1.', '　', '、', '牵头单位：', '9', '《', '\n', '到2015年达到']) {
        parseAndCheck(piece.repeat(Math.ceil((1 << 20) / piece.length)));
      }
    },
  );
});

// Regression: every one of these once cost far more than its length (1 MB of bare line breaks took seconds,
// each break re-skipping the blank run after it). No timing is asserted; Vitest's default timeout is the guard.
describe('parsePlan stays linear on a page of nothing but', () => {
  const oneMegabyte = (piece: string) => piece.repeat(Math.ceil((1 << 20) / piece.length));
  it.each([
    ['line breaks', '\n'],
    ['full-width spaces', '\u3000'],
    ['"一、" labels', '一、'],
    ['blank lines of spaces', ' \n'],
  ])('%s (1 MB)', (_what, piece) => {
    const text = oneMegabyte(piece);
    const draft = parseAndCheck(text);
    expect(draft.targets).toEqual([]);
  });
});
