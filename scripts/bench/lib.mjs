// Shared by the read and list benches (not a bench itself: the runner takes only *.bench.mjs). Starts servers in
// child processes (so the load generator does not share their event loop), makes throwaway PostgreSQL databases,
// copies a plan's rows in bulk, and measures targets in turn so that the machine's load falls alike on a figure and
// its baseline.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const url = (p) => JSON.stringify(pathToFileURL(join(repo, p)).href);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const PG_ADMIN_URL = process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const chengdu = join(repo, 'packages/core/fixtures/chengdu-ecommerce-plan-2013-2015.txt');

/** Starts a child program; resolves with its `READY {json}` payload and a stop function. */
export function startChild(program, env = {}) {
  return new Promise((resolveStart, reject) => {
    // BENCH_NODE_ARGS: extra node options for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile
    // them (they exit on SIGTERM, so the profile is written).
    const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...extra, '--input-type=module', '-e', program], {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /READY (.*)\n/.exec(buf);
      if (m) {
        resolveStart({
          info: JSON.parse(m[1]),
          pid: child.pid,
          stop: () =>
            new Promise((r) => {
              child.once('exit', r);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server exited early with code ${code}`)));
  });
}

/** True when the PostgreSQL the tests use answers, and BENCH_ENGINES (default "sqlite,postgres") names it. */
export async function postgresAvailable() {
  if (!(process.env.BENCH_ENGINES ?? 'postgres').includes('postgres')) return false;
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** A new, empty PostgreSQL database; `drop()` removes it. */
export async function tempPostgres() {
  const { default: pg } = await import('pg');
  const name = `luoshi_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = async (q) => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The program of an API server on SQLite (a temp directory) or on the PostgreSQL database DATABASE_URL: it creates
 * an admin with an API token, imports and confirms the Chengdu plan, runs `setup` (a function body given `ctx`:
 * { app, server, sql, dialect, auth, planId, copyPlan }) and prints READY with what setup returned, the port and
 * the authorization header. Request logs off, demo off.
 */
export function apiProgram(setup) {
  return `
  import fs from 'node:fs';
  import os from 'node:os';
  import path from 'node:path';
  const server = await import(${url('packages/server/dist/index.js')});
  const { sql } = await import(${url('node_modules/kysely/dist/esm/index.js')});
  process.on('SIGTERM', () => process.exit(0));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-'));
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = { LUOSHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LUOSHI_DEMO: '0', LUOSHI_WEB_DIST: '0' };
  if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const app = await server.buildApp(server.loadConfig(env));
  const dialect = process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite';
  const admin = await server.createUser(app.db, server.SYSTEM_ACTOR, { username: 'bench', role: 'admin', password: 'bench-password' });
  const { token } = await server.createApiToken(app.db, server.SYSTEM_ACTOR, admin.id, 'bench');
  const auth = { authorization: 'Bearer ' + token };
  const text = fs.readFileSync(${JSON.stringify(chengdu)}, 'utf8');
  const imp = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: auth, payload: { text, fileName: 'chengdu.txt' } });
  if (imp.statusCode !== 201) throw new Error('import failed: ' + imp.statusCode + ' ' + imp.body);
  const conf = await app.inject({ method: 'POST', url: '/api/v1/imports/' + imp.json().id + '/confirm', headers: auth, payload: {} });
  if (conf.statusCode !== 200) throw new Error('confirm failed: ' + conf.statusCode + ' ' + conf.body);
  const planId = conf.json().planId;
  ${copyPlanSource}
  const ctx = { app, server, sql, dialect, auth, planId, copyPlan };
  const out = await (async (ctx) => { ${setup} })(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log('READY ' + JSON.stringify({ ...out, auth, port: app.server.address().port }));
`;
}

// Bulk copies of a plan's rows, in a few INSERT … SELECT statements (an import per copy would take hours for
// 10,000 plans). Copy k of item i gets id i + k·100,000 (the demo plan's ids are small), and likewise its unit
// links and targets. `intoPlan`: null for k new plans (ids from + k, titles and update times told apart), or one
// plan id that receives all k copies of the items (a plan k times the size). Sequences are moved past the ids used.
const copyPlanSource = `
  async function copyPlan(from, k, intoPlan) {
    const db = app.db;
    const series = dialect === 'postgres'
      ? sql\`generate_series(1, \${k}) as c(n)\`
      : sql\`(with recursive s(n) as (select 1 union all select n + 1 from s where n < \${k}) select n from s) as c\`;
    const OFF = 100000;
    const planOf = intoPlan === null ? sql\`p.id + c.n\` : sql\`\${intoPlan}\`;
    if (intoPlan === null) {
      const at = dialect === 'postgres'
        ? sql\`to_char(timestamp '2026-01-01' + c.n * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')\`
        : sql\`strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || c.n || ' minutes')\`;
      await sql\`insert into plans (id, title, issuer, document_number, period_from, period_to, references_json, status,
          published, source_file_name, version, created_by, created_at, updated_at, task_count, target_count, unit_count, source_text)
        select p.id + c.n, p.title || ' ' || c.n, p.issuer, p.document_number, p.period_from, p.period_to, p.references_json,
          p.status, 1, p.source_file_name, p.version, p.created_by, \${at}, \${at}, p.task_count, p.target_count, p.unit_count,
          p.source_text
        from plans p, \${series} where p.id = \${from}\`.execute(db);
    }
    await sql\`insert into plan_nodes (id, plan_id, parent_id, position, path, label, kind, title, body, span_start, span_end, note,
        deadline_json)
      select n.id + c.n * \${OFF}, \${planOf}, n.parent_id + c.n * \${OFF}, n.position, n.path, n.label, n.kind, n.title, n.body,
        n.span_start, n.span_end, n.note, n.deadline_json
      from plan_nodes n join plans p on p.id = n.plan_id, \${series} where n.plan_id = \${from}\`.execute(db);
    await sql\`insert into plan_node_units (id, node_id, unit_id, role, position)
      select l.id + c.n * \${OFF}, l.node_id + c.n * \${OFF}, l.unit_id, l.role, l.position
      from plan_node_units l join plan_nodes n on n.id = l.node_id, \${series} where n.plan_id = \${from}\`.execute(db);
    await sql\`insert into targets (id, plan_id, node_id, position, indicator, comparator, value, unit, deadline_year,
        cumulative, text, span_start, span_end)
      select t.id + c.n * \${OFF}, \${planOf}, t.node_id + c.n * \${OFF}, t.position, t.indicator, t.comparator, t.value,
        t.unit, t.deadline_year, t.cumulative, t.text, t.span_start, t.span_end
      from targets t join plans p on p.id = t.plan_id, \${series} where t.plan_id = \${from}\`.execute(db);
    if (dialect === 'postgres') {
      for (const table of ['plans', 'plan_nodes', 'plan_node_units', 'targets'])
        await sql\`select setval(pg_get_serial_sequence(\${table}, 'id'), (select max(id) from \${sql.table(table)}))\`.execute(db);
      await sql\`analyze\`.execute(db);
    }
  }
`;

/** One autocannon run; returns requests/s (mean) and latency (mean, p99) in ms, checking every answer was 2xx. */
export async function load(opts) {
  const r = await autocannon({ connections: 50, duration: SECONDS, ...opts });
  if (r.errors > 0 || r.non2xx > 0)
    throw new Error(`${opts.url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  // autocannon records latencies in whole milliseconds, so its mean of sub-millisecond requests is mostly zeros;
  // the time per request of one connection is 1000 / (requests per second), exact whatever the resolution.
  const perRequest =
    opts.connections === 1 && r.requests.average > 0 ? 1000 / r.requests.average : r.latency.average;
  return { rps: r.requests.average, mean: perRequest, p99: r.latency.p99 };
}

/** autocannon options for GET `path` with every request a cache miss (a query parameter the routes ignore). */
export function uncached(port, path, headers) {
  let n = 0;
  const sep = path.includes('?') ? '&' : '?';
  return {
    url: `http://127.0.0.1:${port}${path}`,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, path: `${path}${sep}_=${n++}` }) }],
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Measures each target (autocannon options) in turn, `rounds` times, each run SECONDS / rounds long after one
 * warm-up run of each; returns per target the median requests/s and mean latency over the rounds, and the median
 * of the per-round ratios of each target to the first.
 */
export async function interleaved(targets, { rounds = 5, connections = 50 } = {}) {
  const seconds = Math.max(1, Math.round(SECONDS / rounds));
  for (const t of targets) await load({ ...t, connections, duration: 1 });
  const runs = targets.map(() => []);
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < targets.length; i++)
      runs[i].push(await load({ ...targets[i], connections, duration: seconds }));
  return runs.map((rs) => ({
    rps: median(rs.map((x) => x.rps)),
    mean: median(rs.map((x) => x.mean)),
    p99: median(rs.map((x) => x.p99)),
    ratioToFirst: median(rs.map((x, r) => x.rps / runs[0][r].rps)),
  }));
}

/**
 * One reader at a time over one keep-alive connection, with a client that only frames the answer (status line,
 * Content-Length, then counts body bytes): returns the mean milliseconds from writing a request to its last byte,
 * over about `seconds`. For latency, autocannon's own work is too large a part of the figure: its client takes
 * ~6 µs per KB of body on this machine kind (bare Fastify sending 1.4 MB: 9 ms through autocannon, 1 ms through
 * this client), which would make a 0.9 MB answer look 40 times slower than an 18 KB one whatever the server did.
 * `target` is autocannon options as `uncached` gives them (url, headers, requests[0].setupRequest).
 */
export async function oneReader(target, seconds) {
  const u = new URL(target.url);
  const socket = net.connect(Number(u.port), u.hostname);
  socket.setNoDelay(true);
  await new Promise((r, j) => socket.once('connect', r).once('error', j));
  const head = Object.entries(target.headers ?? {})
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const setup = target.requests?.[0]?.setupRequest ?? ((r) => r);
  const get = (path) =>
    new Promise((resolveGet, rejectGet) => {
      let buf = Buffer.alloc(0);
      let need = -1;
      let got = 0;
      const onData = (d) => {
        if (need < 0) {
          buf = Buffer.concat([buf, d]);
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const header = buf.subarray(0, end).toString('latin1');
          const status = Number(header.slice(9, 12));
          const length = /\r\ncontent-length: *(\d+)/i.exec(header);
          if (status !== 200 || !length) {
            socket.off('data', onData);
            rejectGet(new Error(`${path}: status ${status}${length ? '' : ', no Content-Length'}`));
            return;
          }
          need = Number(length[1]);
          got = buf.length - end - 4;
        } else got += d.length;
        if (got >= need) {
          socket.off('data', onData);
          resolveGet();
        }
      };
      socket.on('data', onData);
      socket.write(`GET ${path} HTTP/1.1\r\nhost: ${u.host}\r\n${head}\r\n`);
    });
  const path = () => setup({ path: u.pathname + u.search }).path;
  try {
    for (let i = 0; i < 20; i++) await get(path());
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await get(path());
      n++;
    }
    return (performance.now() - t0) / n;
  } finally {
    socket.destroy();
  }
}

/** `oneReader` over each target in turn, `rounds` times; per target the median of its mean latencies (ms). */
export async function oneReaderInTurn(targets, { rounds = 5 } = {}) {
  const seconds = Math.max(0.5, SECONDS / rounds / targets.length);
  const runs = targets.map(() => []);
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < targets.length; i++) runs[i].push(await oneReader(targets[i], seconds));
  return runs.map((ms) => median(ms));
}

/**
 * CPU seconds (user + system) a process has used, or only its main thread (`mainThread`: for Node, the JavaScript
 * thread, without V8's helper threads), from /proc; null where there is no /proc (not Linux).
 */
export function cpuSeconds(pid, { mainThread = false } = {}) {
  const file = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  if (!existsSync(file)) return null;
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
  const f = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** The process ids of the PostgreSQL backends serving database `name` (the bench server's pool). */
export async function backendPids(name) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    const { rows } = await c.query('select pid from pg_stat_activity where datname = $1', [name]);
    return rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

/**
 * The CPU time per request of the processes `pids` (a server, and the database backends serving it), under the
 * same load as `interleaved` puts on it, in microseconds: `all` their threads, and their `main` threads alone (null
 * where /proc cannot be read). CPU time rather than wall time: what the server spends on a request, whatever the
 * load generator and the machine's other tenants take, so that it can be set beside what the statement alone costs.
 */
export async function cpuPerRequest(target, pids, { connections = 50 } = {}) {
  const seconds = Math.max(1, Math.round(SECONDS / 5));
  await load({ ...target, connections, duration: 1 });
  const list = await pids();
  const used = (mainThread) => list.reduce((t, p) => t + (cpuSeconds(p, { mainThread }) ?? NaN), 0);
  const [a0, m0] = [used(false), used(true)];
  const r = await autocannon({ ...target, connections, duration: seconds });
  const [a1, m1] = [used(false), used(true)];
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${target.url}: ${r.errors} errors, ${r.non2xx} non-2xx`);
  const per = (d) => {
    const us = (1e6 * d) / r.requests.total;
    return Number.isFinite(us) ? us : null;
  };
  return { all: per(a1 - a0), main: per(m1 - m0) };
}
