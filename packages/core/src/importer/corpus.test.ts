import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.js';
import { addCounts, prf, scoreDocument, type CorpusExpectation, type Counts } from './corpus-score.js';

// The development corpus lives in the repository (packages/core/fixtures/corpus), so the score runs in CI on its
// own; documents of ../shared/corpus that the repository does not hold (by file name) are scored too.
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const inRepo = resolve(here, '../../fixtures/corpus');
const shared = process.env.LUOSHI_CORPUS_DIR ?? resolve(repoRoot, '../shared/corpus');

/**
 * Floors, each set just below what the importer reaches on this corpus, so that a change that loses ground on
 * any figure fails. The issue's goals are lead units per statement F1 ≥ 0.95, targets ≥ 0.90, item deadlines
 * ≥ 0.85 and titles exact in ≥ 95% of documents. Targets, deadlines, titles and periods were lowered when documents
 * 14–38 were annotated by reading rather than from the importer's output (targets 0.944, deadlines 0.926, titles and
 * periods 36/38 reached then); titles raised again when the enclosed document's own title line after a covering
 * notice was found (broken over lines, or named by the notice with its author before 关于): 38/38. Targets raised
 * to 0.99 when rates lowered to a ceiling, magnitudes withstood and yearly coverage quotas were read (F1 1.0);
 * issuers 0.97 (37/38) with a page's source line naming an organ, periods 0.99 (38/38) with a stated time limit
 * and a yearly work plan's year.
 */
const FLOORS = {
  // Lowered when documents 39–45 (real plans the importer had never seen) were added; each figure sits just below
  // what the importer reaches on the 45 documents, and the failure class that costs it is given (the letters of
  // "Failure classes seen on documents 39–45" in fixtures/corpus/README.md).
  // Lead units (set 0.952, per statement 0.954): 41 (包头, an annex list of 90 items "1．…（…，牵头考核单位：X）" that
  // the importer drops whole — class B, 101 statements), 44 (青岛, collective units with an inner 、 split, "各区、
  // 市政府" — class G), 39 (a unit name with quotation marks, "省推进“三地一区”…成员单位" — class F), 45 (a trailing
  // role "省有关部门具体实施" drops the statement — class D).
  leadUnits: 0.95,
  // Support units (set 0.774, per statement 0.804): 43 (山东服务业, "参加单位：" is not read as a support label — class C,
  // 86 supporting units lost on 42 statements) and 45 (class D).
  supportUnits: 0.77,
  statementLeads: 0.95,
  statementSupports: 0.8,
  // Statement items (0.926): 40 (items numbered "1﹒" with U+FE52 and boxed "专栏N" columns between them — class K,
  // 22 statements on the wrong node) and 43 (items whose text starts with digits, "1.0400年底前…", read as one
  // decimal — class K).
  statementItems: 0.92,
  // Targets (0.989, was 0.734 when 39–45 came in): goals in bulleted paragraphs under "到20XX年" take its year
  // (I1), every figure of a 分别 list its comparator (I2), counts after a verb, later in a 、-list, of places and
  // yearly quotas (I3) and bare shares of things that do something (I4) are read, and EFLOPS/EB units known. Still
  // missed: 40 ("每年面向1万名…" whose training is named in the next sentence, and "实现标识注册总量突破5亿": a bare
  // magnitude counts only where the sentence sets targets) and 45 (one figure 分别 for two subjects of an earlier clause, "面向自然人和法人组织，分别形成1000个以上…").
  targets: 0.98,
  // Item deadlines (0.347): 41 — its 90 deadlines are inside the annex the importer drops (class B) and are written
  // without a year ("6月底完成", "持续推进").
  deadlines: 0.34,
  // Tasks (0.919): 41 (class B, 90 tasks).
  tasks: 0.91,
  // Titles (40/45): 39, 40, 41, 42 (a 北大法宝 export: its database title line and the notice title come before the
  // plan's own title line, which the importer does not prefer — class H) and 44 (no title line at all: the importer
  // takes the preamble's first sentence).
  titles: 0.88,
  issuers: 0.97,
  // Periods (43/45): 41 and 45 (a yearly plan whose title names its year without 年 or as "包头市2022年…考评办法" —
  // class H2).
  periods: 0.95,
  sections: 0.97,
  minDocuments: 45,
};

const zero: Counts = { tp: 0, fp: 0, fn: 0 };
const pct = (x: number) => (x * 100).toFixed(1).padStart(5);

