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
  // Documents 39–46 are real plans the importer had never seen, added with the failure classes they showed (the
  // letters of "Failure classes seen on documents 39–46" in fixtures/corpus/README.md); each floor sits just below
  // what the importer now reaches on all 46 documents.
  // Lead units (set 0.999, per statement 0.999) and support units (1.000): reached once lines indented with EM
  // SPACEs (46, class A), an annex that is the task list (41, class B), support labels such as 参加单位 (43, class
  // C), trailing roles such as 具体实施 (45, 46, class D), names with “…” (39, class F), collective units with an
  // inner 、 (44, class G) and compound labels such as 牵头考核单位 (41, class J) were read. Left: 42's generic role
  // defined in the text ("专区监管部门负责…", class L).
  leadUnits: 0.99,
  supportUnits: 0.99,
  statementLeads: 0.99,
  statementSupports: 0.99,
  // Statement items (0.995), after small form full stops ("1﹒") and items opening on a year (class K).
  statementItems: 0.99,
  // Targets (0.986, 0.736 before the target classes of the study were read: goals in "——" bullets under a
  // "到20XX年" sentence (I1), 分别 lists (I2), later items of a 、-list and counts after a verb (I3), shares of a
  // population (I4), computing units such as EFLOPS). Left: 4 missed in 40 and 45.
  targets: 0.98,
  // Item deadlines (0.937; 0.593 before a yearly plan's month-only dates, "6月底完成", took the year its title names,
  // 0.932 before a month opening a clause of the item's prose, "…，7月底前完成", did too): left are a few bare months
  // ("10月") and 46's seven deadlines.
  deadlines: 0.93,
  // Tasks (0.999).
  tasks: 0.99,
  // Titles (44/46): 39 and 40 still take the database's title line (half-width brackets) over the plan's own
  // (class H1); 41 and 42 came right when a repeat of the notice's title stopped being taken for the enclosed
  // plan's, and 44 and 46 (no title line) when a preamble sentence stopped being taken for a title (H2).
  titles: 0.95,
  // Issuers (44/46). Periods (46/46) once a yearly plan's year was read from titles such as "包头市2022年…考评办法"
  // and "数字山东2021行动方案" (H3).
  issuers: 0.95,
  periods: 0.99,
  sections: 0.97,
  minDocuments: 46,
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
