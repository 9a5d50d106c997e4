// API throughput on SQLite, each figure beside Fastify's bare hello-world route measured in the same run with the
// same load generator (autocannon, 50 connections, fixed duration). Each server runs in its own child process so
// that the load generator does not share its event loop. Uses the built packages/server/dist (`npm run build`).
//   - read:  GET /api/v1/plans/:id, the whole plan (item tree, targets; the source text has its own route) — goal
//            ≥ 40% of hello-world.
//   - write: an audited write (PATCH a plan node's note; a change and its audit row in one transaction) — goal
//            ≥ 20% of hello-world.
// Until the plans routes exist, the read falls back to GET /api/v1/auth/me and the write to PATCH /api/v1/users/:id
// (TODO: drop the fallbacks once plans are always there). BENCH_SECONDS sets the duration (default 10).
// Also printed, without a goal: bare Fastify sending the plan response's exact bytes (a whole plan carries its
// item tree, tens of KB), which shows how much of the gap to hello-world is the payload's size alone; and the
// same audited write done by bare Fastify on raw better-sqlite3 (no validation, auth or query builder), which
// shows what SQLite's commit alone allows. The API runs with LOG_LEVEL=warn (no per-request log lines).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

export const title =
  'API throughput on SQLite (read a whole plan; an audited write) beside Fastify hello-world';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverDist = pathToFileURL(join(repo, 'packages/server/dist/index.js')).href;
const fastifyUrl = pathToFileURL(join(repo, 'node_modules/fastify/fastify.js')).href;
const sqliteUrl = pathToFileURL(join(repo, 'node_modules/better-sqlite3/lib/index.js')).href;
const chengdu = join(repo, 'packages/core/fixtures/chengdu-ecommerce-plan-2013-2015.txt');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

// The child programs. Each prints one line `READY {json}` once listening.
const helloProgram = `
  const { default: Fastify } = await import(${JSON.stringify(fastifyUrl)});
  const fs = await import('node:fs');
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  // The plan's response bytes, sent by bare Fastify: what the network alone allows for a payload that size.
  const bytes = process.env.BENCH_PLAN_BYTES ? fs.readFileSync(process.env.BENCH_PLAN_BYTES) : null;
  if (bytes) app.get('/same-bytes', (_req, reply) => reply.type('application/json; charset=utf-8').send(bytes));
  // The same audited write with nothing between Fastify and better-sqlite3 (no validation, no auth, no query
  // builder): read before, update, read after, audit row, one transaction; the floor SQLite sets on this machine.
  const { default: Sqlite } = await import(${JSON.stringify(sqliteUrl)});
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-bare-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const db = new Sqlite(path.join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec("create table users (id integer primary key, display_name text not null); insert into users values (1, 'x');" +
    'create table audit_log (id integer primary key autoincrement, at text, actor text, before_json text, after_json text)');
  const sel = db.prepare('select * from users where id = ?');
  const upd = db.prepare('update users set display_name = ? where id = ?');
  const ins = db.prepare('insert into audit_log (at, actor, before_json, after_json) values (?, ?, ?, ?)');
  const write = db.transaction((id, name) => {
    const before = sel.get(id);
    upd.run(name, id);
    const after = sel.get(id);
    ins.run(new Date().toISOString(), 'bench', JSON.stringify(before), JSON.stringify(after));
    return after;
  });
  app.patch('/bare-write/:id', async (req) => write(Number(req.params.id), req.body.displayName));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log('READY ' + JSON.stringify({ port: app.server.address().port }));
`;

