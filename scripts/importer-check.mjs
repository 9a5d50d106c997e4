#!/usr/bin/env node
// Tools for speed work on the importer (packages/core/src/importer), on the built packages/core/dist:
//
//   node scripts/importer-check.mjs hash            a digest of parsePlan's whole output over the corpus in several
//                                                   layouts and digit rotations: a speed change must not move it
//   node scripts/importer-check.mjs loop [SECONDS]  parses the corpus over and over (default 10 s), to run under
//                                                   `node --cpu-prof scripts/importer-check.mjs loop`
//   node scripts/importer-check.mjs self FILE       self time by function of a .cpuprofile, the largest first
//   node scripts/importer-check.mjs incl FILE       time spent inside each function (its callees included) as a
//                                                   share of parsePlan's: where a whole phase's time goes
//   node scripts/importer-check.mjs phases          parsePlan and its separable phases over the corpus, each in
//                                                   passes of the bench's token regex timed in the same run: the
//                                                   budget the bench's goal (≥ 0.1×, i.e. ≤ 10 passes) leaves
//
// The tests hold the scores; the digest holds every field of every draft (spans, titles, diagnostics), on more
// inputs than the tests parse, so it catches a shortcut that changes what nobody scores.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The development corpus and the Chengdu plan, as the importer bench reads them. */
function corpus() {
  const dir = join(repo, 'packages/core/fixtures/corpus');
  return [
    readFileSync(join(repo, 'packages/core/fixtures/chengdu-ecommerce-plan-2013-2015.txt'), 'utf8'),
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8')),
  ];
}

/** @returns {Promise<(text: string) => unknown>} */
async function loadParsePlan() {
  const dist = join(repo, 'packages/core/dist/index.js');
  if (!existsSync(dist))
    throw new Error('packages/core/dist is missing: run `npx tsc -b packages/core` first');
  const mod = await import(pathToFileURL(dist).href);
  return /** @type {(text: string) => unknown} */ (mod.parsePlan);
}

/** Digits rotated by k (d → d+k mod 10, in either width). */
const rotate = (/** @type {string} */ s, /** @type {number} */ k) =>
  s.replace(/[0-9０-９]/g, (d) => {
    const c = d.charCodeAt(0);
    const base = c >= 0xff10 ? 0xff10 : 48;
    return String.fromCharCode(base + ((c - base + k) % 10));
  });
/** Brackets, colons and digits in the other width. */
const swapWidths = (/** @type {string} */ s) =>
  s.replace(/[（）：０-９()\d:]/g, (c) => {
    const map = { '（': '(', '）': ')', '：': ':', '(': '（', ')': '）', ':': '：' };
    if (c in map) return map[/** @type {keyof typeof map} */ (c)];
    const code = c.charCodeAt(0);
    return code >= 0xff10 ? String.fromCharCode(code - 0xff10 + 48) : String.fromCharCode(code - 48 + 0xff10);
  });
/** @type {((s: string) => string)[]} */
const LAYOUTS = [
  (s) => s,
  swapWidths,
  (s) => s.replace(/\n/g, '\r\n'),
  (s) => s.replace(/^[ \t\u3000]*(?=\S)/gm, '\u3000\u3000'),
  // Flattened onto one line, as text copied from a web page arrives.
  (s) => s.replace(/\r?\n/g, ''),
];

const [command, arg] = process.argv.slice(2);
if (command === 'hash') {
  const parsePlan = await loadParsePlan();
  const digest = createHash('sha1');
  let n = 0;
  for (const layout of LAYOUTS)
    for (const k of [0, 3, 6, 9])
      for (const t of corpus()) {
        digest.update(JSON.stringify(parsePlan(layout(rotate(t, k)))));
        n++;
      }
  console.log(`${digest.digest('hex')}  (${n} drafts)`);
} else if (command === 'loop') {
  const parsePlan = await loadParsePlan();
  const docs = corpus();
  const until = Date.now() + 1000 * Number(arg ?? 10);
  let passes = 0;
  while (Date.now() < until) {
    for (const t of docs) parsePlan(t);
    passes++;
  }
  console.log(`${passes} passes over ${docs.length} documents`);
} else if (command === 'self' && arg) {
  /** @type {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} */
  const profile = JSON.parse(readFileSync(arg, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<string, number>} */
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const key = f
      ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`
      : '?';
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${key.slice(0, 150)}`);
} else if (command === 'incl' && arg) {
  inclusive(arg);
} else if (command === 'phases') {
  await phases();
} else {
  console.error(
    'usage: importer-check.mjs hash | loop [SECONDS] | self FILE.cpuprofile | incl FILE.cpuprofile | phases',
  );
  process.exitCode = 2;
}

