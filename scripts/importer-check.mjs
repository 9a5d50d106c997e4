#!/usr/bin/env node
// Tools for speed work on the importer (packages/core/src/importer), on the built packages/core/dist:
//
//   node scripts/importer-check.mjs hash            a digest of parsePlan's whole output over the corpus in several
//                                                   layouts and digit rotations: a speed change must not move it
//   node scripts/importer-check.mjs loop [SECONDS]  parses the corpus over and over (default 10 s), to run under
//                                                   `node --cpu-prof scripts/importer-check.mjs loop`
//   node scripts/importer-check.mjs self FILE       self time by function of a .cpuprofile, the largest first
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
} else {
  console.error('usage: importer-check.mjs hash | loop [SECONDS] | self FILE.cpuprofile');
  process.exitCode = 2;
}