const apiProgram = `
  import fs from 'node:fs';
  import os from 'node:os';
  import path from 'node:path';
  const server = await import(${JSON.stringify(serverDist)});
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-'));
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  // Production-like: request logs off (LOG_LEVEL=warn), demo off; everything else as configured by default.
  const config = server.loadConfig({ LUOSHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LUOSHI_DEMO: '0', LUOSHI_WEB_DIST: '0' });
  const app = await server.buildApp(config);
  const admin = await server.createUser(app.db, server.SYSTEM_ACTOR, { username: 'bench', role: 'admin', password: 'bench-password' });
  const { token } = await server.createApiToken(app.db, server.SYSTEM_ACTOR, admin.id, 'bench');
  const auth = { authorization: 'Bearer ' + token };
  const has = (m, u) => app.registeredRoutes.some((r) => r.method === m && r.url === u);
  const out = { auth };
  // An audited write of the foundation itself (a user's display name: read before, update, read after, audit
  // row, one transaction), to tell the platform's cost from a feature's.
  const target = await server.createUser(app.db, server.SYSTEM_ACTOR, { username: 'target', role: 'leader', password: 'bench-password' });
  out.userWrite = { name: 'PATCH /api/v1/users/:id (display name, audited)', path: '/api/v1/users/' + target.id, method: 'PATCH' };
  out.userWriteBody = { displayName: '基准测试' };
  if (has('GET', '/api/v1/plans/:id') && has('POST', '/api/v1/imports')) {
    const text = fs.readFileSync(${JSON.stringify(chengdu)}, 'utf8');
    const imp = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: auth, payload: { text, fileName: 'chengdu.txt' } });
    if (imp.statusCode !== 201) throw new Error('import failed: ' + imp.statusCode + ' ' + imp.body);
    const conf = await app.inject({ method: 'POST', url: '/api/v1/imports/' + imp.json().id + '/confirm', headers: auth, payload: {} });
    if (conf.statusCode !== 200) throw new Error('confirm failed: ' + conf.statusCode + ' ' + conf.body);
    const planId = conf.json().planId;
    const planRes = await app.inject({ method: 'GET', url: '/api/v1/plans/' + planId, headers: auth });
    const plan = planRes.json();
    out.planBytesFile = path.join(os.tmpdir(), 'luoshi-bench-plan-' + process.pid + '.json');
    fs.writeFileSync(out.planBytesFile, planRes.rawPayload);
    out.planBytes = planRes.rawPayload.length;
    const firstTask = (function find(nodes) { for (const n of nodes) { if (n.kind === 'task') return n; const c = find(n.children); if (c) return c; } return null; })(plan.nodes);
    out.read = { name: 'GET /api/v1/plans/:id (whole plan)', path: '/api/v1/plans/' + planId };
    out.write = { name: 'PATCH /api/v1/plans/:id/nodes/:nodeId (note, audited)', path: '/api/v1/plans/' + planId + '/nodes/' + firstTask.id, method: 'PATCH' };
    out.writeBody = { note: '已按计划推进' };
    out.fallback = false;
  } else {
    out.read = { name: 'GET /api/v1/auth/me (TODO: plans route missing)', path: '/api/v1/auth/me' };
    out.write = out.userWrite;
    out.writeBody = out.userWriteBody;
    out.fallback = true;
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  out.port = app.server.address().port;
  console.log('READY ' + JSON.stringify(out));
`;