/**
 * Time inside each function, callees included, as a share of the time inside parsePlan. A sample counts once for
 * each distinct function on its stack (recursion is not counted twice). Regular expressions are their own frames
 * in a V8 profile, attached to no caller, so they are listed by the self-time command only.
 * @param {string} file
 */
function inclusive(file) {
  /** @type {{ nodes: { id: number, children?: number[], callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} */
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** @type {Map<string, number>} */
  const inside = new Map();
  let parse = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const seen = new Set();
    for (let cur = /** @type {number | undefined} */ (id); cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f || !f.url.includes('/importer/')) continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inside.set(key, (inside.get(key) ?? 0) + dt);
      if (f.functionName === 'parsePlan') parse += dt;
    }
  });
  if (parse === 0) {
    console.error('no sample inside parsePlan: profile `node --cpu-prof scripts/importer-check.mjs loop`');
    process.exitCode = 1;
    return;
  }
  for (const [key, t] of [...inside].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${((100 * t) / parse).toFixed(1).padStart(5)}%  ${key.slice(0, 150)}`);
}

/**
 * parsePlan over the corpus beside the phases that can be run on their own: the passes over the whole text
 * (folding, paragraph breaks, inline item starts, deadline hints, conventions) and the targets. What is left is
 * the items: the tree, their unit statements and deadlines, the annex. Each figure is a median of interleaved
 * samples (the bench's `medians`), in milliseconds and in passes of the importer bench's token regex, so the ratio
 * holds on a noisy machine; the bench's goal (≥ 0.1× of the regex) is a budget of 10 passes for the whole of parsePlan.
 */
async function phases() {
  const dist = (/** @type {string} */ m) =>
    pathToFileURL(join(repo, 'packages/core/dist/importer', `${m}.js`)).href;
  const parsePlan = /** @type {(text: string) => { nodes: unknown[] }} */ (await loadParsePlan());
  const { foldText } = await import(dist('fold'));
  const { paragraphBreaks, inlineParagraphStarts } = await import(dist('paragraphs'));
  const { deadlineHints } = await import(dist('deadlines'));
  const { findConventions } = await import(dist('units'));
  const { extractTargets } = await import(dist('targets'));
  const { TOKENS, medians } = await import(
    pathToFileURL(join(repo, 'scripts/bench/importer.bench.mjs')).href
  );
  const docs = corpus().map((t) => foldText(t));
  const starts = docs.map((t) => inlineParagraphStarts(t, paragraphBreaks(t)));
  let sink = 0;
  /** One call of `f` per document, its result's length kept so that the work is not optimised away. */
  const each = (/** @type {(t: string, k: number) => { length: number }} */ f) => () =>
    docs.forEach((t, k) => {
      sink += f(t, k).length;
    });
  /** @type {[string, () => void][]} */
  const runs = [
    // Counted as the bench counts them, without collecting the matches.
    [
      'token regex (the bench baseline)',
      () =>
        docs.forEach((t) => {
          for (const _ of t.matchAll(TOKENS)) sink++;
        }),
    ],
    ['parsePlan', each((t) => parsePlan(t).nodes)],
    ['  foldText', each(foldText)],
    ['  paragraphBreaks', each(paragraphBreaks)],
    ['  inlineParagraphStarts', each((t) => inlineParagraphStarts(t, paragraphBreaks(t)))],
    ['  deadlineHints', each(deadlineHints)],
    ['  findConventions', each(findConventions)],
    ['  extractTargets', each((t, k) => extractTargets(t, { paragraphStarts: starts[k] }).targets)],
  ];
  // The bench's own timing: warmed up until the JIT settles, then medians of samples taken in turn (seconds).
  const median = medians(
    runs.map(([, fn]) => fn),
    15,
  ).map((seconds) => seconds * 1000);
  const pass = median[0] ?? NaN;
  const row = (/** @type {string} */ name, /** @type {number} */ ms) =>
    console.log(
      `${name.padEnd(36)} ${ms.toFixed(2).padStart(7)} ms ${(ms / pass).toFixed(1).padStart(6)} passes`,
    );
  runs.forEach(([name], k) => row(name, median[k] ?? NaN));
  const whole = median[1] ?? NaN;
  const separable = median.slice(2).reduce((a, b) => a + b, 0);
  // inlineParagraphStarts is timed with the paragraphBreaks it needs; take that part out once.
  const rest = whole - separable + (median[3] ?? 0);
  row('  the rest: items, statements, annex', rest);
  console.log(
    `the bench's goal is parsePlan within 10 passes; it takes ${(whole / pass).toFixed(1)} (ratio ${(pass / whole).toFixed(3)}; sink ${sink > 0})`,
  );
}
