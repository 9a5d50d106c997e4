// The core's share of a figures import: 1,000,000 rows of the published-figures CSV format split
// (CsvRecordParser) and read into figure candidates (createFigureRowReader), beside a bare better-sqlite3 insert
// loop of the same rows in one transaction. The whole import (split + read + insert) must reach half the bare
// insert's speed (issue 8), so the core's part must take at most as long as the insert: goal ratio ≥ 1.
// Uses the built packages/core/dist (run `npm run build` first).
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const title = 'figure rows: CSV split + row reading in the core, beside a bare SQLite insert loop';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROWS = 1_000_000;

/** @param {() => void} fn @returns {number} seconds */
function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** @param {{ log: (s: string) => void }} ctx */
export default async function bench({ log }) {
  const dist = join(repo, 'packages/core/dist/index.js');
  if (!existsSync(dist)) throw new Error('packages/core/dist is missing: run `npm run build` first');
  const core = await import(pathToFileURL(dist).href);
  const areas = core.createAreaIndex(
    JSON.parse(readFileSync(join(repo, 'packages/core/data/areas-chengdu.json'), 'utf8')),
  );
  /** @type {{ indicators: { name: string, unit: string }[] }} */
  const seed = JSON.parse(
    readFileSync(join(repo, 'packages/core/data/indicators-chengdu-ecommerce.json'), 'utf8'),
  );
  const indicators = seed.indicators.map((x, i) => ({ ...x, id: i + 1 }));

  // A million distinct rows: every indicator × area × month or quarter, values and sources as the real file has.
  /** @type {[string, string][]} */
  const names = indicators.map((x) => [x.name, x.unit]);
  const areaNames = [
    '成都市',
    '锦江区',
    '青羊区',
    '金牛区',
    '武侯区',
    '成华区',
    '双流区',
    '郫都区',
    '510185',
    '高新区',
  ];
  /** @type {string[]} */
  const periods = [];
  for (let y = 2000; y <= 2024; y++) {
    periods.push(String(y), `${y}-S1`, `${y}-S2`, `${y}-Q1`, `${y}-Q2`, `${y}-Q3`, `${y}-Q4`);
    for (let m = 1; m <= 12; m++) periods.push(`${y}-${String(m).padStart(2, '0')}`);
    for (let m = 2; m <= 11; m++)
      if (m !== 3 && m !== 6) periods.push(`${y}-01/${y}-${String(m).padStart(2, '0')}`);
  }
  const qualifiers = ['exact', 'exact', 'more_than', 'preliminary'];
  const lines = ['indicator,area,period,value,unit,qualifier,source_url,quote'];
  /** @type {string[][]} */
  const rows = [];
  for (let i = 0; lines.length <= ROWS; i++) {
    const [name, unit] = names[i % names.length];
    const area = areaNames[Math.floor(i / names.length) % areaNames.length];
    const period = periods[Math.floor(i / (names.length * areaNames.length)) % periods.length];
    const value = String(1000 + ((i * 7919) % 900000));
    /** @type {string[]} */
    const cells = [
      name,
      area,
      period,
      value,
      unit,
      qualifiers[i % 4],
      `http://stats.example.cn/${i}`,
      `"全市${name}达到${value}${unit},同比增长${i % 30}%"`,
    ];
    lines.push(cells.join(','));
    rows.push(cells.map((c) => (c.startsWith('"') ? c.slice(1, -1) : c)));
  }
  const text = lines.join('\n') + '\n';
  log(`input: ${ROWS} rows, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB of CSV`);

  const read = () => {
    const made = core.createFigureRowReader(lines[0].split(','), { indicators, areas });
    if (!made.ok) throw new Error(made.problems[0].message.en);
    let ok = 0;
    let bad = 0;
    const parser = new core.CsvRecordParser((cells, line) => {
      if (line === 1) return;
      const r = made.reader.read(cells, line);
      if (r === null) return;
      if (r.ok) ok++;
      else bad++;
    });
    // In 1 MB chunks, as a file stream delivers them.
    for (let at = 0; at < text.length; at += 1 << 20) parser.push(text.slice(at, at + (1 << 20)));
    parser.end();
    if (ok !== ROWS || bad !== 0) throw new Error(`read ${ok} good and ${bad} bad rows`);
  };

  const insert = () => {
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE figure (id INTEGER PRIMARY KEY, indicator TEXT, area TEXT, period TEXT, value REAL, unit TEXT, qualifier TEXT, source_url TEXT, quote TEXT)',
    );
    const stmt = db.prepare(
      'INSERT INTO figure (indicator, area, period, value, unit, qualifier, source_url, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const r of rows) stmt.run(r[0], r[1], r[2], Number(r[3]), r[4], r[5], r[6], r[7]);
    })();
    db.close();
  };

  const split = () => {
    let n = 0;
    for (const line of text.split('\n')) n += line.split(',').length;
    if (n === 0) throw new Error('nothing split');
  };

  // Warm up once each, then alternate and keep the median of three.
  read();
  insert();
  const times = { read: [], insert: [], split: [] };
  for (let i = 0; i < 3; i++) {
    times.read.push(time(read));
    times.insert.push(time(insert));
    times.split.push(time(split));
  }
  const median = (/** @type {number[]} */ t) => t.sort((a, b) => a - b)[1];
  const rate = (/** @type {number[]} */ t) => ROWS / median(t);
  log(
    `core ${median(times.read).toFixed(2)} s, bare insert ${median(times.insert).toFixed(2)} s, naive split ${median(times.split).toFixed(2)} s`,
  );
  return [
    {
      name: 'CSV split + figure rows read (core)',
      unit: 'rows/s',
      value: rate(times.read),
      baseline: { name: 'bare better-sqlite3 insert loop, one transaction', value: rate(times.insert) },
      goal: { min: 1 },
      note: 'the whole import must reach 0.5× the bare insert, so the core may take at most the insert’s time',
    },
    {
      name: 'CSV split + figure rows read (core)',
      unit: 'rows/s',
      value: rate(times.read),
      baseline: {
        name: "text.split('\\n') then split(',') (no quotes, no checks)",
        value: rate(times.split),
      },
      note: 'shown for scale: the floor of any pass over the text',
    },
  ];
}
