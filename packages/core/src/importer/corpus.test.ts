import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.js';
import { addCounts, prf, scoreDocument, type CorpusExpectation, type Counts } from './corpus-score.js';

// The corpus lives beside the repository (../shared/corpus), as CI lays it; LUOSHI_CORPUS_DIR overrides.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpusDir = process.env.LUOSHI_CORPUS_DIR ?? resolve(repoRoot, '../shared/corpus');
const haveCorpus = existsSync(corpusDir);

/** The floors the issue sets: lead-unit F1 ≥ 0.95 and target F1 ≥ 0.9 over the whole corpus. */
const LEAD_UNIT_F1_FLOOR = 0.95;
const TARGET_F1_FLOOR = 0.9;

const zero: Counts = { tp: 0, fp: 0, fn: 0 };
const pct = (x: number) => (x * 100).toFixed(1).padStart(5);

describe.runIf(haveCorpus || process.env.CI)('importer on the shared corpus of real plans', () => {
  it('scores lead units, targets and tasks above the floor', () => {
    expect(haveCorpus, `corpus not found at ${corpusDir}`).toBe(true);
    const names = readdirSync(corpusDir)
      .filter((f) => f.endsWith('.expected.json'))
      .map((f) => f.replace('.expected.json', ''))
      .sort();
    expect(names.length).toBeGreaterThan(0);
    let lead = zero;
    let support = zero;
    let targets = zero;
    let tasks = zero;
    const rows: string[] = [];
    for (const name of names) {
      const expected = JSON.parse(
        readFileSync(join(corpusDir, `${name}.expected.json`), 'utf8'),
      ) as CorpusExpectation;
      const text = readFileSync(join(corpusDir, `${name}.txt`), 'utf8');
      const s = scoreDocument(parsePlan(text), expected);
      lead = addCounts(lead, s.leadUnits);
      support = addCounts(support, s.supportUnits);
      targets = addCounts(targets, s.targets);
      tasks = addCounts(tasks, s.tasks);
      const f = (c: Counts) => `${pct(prf(c).f1)} (${c.tp}/${c.fp}/${c.fn})`;
      rows.push(
        `${name.padEnd(44)} lead ${f(s.leadUnits)}  co ${f(s.supportUnits)}  targets ${f(s.targets)}  tasks ${f(s.tasks)}  sections ${s.sections.actual}/${s.sections.expected}`,
      );
    }
    const line = (label: string, c: Counts) => {
      const r = prf(c);
      return `${label.padEnd(14)} P ${pct(r.precision)}  R ${pct(r.recall)}  F1 ${pct(r.f1)}   (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})`;
    };
    console.log(
      [
        `Importer corpus score (${names.length} documents, ${corpusDir}); per document: F1 (tp/fp/fn)`,
        ...rows,
        line('lead units', lead),
        line('support units', support),
        line('targets', targets),
        line('tasks', tasks),
      ].join('\n'),
    );
    expect(prf(lead).f1).toBeGreaterThanOrEqual(LEAD_UNIT_F1_FLOOR);
    expect(prf(targets).f1).toBeGreaterThanOrEqual(TARGET_F1_FLOOR);
  });
});
