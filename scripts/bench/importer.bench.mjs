// Importer throughput: parsePlan over the development corpus (packages/core/fixtures/corpus, plus the Chengdu
// plan), each document parsed on its own (a plan is one document: joined into one text, the later documents would
// read as the annex of the first), beside one pass of a plain regular expression over the same documents.
// The 10× and 100× inputs are made of distinct documents, so that the output (items, units, targets) grows with
// the input: 10× is every corpus document with its digits rotated by 0…9 (d → d+k mod 10: other figures, other
// years), 100× is those ten again in ten layouts (as published, brackets and digits in the other width, CRLF line
// ends, paragraphs indented with full-width spaces or with blanks, and their combinations).
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
export const TOKENS =
  /(?:^|[\n\u3000])\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[①-⑳])|[（(][^（()）\n]{0,80}?(?:牵头|负责|配合)[^（()）\n]{0,80}?[）)]|\d+(?:\.\d+)?\s*(?:万亿|亿|万)?\s*(?:元|%|户|家|个|人)/gm;

export const title = 'importer (parsePlan) throughput on the corpus, beside a plain regular expression';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = join(repo, 'packages/core/fixtures/corpus');

/** Digits rotated by k (d → d+k mod 10, in either width): the same document with other figures. */
const rotate = (/** @type {string} */ s, /** @type {number} */ k) =>
  k === 0
    ? s
    : s.replace(/[0-9０-９]/g, (d) => {
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
const reindent = (/** @type {string} */ s, /** @type {string} */ indent) =>
  s.replace(/^[ \t\u3000]*(?=\S)/gm, indent);
const crlf = (/** @type {string} */ s) => s.replace(/\n/g, '\r\n');
/** Ten layouts of one document. */
const LAYOUTS = [
  (/** @type {string} */ s) => s,
  swapWidths,
  crlf,
  (/** @type {string} */ s) => reindent(s, '\u3000\u3000'),
  (/** @type {string} */ s) => reindent(s, '    '),
  (/** @type {string} */ s) => crlf(swapWidths(s)),
  (/** @type {string} */ s) => reindent(swapWidths(s), '\u3000\u3000'),
  (/** @type {string} */ s) => reindent(swapWidths(s), '    '),
  (/** @type {string} */ s) => crlf(reindent(s, '\u3000\u3000')),
  (/** @type {string} */ s) => crlf(reindent(s, '    ')),
];

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
export function medians(fns, runs) {
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

  if (!existsSync(corpusDir)) throw new Error(`corpus not found at ${corpusDir}`);
  const originals = [
    readFileSync(join(repo, 'packages/core/fixtures/chengdu-ecommerce-plan-2013-2015.txt'), 'utf8'),
    ...readdirSync(corpusDir)
      .filter((x) => x.endsWith('.txt'))
      .sort()
      .map((f) => readFileSync(join(corpusDir, f), 'utf8')),
  ];
  /** @type {Record<number, string[]>} */
  const inputs = {
    1: originals,
    10: Array.from({ length: 10 }, (_, k) => originals.map((t) => rotate(t, k))).flat(),
    100: LAYOUTS.flatMap((layout) =>
      Array.from({ length: 10 }, (_, k) => originals.map((t) => layout(rotate(t, k)))).flat(),
    ),
  };
  log(
    `input 1×: ${originals.length} documents, ${(Buffer.byteLength(originals.join('')) / 1e6).toFixed(3)} MB (UTF-8); each document is parsed on its own`,
  );

  const figures = [];
  /** @type {Record<number, number>} */
  const importerAt = {};
  for (const [times, runs] of [
    [1, 9],
    [10, 5],
    [100, 3],
  ]) {
    const docs = /** @type {string[]} */ (inputs[/** @type {number} */ (times)] ?? []);
    const distinct = new Set(docs).size;
    const mb = docs.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
    let sink = 0;
    let nodes = 0;
    let targets = 0;
    const [charClass, baseline, importer] = medians(
      [
        () => {
          for (const t of docs) sink += (t.match(/[。；]/g) ?? []).length;
        },
        () => {
          for (const t of docs) for (const _ of t.matchAll(TOKENS)) sink++;
        },
        () => {
          nodes = 0;
          targets = 0;
          for (const t of docs) {
            const draft = parsePlan(t);
            nodes += countNodes(draft.nodes);
            targets += draft.targets.length;
          }
        },
      ],
      runs,
    );
    const importerMBs = mb / importer;
    importerAt[times] = importerMBs;
    log(
      `${times}×: ${docs.length} documents (${distinct} distinct), ${mb.toFixed(2)} MB; parsePlan ${(importer * 1000).toFixed(1)} ms (${nodes} nodes, ${targets} targets: the output grows with the input); regex ${(baseline * 1000).toFixed(2)} ms (${sink > 0 ? 'matches counted' : 'no matches'})`,
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