/** Starts a child program; resolves with its READY payload and a stop function. */
function startChild(program, env = {}) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /READY (.*)\n/.exec(buf);
      if (m) {
        const info = JSON.parse(m[1]);
        resolveStart({
          info,
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

/** One autocannon run; returns requests/s (mean) and p99 latency in ms, checking every answer was 2xx. */
async function load(opts) {
  const r = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
  if (r.errors > 0 || r.non2xx > 0)
    throw new Error(`${opts.url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

/** A short run first, so that each measurement sees a warmed-up JIT and database cache. */
async function measure(opts) {
  await autocannon({ connections: CONNECTIONS, duration: 2, ...opts });
  return load(opts);
}

export default async function bench({ log }) {
  const api = await startChild(apiProgram);
  let read;
  let readUncached;
  let write;
  let userWrite;
  const { info } = api;
  try {
    const headers = { ...info.auth };
    read = await measure({ url: `http://127.0.0.1:${info.port}${info.read.path}`, headers });
    log(`${info.read.name}: ${read.rps.toFixed(0)} req/s, p99 ${read.p99} ms`);
    // The same read with every request a cache miss (a query string the route ignores makes each URL new): what
    // the first reader after each write gets. PostgreSQL, which never caches, serves every read this way.
    let n = 0;
    readUncached = await measure({
      url: `http://127.0.0.1:${info.port}${info.read.path}`,
      headers,
      requests: [
        {
          /** @param {Record<string, unknown>} req */
          setupRequest: (req) => ({ ...req, path: `${info.read.path}?miss=${n++}` }),
        },
      ],
    });
    log(`${info.read.name}, uncached: ${readUncached.rps.toFixed(0)} req/s, p99 ${readUncached.p99} ms`);
    write = await measure({
      url: `http://127.0.0.1:${info.port}${info.write.path}`,
      method: info.write.method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(info.writeBody),
    });
    log(`${info.write.name}: ${write.rps.toFixed(0)} req/s, p99 ${write.p99} ms`);
    if (!info.fallback) {
      userWrite = await measure({
        url: `http://127.0.0.1:${info.port}${info.userWrite.path}`,
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(info.userWriteBody),
      });
      log(`${info.userWrite.name}: ${userWrite.rps.toFixed(0)} req/s, p99 ${userWrite.p99} ms`);
    }
  } finally {
    await api.stop();
  }
  if (info.fallback)
    log('TODO: the plans routes are not registered yet; measured the fallback routes instead.');

  const hello = await startChild(
    helloProgram,
    info.planBytesFile ? { BENCH_PLAN_BYTES: info.planBytesFile } : {},
  );
  let base;
  let sameBytes;
  let bareWrite;
  try {
    base = await measure({ url: `http://127.0.0.1:${hello.info.port}/` });
    if (info.planBytesFile)
      sameBytes = await measure({ url: `http://127.0.0.1:${hello.info.port}/same-bytes` });
    bareWrite = await measure({
      url: `http://127.0.0.1:${hello.info.port}/bare-write/1`,
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: '基准测试' }),
    });
  } finally {
    await hello.stop();
    if (info.planBytesFile) rmSync(info.planBytesFile, { force: true });
  }
  log(
    `hello-world: ${base.rps.toFixed(0)} req/s, p99 ${base.p99} ms (${CONNECTIONS} connections, ${SECONDS} s)`,
  );
  if (sameBytes) {
    log(
      `bare Fastify sending the plan's ${info.planBytes} bytes: ${sameBytes.rps.toFixed(0)} req/s, p99 ${sameBytes.p99} ms`,
    );
  }

  log(
    `bare Fastify + better-sqlite3 audited write: ${bareWrite.rps.toFixed(0)} req/s, p99 ${bareWrite.p99} ms`,
  );

  const baseline = { name: 'hello-world', value: base.rps };
  const figures = [
    {
      name: `read: ${info.read.name}`,
      unit: 'req/s',
      value: read.rps,
      baseline,
      goal: { min: 0.4 },
      note: `p99 ${read.p99} ms (hello-world ${base.p99} ms)`,
    },
    {
      name: `read, every request a cache miss: ${info.read.name}`,
      unit: 'req/s',
      value: readUncached.rps,
      baseline,
      goal: { min: 0.4 },
      note: `p99 ${readUncached.p99} ms; the first read after a write, and every read on PostgreSQL`,
    },
    {
      name: `write: ${info.write.name}`,
      unit: 'req/s',
      value: write.rps,
      baseline,
      goal: { min: 0.2 },
      note: `p99 ${write.p99} ms`,
    },
  ];
  if (sameBytes) {
    figures.push({
      name: `bare Fastify sending the same ${info.planBytes} bytes (the ceiling for that payload)`,
      unit: 'req/s',
      value: sameBytes.rps,
      baseline,
    });
  }
  figures.push({
    name: 'bare Fastify + better-sqlite3, the same audited write (the floor SQLite sets)',
    unit: 'req/s',
    value: bareWrite.rps,
    baseline,
  });
  if (userWrite) {
    figures.push({
      name: `write: ${info.userWrite.name}`,
      unit: 'req/s',
      value: userWrite.rps,
      baseline,
      goal: { min: 0.2 },
      note: `p99 ${userWrite.p99} ms`,
    });
  }
  return figures;
}
