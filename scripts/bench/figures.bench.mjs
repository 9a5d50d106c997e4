// Figures (issue 8), each figure beside a baseline measured in the same run. Uses the built packages (`npm run
// build` first) and PostgreSQL at LUOSHI_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; set
// BENCH_SKIP_PG=1 to skip it).
//   (a) importing 1,000,000 figures from CSV through the real path (`luoshi figures import`, a child process:
//       streaming read, row checks in the core, multi-row INSERT / COPY, one transaction, one audit row), beside
//       the same rows inserted bare in one transaction into a database of the same schema: a better-sqlite3
//       prepared-statement loop on SQLite, a COPY (pg-copy-streams) on PostgreSQL. Goal ≥ 0.5.
//   (b) the demo plan's dashboard (GET /api/v1/plans/:id/dashboard, computed live) with 10 thousand, 1 million and
//       10 million figures stored (filler on other indicators and areas, written with bare SQL), beside the
//       dashboard at 10 thousand. Goal ≤ 2.
//   (c) the CLI import's peak memory (the child's max RSS) at 10× and 100× the smallest file (10,000 rows),
//       beside the smallest. Goal: flat (≤ 1.5).
// BENCH_FIGURES_ROWS (default 1000000) and BENCH_DASHBOARD_SIZES (default 10000,1000000,10000000) scale it down.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const title =
  'figures: CSV import vs bare insert / COPY; dashboard at 10k–10M figures; CLI import memory';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => pathToFileURL(join(repo, p)).href;
const ROWS = Number(process.env.BENCH_FIGURES_ROWS ?? 1_000_000);
const SIZES = (process.env.BENCH_DASHBOARD_SIZES ?? '10000,1000000,10000000').split(',').map(Number);
const PG_ADMIN = process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SKIP_PG = process.env.BENCH_SKIP_PG === '1';
const BENCH_INDICATORS = 100;
const AREAS = [
  '锦江区',
  '青羊区',
  '金牛区',
  '武侯区',
  '成华区',
  '龙泉驿区',
  '青白江区',
  '新都区',
  '温江区',
  '双流区',
];
const AREAS_2 = [
  '郫都区',
  '新津区',
  '金堂县',
  '大邑县',
  '蒲江县',
  '都江堰市',
  '彭州市',
  '邛崃市',
  '崇州市',
  '高新区',
];
const ALL_AREAS = [...AREAS, ...AREAS_2];
const QUALIFIERS = ['exact', 'exact', 'more_than', 'preliminary'];
const CORE_QUALIFIER = { exact: 'exact', more_than: 'lower_bound', preliminary: 'preliminary' };

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
/** @param {number[]} xs @returns {number} */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let core, server;
async function load() {
  core ??= await import(dist('packages/core/dist/index.js'));
  server ??= await import(dist('packages/server/dist/index.js'));
}

/** Periods 1950–2049: the year and its four quarters; 500 in all, so 100 indicators × 20 areas × 500 = 1M keys. */
const PERIODS = [];
for (let y = 1950; y < 2050; y++) PERIODS.push(String(y), `${y}-Q1`, `${y}-Q2`, `${y}-Q3`, `${y}-Q4`);

/** Row i of the generated file: distinct indicator, area and period for every i below 1,000,000. */
function row(i) {
  const indicator = `基准指标${String(i % BENCH_INDICATORS).padStart(3, '0')}`;
  const area = ALL_AREAS[Math.floor(i / BENCH_INDICATORS) % ALL_AREAS.length];
  const period = PERIODS[Math.floor(i / (BENCH_INDICATORS * ALL_AREAS.length)) % PERIODS.length];
  const value = 1000 + ((i * 7919) % 900000);
  const qualifier = QUALIFIERS[i % 4];
  return {
    indicator,
    area,
    period,
    value,
    qualifier,
    url: `http://stats.example.cn/${i}`,
    quote: `全市${indicator}达到${value}元，同比增长${i % 30}%`,
  };
}