function documents(): { name: string; dir: string }[] {
  const list = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.expected.json'))
          .map((f) => f.replace('.expected.json', ''))
      : [];
  const own = list(inRepo);
  const extra = list(shared).filter((n) => !own.includes(n));
  return [
    ...own.map((name) => ({ name, dir: inRepo })),
    ...extra.map((name) => ({ name, dir: shared })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

describe('importer on the development corpus of real plans', () => {
  it('scores units per statement, targets, deadlines, titles, issuers, periods and tasks above the floor', () => {
    // No skipping: a missing corpus is a failure, not a pass.
    expect(existsSync(inRepo), `corpus not found at ${inRepo}`).toBe(true);
    const docs = documents();
    expect(docs.length).toBeGreaterThanOrEqual(FLOORS.minDocuments);
    const sum: Record<string, Counts> = {};
    const add = (k: string, c: Counts) => (sum[k] = addCounts(sum[k] ?? zero, c));
    let titles = 0;
    let issuers = 0;
    let periods = 0;
    let sections = 0;
    const rows: string[] = [];
    const misses: string[] = [];
    for (const { name, dir } of docs) {
      const expected = JSON.parse(
        readFileSync(join(dir, `${name}.expected.json`), 'utf8'),
      ) as CorpusExpectation;
      const text = readFileSync(join(dir, `${name}.txt`), 'utf8');
      const draft = parsePlan(text);
      const s = scoreDocument(draft, expected, text);
      add('leadUnits', s.leadUnits);
      add('supportUnits', s.supportUnits);
      add('statementLeads', s.statementLeads);
      add('statementSupports', s.statementSupports);
      add('statementItems', s.statementItems);
      add('targets', s.targets);
      add('deadlines', s.deadlines);
      add('tasks', s.tasks);
      if (s.title) titles++;
      else misses.push(`${name}: title “${draft.title}” ≠ “${expected.title}”`);
      if (s.issuer) issuers++;
      else
        misses.push(
          `${name}: issuer “${draft.issuer}” ≠ “${expected.issuers?.join('、') ?? expected.issuer}”`,
        );
      if (s.period) periods++;
      else
        misses.push(`${name}: period ${JSON.stringify(draft.period)} ≠ ${JSON.stringify(expected.period)}`);
      if (s.sections.actual === s.sections.expected) sections++;
      const f = (c: Counts) => `${pct(prf(c).f1)} (${c.tp}/${c.fp}/${c.fn})`;
      rows.push(
        `${name.slice(0, 44).padEnd(44)} lead/st ${f(s.statementLeads)}  co/st ${f(s.statementSupports)}  targets ${f(s.targets)}  deadlines ${f(s.deadlines)}  sections ${s.sections.actual}/${s.sections.expected}`,
      );
    }
    const line = (label: string, c: Counts) => {
      const r = prf(c);
      return `${label.padEnd(20)} P ${pct(r.precision)}  R ${pct(r.recall)}  F1 ${pct(r.f1)}   (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})`;
    };
    const share = (label: string, k: number) =>
      `${label.padEnd(20)} ${k}/${docs.length} (${pct(k / docs.length)}%)`;
    console.log(
      [
        `Importer corpus score (${docs.length} documents: ${inRepo}${existsSync(shared) ? ` + ${shared}` : ''}); per document: F1 (tp/fp/fn)`,
        ...rows,
        line('lead units (set)', sum.leadUnits!),
        line('support units (set)', sum.supportUnits!),
        line('lead per statement', sum.statementLeads!),
        line('support per stmt', sum.statementSupports!),
        line('statement items', sum.statementItems!),
        line('targets (+year)', sum.targets!),
        line('item deadlines', sum.deadlines!),
        line('tasks', sum.tasks!),
        share('titles exact', titles),
        share('issuers exact', issuers),
        share('periods exact', periods),
        share('sections exact', sections),
        ...misses,
      ].join('\n'),
    );
    for (const k of [
      'leadUnits',
      'supportUnits',
      'statementLeads',
      'statementSupports',
      'statementItems',
      'targets',
      'deadlines',
      'tasks',
    ] as const)
      expect(prf(sum[k]!).f1, k).toBeGreaterThanOrEqual(FLOORS[k]);
    expect(titles / docs.length, 'titles').toBeGreaterThanOrEqual(FLOORS.titles);
    expect(issuers / docs.length, 'issuers').toBeGreaterThanOrEqual(FLOORS.issuers);
    expect(periods / docs.length, 'periods').toBeGreaterThanOrEqual(FLOORS.periods);
    expect(sections / docs.length, 'sections').toBeGreaterThanOrEqual(FLOORS.sections);
  });
});
