#!/usr/bin/env node
// `npm run bench [-- NAME…]`: runs every scripts/bench/*.bench.mjs in name order (or those whose file name
// contains one of the NAMEs) and prints each figure beside its baseline, measured in the same run, and the ratio.
//
// A bench module's contract:
//   export const title = 'What it measures';
//   export default async function bench({ log }) { return figures; }
// where each figure is
//   { name, unit, value, baseline?: { name, value }, goal?: { min?: number, max?: number }, note?: string }
// `goal` bounds the ratio value / baseline.value; the runner prints whether it is met and never fails on it
// (figures depend on the machine; tests hold no timing thresholds).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

/** @param {number} x */
function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** @param {{ min?: number, max?: number } | undefined} goal @param {number} ratio */
function goalText(goal, ratio) {
  if (!goal) return '';
  const parts = [];
  if (goal.min !== undefined) parts.push(`≥ ${goal.min}`);
  if (goal.max !== undefined) parts.push(`≤ ${goal.max}`);
  const met = (goal.min === undefined || ratio >= goal.min) && (goal.max === undefined || ratio <= goal.max);
  return `goal ${parts.join(' and ')} ${met ? 'met' : 'NOT met'}`;
}

/** @param {string[][]} rows */
function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

console.log(`node ${process.version}, ${process.platform} ${process.arch}; ${files.length} bench file(s)\n`);
let failures = 0;
for (const file of files) {
  const mod = await import(pathToFileURL(join(dir, file)).href);
  console.log(`== ${file}: ${mod.title ?? ''}`);
  try {
    const figures = await mod.default({ log: (/** @type {string} */ s) => console.log(`   ${s}`) });
    const rows = [['figure', 'value', 'baseline', 'ratio', 'goal']];
    for (const f of figures) {
      const ratio = f.baseline ? f.value / f.baseline.value : NaN;
      rows.push([
        f.name,
        `${fmt(f.value)} ${f.unit}`,
        f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}` : '',
        f.baseline ? fmt(ratio) : '',
        f.baseline ? goalText(f.goal, ratio) : '',
      ]);
    }
    console.log(table(rows));
    for (const f of figures) if (f.note) console.log(`   ${f.name}: ${f.note}`);
  } catch (e) {
    failures++;
    console.error(`   failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  console.log('');
}
process.exitCode = failures > 0 ? 1 : 0;