async function writeCsv(file, n) {
  const out = createWriteStream(file);
  let buf = 'indicator,area,period,value,unit,qualifier,source_url,quote\n';
  for (let i = 0; i < n; i++) {
    const r = row(i);
    buf += `${r.indicator},${r.area},${r.period},${r.value},元,${r.qualifier},${r.url},"${r.quote}"\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** A migrated database with the demo (plan, indicators, published figures) and the bench's 100 indicators. */
async function prepare(config) {
  const handle = server.openDatabase(config);
  await server.migrateToLatest(handle.db);
  await server.seedDemo(handle.db);
  const now = new Date().toISOString();
  const values = [];
  for (let k = 0; k < BENCH_INDICATORS; k++) {
    const name = `基准指标${String(k).padStart(3, '0')}`;
    values.push({
      code: null,
      name,
      name_key: name,
      unit: '元',
      direction: 'higher',
      kind: 'flow',
      frequency: 'year',
      created_at: now,
      updated_at: now,
    });
  }
  await handle.db.insertInto('indicators').values(values).execute();
  /** @type {{ id: number, name: string }[]} */
  const idRows = await handle.db.selectFrom('indicators').select(['id', 'name']).execute();
  /** @type {Map<string, number>} */
  const ids = new Map();
  for (const r of idRows) ids.set(r.name, r.id);
  return { handle, ids };
}

/** Runs `luoshi …` in a child process; its wall time and peak memory (max RSS, bytes). */
async function cli(args, env) {
  const rssFile = join(tmpdir(), `luoshi-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const wrapper = `const { main } = await import(${JSON.stringify(dist('packages/cli/dist/index.js'))});
    const code = await main(process.argv.slice(1));
    (await import('node:fs')).writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS));
    process.exitCode = code;`;
  const t0 = process.hrtime.bigint();
  // Node started with the flags the `luoshi` command starts it with (its shebang line), so the figures are the
  // command's own.
  const shebang = readFileSync(join(repo, 'packages/cli/bin/luoshi.js'), 'utf8').split('\n')[0];
  const nodeFlags = shebang.split(/\s+/).filter((w) => w.startsWith('--'));
  const child = spawn(process.execPath, [...nodeFlags, '--input-type=module', '-e', wrapper, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const [code] = await once(child, 'exit');
  const time = seconds(t0);
  if (code !== 0) throw new Error(`luoshi ${args.join(' ')} exited ${code}: ${out.slice(0, 2000)}`);
  const rss = Number(readFileSync(rssFile, 'utf8')) * 1024;
  rmSync(rssFile, { force: true });
  // The import's own time as the command reports it (from opening the file to the commit), without Node's
  // start-up and module loading, which on a busy machine take seconds.
  const reported = /in ([\d.]+) s;/.exec(out);
  return { time, importTime: reported ? Number(reported[1]) : time, rss, out };
}

/** The generated rows as the table stores them (what the bare baselines insert), built outside their timing. */
function storedRows(n, ids, areas) {
  /** @type {unknown[][]} */
  const rows = new Array(n);
  const at = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const r = row(i);
    rows[i] = [
      ids.get(r.indicator),
      areas.get(r.area),
      r.period,
      r.value,
      CORE_QUALIFIER[r.qualifier],
      r.url,
      null,
      r.quote,
      null,
      'bench',
      at,
      null,
    ];
  }
  return rows;
}

function areaKeys() {
  const index = core.createAreaIndex(
    JSON.parse(readFileSync(join(repo, 'packages/core/data/areas-chengdu.json'), 'utf8')),
  );
  return new Map(ALL_AREAS.map((a) => [a, core.resolveArea(index, a, '2000-12-31').area.key]));
}

const COLUMNS =
  'indicator_id, area_code, period, value, qualifier, source_url, source_document, quote, entered_by, entered_by_label, entered_at, import_id';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 2);

/** Each side run REPEAT times, alternating, each on a fresh database; the best time of each is kept. */
async function benchSqliteImport(csv, log) {
  /** @param {string} dir @returns {unknown} */
  const config = (dir) =>
    server.loadConfig({ LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'silent', LUOSHI_WEB_DIST: '0' });
  const { default: Sqlite } = await import(dist('node_modules/better-sqlite3/lib/index.js'));
  let bare = Infinity;
  let imported = Infinity;
  let rss = 0;
  for (let round = 0; round < REPEAT; round++) {
    const dirBare = mkdtempSync(join(tmpdir(), 'luoshi-bench-bare-'));
    try {
      const b = await prepare(config(dirBare));
      let rows = storedRows(ROWS, b.ids, areaKeys());
      await b.handle.close();
      // Bare: better-sqlite3, the app's pragmas, one prepared INSERT per row, one transaction, same schema.
      const db = new Sqlite(join(dirBare, 'luoshi.db'));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      const stmt = db.prepare(`insert into figures (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const t0 = process.hrtime.bigint();
      db.transaction(() => {
        for (const r of rows) stmt.run(r);
      })();
      const t = seconds(t0);
      db.close();
      rows = null;
      bare = Math.min(bare, t);
      log(`SQLite: bare insert loop ${t.toFixed(1)} s`);
    } finally {
      rmSync(dirBare, { recursive: true, force: true });
    }
    const dirImport = mkdtempSync(join(tmpdir(), 'luoshi-bench-imp-'));
    try {
      const a = await prepare(config(dirImport));
      await a.handle.close();
      const imp = await cli(['figures', 'import', csv], { LUOSHI_DATA_DIR: dirImport, DATABASE_URL: '' });
      imported = Math.min(imported, imp.importTime);
      rss = Math.max(rss, imp.rss);
      log(
        `SQLite: luoshi figures import ${imp.importTime.toFixed(1)} s (${imp.time.toFixed(1)} s with the process start-up), peak RSS ${(imp.rss / 1e6).toFixed(0)} MB`,
      );
    } finally {
      rmSync(dirImport, { recursive: true, force: true });
    }
  }
  return { bare: ROWS / bare, imported: ROWS / imported, rss };
}

/**
 * Runs `fn` on a fresh PostgreSQL database, dropped afterwards.
 * @template T
 * @param {(url: string, pg: any) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withPgDatabase(fn) {
  const { default: pg } = await import(dist('node_modules/pg/lib/index.js'));
  const name = `luoshi_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString(), pg);
  } finally {
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

async function benchPgImport(csv, log) {
  const copyText = (v) =>
    v === null
      ? '\\N'
      : String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]);
  const bare = await withPgDatabase(async (url, pg) => {
    const b = await prepare(
      server.loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', LUOSHI_WEB_DIST: '0' }),
    );
    const rows = storedRows(ROWS, b.ids, areaKeys());
    await b.handle.close();
    const chunks = [];
    let buf = '';
    for (const r of rows) {
      buf += r.map(copyText).join('\t') + '\n';
      if (buf.length > 1 << 20) {
        chunks.push(buf);
        buf = '';
      }
    }
    chunks.push(buf);
    rows.length = 0;
    const { from: copyFrom } = await import(dist('node_modules/pg-copy-streams/index.js'));
    const { pipeline } = await import('node:stream/promises');
    const { Readable } = await import('node:stream');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const t0 = process.hrtime.bigint();
    await client.query('begin');
    await pipeline(Readable.from(chunks), client.query(copyFrom(`copy figures (${COLUMNS}) from stdin`)));
    await client.query('commit');
    const time = seconds(t0);
    await client.end();
    return time;
  });
  log(`PostgreSQL: bare COPY ${bare.toFixed(1)} s`);
  const imp = await withPgDatabase(async (url) => {
    const a = await prepare(
      server.loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', LUOSHI_WEB_DIST: '0' }),
    );
    await a.handle.close();
    return cli(['figures', 'import', csv], { DATABASE_URL: url });
  });
  log(
    `PostgreSQL: luoshi figures import ${imp.importTime.toFixed(1)} s (${imp.time.toFixed(1)} s with the process start-up)`,
  );
  return { bare: ROWS / bare, imported: ROWS / imp.importTime };
}

/** The demo plan's dashboard, median of 30 requests after 5 to warm up, in ms. */
async function dashboardMs(dir, planId) {
  const config = server.loadConfig({
    LUOSHI_DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    LUOSHI_WEB_DIST: '0',
    LUOSHI_DEMO: '0',
  });
  const app = await server.buildApp(config);
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'leader', password: 'luoshi-demo' },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const url = `/api/v1/plans/${planId}/dashboard?asOf=2017-06-30`;
    let counts = null;
    const times = [];
    for (let i = 0; i < 35; i++) {
      const t0 = process.hrtime.bigint();
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      const t = seconds(t0) * 1000;
      if (res.statusCode !== 200) throw new Error(`dashboard: ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (i >= 5) times.push(t);
      counts = res.json().counts;
    }
    return { ms: median(times), counts };
  } finally {
    await app.close();
  }
}

async function benchDashboard(log) {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-bench-dash-'));
  try {
    const config = server.loadConfig({ LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'silent', LUOSHI_WEB_DIST: '0' });
    const handle = server.openDatabase(config);
    await server.migrateToLatest(handle.db);
    const { planId } = await server.seedDemo(handle.db);
    await handle.close();
    const { default: Sqlite } = await import(dist('node_modules/better-sqlite3/lib/index.js'));
    const db = new Sqlite(join(dir, 'luoshi.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // 1000 filler indicators; filler figures on them and on the demo's indicators in 100 made-up area codes (the
    // demo plan reads 510100 only), 100 years each: every key distinct, 10 million at most.
    const maxId = db.prepare('select max(id) from indicators').pluck().get();
    const now = new Date().toISOString();
    const addIndicator = db.prepare(
      "insert into indicators (name, name_key, unit, direction, kind, frequency, created_at, updated_at) values (?, ?, '元', 'higher', 'flow', 'year', ?, ?)",
    );
    db.transaction(() => {
      for (let k = 0; k < 1000; k++) addIndicator.run(`填充指标${k}`, `填充指标${k}`, now, now);
    })();
    const ids = db.prepare('select id from indicators order by id').pluck().all();
    const span = ids.length; // every indicator, the demo's included
    const first = ids[0];
    if (ids[span - 1] !== first + span - 1) throw new Error('indicator ids are not contiguous');
    const fill = db.prepare(`with recursive c(x) as (select ? union all select x + 1 from c where x < ?)
      insert into figures (indicator_id, area_code, period, value, qualifier, entered_by_label, entered_at)
      select ${first} + (x % ${span}), printf('F%03d', (x / ${span}) % 100), cast(1000 + x / (${span} * 100) as text),
             x % 1000, 'exact', 'bench', '${now}' from c`);
    let stored = db.prepare('select count(*) from figures').pluck().get();
    let filler = 0;
    const out = [];
    for (const size of SIZES) {
      if (size > stored) {
        const t0 = process.hrtime.bigint();
        db.transaction(() => {
          fill.run(filler, filler + (size - stored) - 1);
        })();
        filler += size - stored;
        stored = size;
        log(`dashboard: filled to ${size.toLocaleString('en')} figures in ${seconds(t0).toFixed(0)} s`);
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      const r = await dashboardMs(dir, planId);
      log(
        `dashboard at ${stored.toLocaleString('en')} figures: ${r.ms.toFixed(2)} ms (median of 30), counts ${JSON.stringify(r.counts)}`,
      );
      out.push({ size: stored, ms: r.ms, counts: JSON.stringify(r.counts) });
    }
    db.close();
    if (new Set(out.map((o) => o.counts)).size !== 1)
      throw new Error('the dashboard changed with the filler');
    return { out, maxId };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak memory of the CLI import at 1×, 10× (and 100×: the 1M import above when it has 100× the rows). */
async function benchMemory(log, rss100) {
  const base = Math.max(1, Math.floor(ROWS / 100));
  const out = {};
  for (const [label, n] of [
    ['1×', base],
    ['10×', base * 10],
  ]) {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-bench-mem-'));
    try {
      const a = await prepare(
        server.loadConfig({ LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'silent', LUOSHI_WEB_DIST: '0' }),
      );
      await a.handle.close();
      const csv = join(dir, 'figures.csv');
      await writeCsv(csv, n);
      const r = await cli(['figures', 'import', csv], { LUOSHI_DATA_DIR: dir, DATABASE_URL: '' });
      out[label] = r.rss;
      log(`memory: ${n.toLocaleString('en')} rows → peak RSS ${(r.rss / 1e6).toFixed(0)} MB`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  out['100×'] = rss100;
  log(`memory: ${ROWS.toLocaleString('en')} rows → peak RSS ${(rss100 / 1e6).toFixed(0)} MB`);
  return out;
}

export default async function bench({ log }) {
  await load();
  const work = mkdtempSync(join(tmpdir(), 'luoshi-bench-figures-'));
  const figures = [];
  try {
    const csv = join(work, 'figures.csv');
    await writeCsv(csv, ROWS);
    log(`input: ${ROWS.toLocaleString('en')} rows, ${(readFileSync(csv).length / 1e6).toFixed(0)} MB of CSV`);

    const s = await benchSqliteImport(csv, log);
    figures.push({
      name: `import ${ROWS.toLocaleString('en')} figures, SQLite (luoshi figures import)`,
      unit: 'rows/s',
      value: s.imported,
      baseline: { name: 'bare better-sqlite3 insert loop, one transaction, same schema', value: s.bare },
      goal: { min: 0.5 },
    });
    if (!SKIP_PG) {
      const p = await benchPgImport(csv, log);
      figures.push({
        name: `import ${ROWS.toLocaleString('en')} figures, PostgreSQL (luoshi figures import)`,
        unit: 'rows/s',
        value: p.imported,
        baseline: { name: 'bare COPY (pg-copy-streams), same schema', value: p.bare },
        goal: { min: 0.5 },
      });
    }

    const mem = await benchMemory(log, s.rss);
    for (const label of ['10×', '100×'])
      figures.push({
        name: `CLI import peak RSS, file ${label}`,
        unit: 'MB',
        value: mem[label] / 1e6,
        baseline: { name: 'file 1×', value: mem['1×'] / 1e6 },
        goal: { max: 1.5 },
      });

    const d = await benchDashboard(log);
    const small = d.out[0];
    for (const o of d.out.slice(1))
      figures.push({
        name: `dashboard, ${o.size.toLocaleString('en')} figures stored`,
        unit: 'ms',
        value: o.ms,
        baseline: { name: `${small.size.toLocaleString('en')} figures stored`, value: small.ms },
        goal: { max: 2 },
      });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return figures;
}
