// Importer throughput: parsePlan over the whole corpus text (plus the Chengdu plan), beside one pass of a plain
// regular expression over the same text, then over 10× and 100× the input to show the cost grows linearly.
// Uses the built packages/core/dist (run `npm run build` first). MB = 10^6 bytes of UTF-8.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The baseline the goal is measured against: one pass of a plain regular expression that finds the importer's
 * elementary tokens — item labels (一、 （二） 3. ①), parenthesised unit statements and figures with a unit. It does
 * none of the importer's work (no tree, no roles, no values, no deadlines), only the lexical pass any importer
 * must at least make. A bare character class (/[。；]/g) is printed too, for scale.
 */
const TOKENS =
  /(?:^|[\n\u3000])\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[①-⑳])|[（(][^（()）\n]{0,80}?(?:牵头|负责|配合)[^（()）\n]{0,80}?[）)]|\d+(?:\.\d+)?\s*(?:万亿|亿|万)?\s*(?:元|%|户|家|个|人)/gm;

export const title = 'importer (parsePlan) throughput on the corpus, beside a plain regular expression';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = process.env.LUOSHI_CORPUS_DIR ?? resolve(repo, '../shared/corpus');

/** @param {() => void} fn */
function warmUp(fn) {
  // Warm up until the JIT has settled, not for one call: V8 optimises a function after many calls, and the
  // importer's big passes run once per parse, so after one call the 1× figure measured the interpreter and
  // baseline tiers rather than the code. Warm up in half-second windows until no window has been 3% faster than
  // the best before it for two seconds (at least 2 s, at most 12 s): on a loaded machine one slow window says
  // nothing.
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  const w0 = now();
  let best = Infinity;
  let bestAt = w0;
  for (;;) {
    const s0 = now();
    let calls = 0;
    do {
      fn();
      calls++;
    } while (now() - s0 < 0.5);
    const perCall = (now() - s0) / calls;
    if (perCall < best * 0.97) bestAt = now();
    best = Math.min(best, perCall);
    if ((now() - bestAt >= 2 && now() - w0 >= 2) || now() - w0 >= 12) break;
  }
}

/** @param {() => void} fn @returns {number} seconds per call over one sample */
function sample(fn) {
  // Small inputs are repeated within a sample so that each sample lasts long enough to time well.
  let calls = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  } while (elapsed < 0.05);
  return elapsed / calls;
}

/**
 * Median seconds per call of each function. Samples are taken in turn (a, b, c, a, b, c …) rather than all of
 * one function first, so that the load other processes put on the machine falls alike on the importer and on
 * its baselines and the ratio between them stays meaningful.
 * @param {(() => void)[]} fns @param {number} runs @returns {number[]}
 */
function medians(fns, runs) {
  for (const fn of fns) warmUp(fn);
  /** @type {number[][]} */
  const times = fns.map(() => []);
  for (let i = 0; i < runs; i++) fns.forEach((fn, k) => times[k]?.push(sample(fn)));
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return t[Math.floor(t.length / 2)] ?? NaN;
  });
}

/** @param {{ children: unknown[] }[]} nodes @returns {number} */
function countNodes(nodes) {
  return nodes.reduce((n, x) => n + 1 + countNodes(/** @type {{ children: unknown[] }[]} */ (x.children)), 0);
}

/** @param {{ log: (s: string) => void }} ctx */
export default async function bench({ log }) {
  const dist = join(repo, 'packages/core/dist/index.js');
  if (!existsSync(dist)) throw new Error('packages/core/dist is missing: run `npm run build` first');
  const { parsePlan } = await import(pathToFileURL(dist).href);

  const texts = [
    readFileSync(join(repo, 'packages/core/fixtures/chengdu-ecommerce-plan-2013-2015.txt'), 'utf8'),
  ];
  if (existsSync(corpusDir)) {
    for (const f of readdirSync(corpusDir)
      .filter((x) => x.endsWith('.txt'))
      .sort())
      texts.push(readFileSync(join(corpusDir, f), 'utf8'));
  } else {
    log(`corpus not found at ${corpusDir}: measuring the Chengdu plan alone`);
  }
  const one = texts.join('\n');
  log(
    `input: ${texts.length} documents, ${one.length} characters, ${(Buffer.byteLength(one) / 1e6).toFixed(3)} MB (UTF-8)`,
  );

  const figures = [];
  /** @type {Record<number, number>} */
  const importerAt = {};
  for (const [times, runs] of [
    [1, 9],
    [10, 5],
    [100, 3],
  ]) {
    const text = Array(times).fill(one).join('\n');
    const mb = Buffer.byteLength(text) / 1e6;
    let sink = 0;
    let draft;
    const [charClass, baseline, importer] = medians(
      [
        () => {
          sink += (text.match(/[。；]/g) ?? []).length;
        },
        () => {
          for (const _ of text.matchAll(TOKENS)) sink++;
        },
        () => {
          draft = parsePlan(text);
        },
      ],
      runs,
    );
    const importerMBs = mb / importer;
    importerAt[times] = importerMBs;
    log(
      `${times}×: ${mb.toFixed(2)} MB; parsePlan ${(importer * 1000).toFixed(1)} ms (${countNodes(draft.nodes)} nodes, ${draft.targets.length} targets, so the work done is visible); regex ${(baseline * 1000).toFixed(2)} ms (${sink > 0 ? 'matches counted' : 'no matches'})`,
    );
    figures.push({
      name: `importer ${times}× (${mb.toFixed(2)} MB)`,
      unit: 'MB/s',
      value: importerMBs,
      baseline: { name: 'token regex (labels, unit statements, figures)', value: mb / baseline },
      goal: { min: 0.1 },
    });
    figures.push({
      name: `importer ${times}× (${mb.toFixed(2)} MB)`,
      unit: 'MB/s',
      value: importerMBs,
      baseline: { name: 'regex /[。；]/g (a bare character class)', value: mb / charClass },
      note: 'shown for scale: the floor of what any pass over the text costs',
    });
  }
  for (const times of [10, 100]) {
    figures.push({
      name: `importer ${times}× vs 1×`,
      unit: 'MB/s',
      value: importerAt[times],
      baseline: { name: 'importer 1×', value: importerAt[1] },
      goal: { min: 0.5 },
      note: 'a ratio near 1 means the cost grows linearly with the input',
    });
  }
  return figures;
}
