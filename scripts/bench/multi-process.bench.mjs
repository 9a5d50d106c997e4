// The audited write (PATCH a plan item's note: the item locked, read, changed, read again, its audit row; one
// transaction) served by two server processes on one database, beside the same write served by one process,
// measured in the same run with the same load (autocannon, 50 connections in all, loopback, fixed duration).
// On SQLite the processes share the one write lock (BEGIN IMMEDIATE; a writer waits for the other's commit); on
// PostgreSQL they share rows and the connection limit. Each request writes one of the plan's items in turn, so
// that what is measured is two writers on one database, not two writers on one row. PostgreSQL is measured when
// a server answers at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), in a database created
// for the run and dropped after. Uses the built packages/server/dist (`npm run build`). BENCH_SECONDS sets the
// duration (default 10).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

export const title =
  'An audited write: two server processes on one database beside one process (SQLite, PostgreSQL)';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverDist = pathToFileURL(join(repo, 'packages/server/dist/index.js')).href;
const chengdu = join(repo, 'packages/core/fixtures/chengdu-ecommerce-plan-2013-2015.txt');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// A server on the database named by BENCH_DATA_DIR / BENCH_DATABASE_URL. With BENCH_SETUP=1 it first creates the
// account, token and plan the load uses. Prints `READY {json}` once listening.
const apiProgram = `
  import fs from 'node:fs';
  const server = await import(${JSON.stringify(serverDist)});
  const env = { LUOSHI_DATA_DIR: process.env.BENCH_DATA_DIR, LOG_LEVEL: 'warn', LUOSHI_DEMO: '0', LUOSHI_WEB_DIST: '0' };
  if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const app = await server.buildApp(server.loadConfig(env));
  const out = {};
  if (process.env.BENCH_SETUP === '1') {
    const admin = await server.createUser(app.db, server.SYSTEM_ACTOR, { username: 'bench', role: 'admin', password: 'bench-password' });
    out.token = (await server.createApiToken(app.db, server.SYSTEM_ACTOR, admin.id, 'bench')).token;
    const auth = { authorization: 'Bearer ' + out.token };
    const text = fs.readFileSync(${JSON.stringify(chengdu)}, 'utf8');
    const imp = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: auth, payload: { text, fileName: 'chengdu.txt' } });
    const conf = await app.inject({ method: 'POST', url: '/api/v1/imports/' + imp.json().id + '/confirm', headers: auth, payload: {} });
    if (conf.statusCode !== 200) throw new Error('confirm failed: ' + conf.statusCode + ' ' + conf.body);
    const planId = conf.json().planId;
    const plan = (await app.inject({ method: 'GET', url: '/api/v1/plans/' + planId, headers: auth })).json();
    const flat = (ns) => ns.flatMap((n) => [n, ...flat(n.children)]);
    out.paths = flat(plan.nodes).map((n) => '/api/v1/plans/' + planId + '/nodes/' + n.id);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  out.port = app.server.address().port;
  console.log('READY ' + JSON.stringify(out));
`;

/** Starts a server child; resolves with its READY payload and a stop function. */
function startServer(env) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', apiProgram], {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /READY (.*)\n/.exec(buf);
      if (m)
        resolveStart({
          info: JSON.parse(m[1]),
          stop: () =>
            new Promise((r) => {
              child.once('exit', r);
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited early with code ${code}`)));
  });
}

/** @typedef {{ requests: { average: number }, latency: { p99: number }, errors: number, non2xx: number }} LoadResult */

/**
 * The write load against one server: `connections` connections, each request the next item's note.
 * @param {number} port @param {{ token: string, paths: string[] }} info
 * @param {number} connections @param {number} duration
 * @returns {Promise<LoadResult>}
 */
async function writeLoad(port, info, connections, duration) {
  let n = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    method: 'PATCH',
    headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
    requests: [
      {
        /** @param {Record<string, unknown>} req */
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            path: info.paths[i % info.paths.length],
            body: JSON.stringify({ note: `bench ${i}` }),
          };
        },
      },
    ],
  });
  return {
    requests: { average: Number(r.requests.average) },
    latency: { p99: Number(r.latency.p99) },
    errors: Number(r.errors),
    non2xx: Number(r.non2xx),
  };
}

/** @param {LoadResult[]} results */
function check(results) {
  for (const r of results)
    if (r.errors > 0 || r.non2xx > 0) throw new Error(`${r.errors} errors, ${r.non2xx} non-2xx answers`);
}

/** One process, then two, on one database; the figures of one engine. */
async function measureEngine(engine, env, log) {
  const first = await startServer({ ...env, BENCH_SETUP: '1' });
  let second;
  try {
    const { info } = first;
    await writeLoad(info.port, info, CONNECTIONS, 2);
    const one = await writeLoad(info.port, info, CONNECTIONS, SECONDS);
    check([one]);
    log(`${engine}, one process: ${one.requests.average.toFixed(0)} req/s, p99 ${one.latency.p99} ms`);
    second = await startServer(env);
    const half = CONNECTIONS / 2;
    await Promise.all([writeLoad(info.port, info, half, 2), writeLoad(second.info.port, info, half, 2)]);
    const two = await Promise.all([
      writeLoad(info.port, info, half, SECONDS),
      writeLoad(second.info.port, info, half, SECONDS),
    ]);
    check(two);
    const rps = two[0].requests.average + two[1].requests.average;
    const p99 = Math.max(two[0].latency.p99, two[1].latency.p99);
    log(
      `${engine}, two processes: ${rps.toFixed(0)} req/s (${two.map((t) => t.requests.average.toFixed(0)).join(' + ')}), p99 ${p99} ms`,
    );
    return [
      {
        name: `${engine}: audited write, two server processes on one database`,
        unit: 'req/s',
        value: rps,
        baseline: { name: 'one process', value: one.requests.average },
        note: `p99 ${p99} ms (one process: ${one.latency.p99} ms); 0 errors, 0 non-2xx in both`,
      },
    ];
  } finally {
    await second?.stop();
    await first.stop();
  }
}

export default async function bench({ log }) {
  const figures = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'luoshi-bench-multi-'));
  try {
    figures.push(...(await measureEngine('SQLite', { BENCH_DATA_DIR: dataDir }, log)));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (err) {
    log(
      `PostgreSQL not measured: no server at ${PG_URL} (${err instanceof Error ? err.message : String(err)})`,
    );
    return figures;
  }
  const name = `luoshi_bench_${process.pid}`;
  const pgDir = mkdtempSync(join(tmpdir(), 'luoshi-bench-multi-'));
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    figures.push(
      ...(await measureEngine(
        'PostgreSQL',
        { BENCH_DATA_DIR: pgDir, BENCH_DATABASE_URL: url.toString() },
        log,
      )),
    );
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(pgDir, { recursive: true, force: true });
  }
  return figures;
}
