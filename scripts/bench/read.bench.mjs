// The whole-plan read that misses the response cache (GET /api/v1/plans/:id with a query parameter the route
// ignores, so every request is new: what the first reader after each write gets), on SQLite and on PostgreSQL
// (a throwaway database), each beside bare Fastify sending the same bytes, measured in turn in the same run. The
// plan's document is stored by the writes that change it (packages/server/src/plans/plan-read-model.ts), so such
// a read is one row; what that costs the writes is printed too (a note edit on each plan). Goals:
//   - goal ≥ 0.5× of bare Fastify on SQLite, ≥ 0.25× on PostgreSQL (where a read also asks the database whether
//     anything changed, and the database runs on the same two cores);
//   - a plan 50× the demo's (its items, unit links and targets copied 50 times): mean latency of one reader at a
//     time, beside the demo plan's, goal within 10×. Measured with a client that only frames the answers
//     (lib.mjs, oneReader), since autocannon's own per-byte work would be most of the larger figure; bare Fastify
//     sending the same two answers is printed beside it, for the part of the ratio that is the transfer alone.
// Uses the built packages (`npm run build`). BENCH_SECONDS sets each figure's total measuring time (default 10).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  apiProgram,
  backendPids,
  cpuPerRequest,
  interleaved,
  oneReaderInTurn,
  postgresAvailable,
  repo,
  startChild,
  tempPostgres,
  uncached,
} from './lib.mjs';

export const title = 'Whole-plan reads that miss the cache, on SQLite and PostgreSQL, beside bare Fastify';

const fastifyUrl = JSON.stringify(pathToFileURL(path.join(repo, 'node_modules/fastify/fastify.js')).href);
const bareProgram = `
  const { default: Fastify } = await import(${fastifyUrl});
  const fs = await import('node:fs');
  const app = Fastify({ logger: false });
  const bytes = fs.readFileSync(process.env.BENCH_PLAN_BYTES);
  const big = fs.readFileSync(process.env.BENCH_BIG_PLAN_BYTES);
  app.get('/same-bytes', (_req, reply) => reply.type('application/json; charset=utf-8').send(bytes));
  app.get('/same-big-bytes', (_req, reply) => reply.type('application/json; charset=utf-8').send(big));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log('READY ' + JSON.stringify({ port: app.server.address().port }));
`;

const setup = `
  const { app, sql, auth, planId, copyPlan } = ctx;
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const text = fs.readFileSync(${JSON.stringify(path.join(repo, 'packages/core/fixtures/chengdu-ecommerce-plan-2013-2015.txt'))}, 'utf8');
  const imp = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: auth, payload: { text } });
  const conf = await app.inject({ method: 'POST', url: '/api/v1/imports/' + imp.json().id + '/confirm', headers: auth, payload: {} });
  const bigId = conf.json().planId;
  await copyPlan(planId, 49, bigId);
  await sql\`update plans set
    task_count = (select count(*) from plan_nodes n where n.plan_id = plans.id and exists
      (select 1 from plan_node_units l where l.node_id = n.id and l.role = 'lead')),
    target_count = (select count(*) from targets t where t.plan_id = plans.id)
    where id = \${bigId}\`.execute(app.db);
  // The copy was made with SQL by hand, around the services: store its read model as the next write would.
  const { storeAllPlanDocuments } = await import(${JSON.stringify(pathToFileURL(path.join(repo, 'packages/server/dist/plans/plan-read-model.js')).href)});
  await storeAllPlanDocuments(app.db);
  const demo = await app.inject({ method: 'GET', url: '/api/v1/plans/' + planId, headers: auth });
  const big = await app.inject({ method: 'GET', url: '/api/v1/plans/' + bigId, headers: auth });
  if (demo.statusCode !== 200 || big.statusCode !== 200) throw new Error('plan read failed');
  const bytesFile = path.join(os.tmpdir(), 'luoshi-bench-plan-' + process.pid + '.json');
  fs.writeFileSync(bytesFile, demo.rawPayload);
  const bigBytesFile = bytesFile.slice(0, -'.json'.length) + '-50.json';
  fs.writeFileSync(bigBytesFile, big.rawPayload);
  process.on('exit', () => [bytesFile, bigBytesFile].forEach((f) => fs.rmSync(f, { force: true })));
  // The statement alone (plan-document.ts), one at a time in this process: the median over 7 windows.
  const { planDocumentRow } = await import(${JSON.stringify(pathToFileURL(path.join(repo, 'packages/server/dist/plans/plan-document.js')).href)});
  const statement = async (id, windowMs) => {
    for (let i = 0; i < 30; i++) await planDocumentRow(app.db, id, true);
    const times = [];
    for (let w = 0; w < 7; w++) {
      let n = 0;
      const t0 = performance.now();
      do {
        await planDocumentRow(app.db, id, true);
        n++;
      } while (performance.now() - t0 < windowMs);
      times.push((performance.now() - t0) / n);
    }
    return times.sort((a, b) => a - b)[3];
  };
  // What the read model (plan-read-model.ts) moves to the writes: a note edit, which stores the plan's documents
  // before it commits, on each plan (median of 15).
  const noteEdit = async (id, body) => {
    const nodeId = body.nodes[0].id;
    const times = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      const r = await app.inject({ method: 'PATCH', url: '/api/v1/plans/' + id + '/nodes/' + nodeId, headers: auth, payload: { note: 'bench ' + i } });
      times.push(performance.now() - t0);
      if (r.statusCode !== 200) throw new Error('note edit failed: ' + r.body);
    }
    return times.sort((a, b) => a - b)[7];
  };
  const noteEditMs = await noteEdit(planId, demo.json());
  const bigNoteEditMs = await noteEdit(bigId, big.json());
  const statementMs = await statement(planId, 150);
  const bigStatementMs = await statement(bigId, 400);
  return { planId, bigId, bytesFile, bigBytesFile, statementMs, bigStatementMs, noteEditMs, bigNoteEditMs, demoBytes: demo.rawPayload.length, bigBytes: big.rawPayload.length,
    bigItems: big.json().taskCount };
`;

async function engine(name, log, env) {
  const api = await startChild(apiProgram(setup), env);
  const { info } = api;
  const bare = await startChild(bareProgram, {
    BENCH_PLAN_BYTES: info.bytesFile,
    BENCH_BIG_PLAN_BYTES: info.bigBytesFile,
  });
  try {
    const demoPath = `/api/v1/plans/${info.planId}`;
    const [read, same] = await interleaved([
      uncached(info.port, demoPath, info.auth),
      { url: `http://127.0.0.1:${bare.info.port}/same-bytes` },
    ]);
    log(
      `${name}: uncached read ${read.rps.toFixed(0)} req/s (p99 ${read.p99} ms), bare Fastify with the same ` +
        `${info.demoBytes} bytes ${same.rps.toFixed(0)} req/s (p99 ${same.p99} ms); per-round ratio ${(1 / same.ratioToFirst).toFixed(3)}`,
    );
    // One reader at a time: the latency of a single read, not the throughput of many.
    const bareUrl = `http://127.0.0.1:${bare.info.port}`;
    const [small, large, bareSmall, bareLarge] = await oneReaderInTurn([
      uncached(info.port, demoPath, info.auth),
      uncached(info.port, `/api/v1/plans/${info.bigId}`, info.auth),
      { url: `${bareUrl}/same-bytes` },
      { url: `${bareUrl}/same-big-bytes` },
    ]);
    log(
      `${name}: one reader, demo plan (${info.demoBytes} bytes) ${small.toFixed(2)} ms, ` +
        `50× plan (${info.bigBytes} bytes, ${info.bigItems} tasks) ${large.toFixed(2)} ms; bare Fastify sending ` +
        `the same bytes ${bareSmall.toFixed(2)} ms and ${bareLarge.toFixed(2)} ms`,
    );
    // Where a read's time goes: CPU per request of the server (and of the database's backends) on an uncached read
    // and on a cache hit (the same request with no database work), beside bare Fastify's and the plan statement
    // alone. bare Fastify is held back by the load generator, the plan read by its own CPU: the goal's ratio
    // therefore asks for at most 1 / (goal × bare requests/s) of CPU per read, printed as the budget.
    const dbName = env.BENCH_DATABASE_URL ? new URL(env.BENCH_DATABASE_URL).pathname.slice(1) : null;
    const backends = async () => (dbName ? backendPids(dbName) : []);
    const server = async () => [api.pid];
    const missing = uncached(info.port, demoPath, info.auth);
    const hit = { url: `http://127.0.0.1:${info.port}${demoPath}`, headers: info.auth };
    const ours = await cpuPerRequest(missing, server);
    const hitCpu = await cpuPerRequest(hit, server);
    const engineCpu = dbName ? await cpuPerRequest(missing, backends) : null;
    const bareCpu = await cpuPerRequest({ url: `${bareUrl}/same-bytes` }, async () => [bare.pid]);
    const goal = name === 'SQLite' ? 0.5 : 0.25;
    const fmt = (us) => (us === null ? 'n/a' : `${us.toFixed(0)} µs`);
    const both = (c) => `${fmt(c.all)} (main thread ${fmt(c.main)})`;
    log(
      `${name}: CPU per request in the server: uncached read ${both(ours)}, cache hit ${both(hitCpu)}, bare ` +
        `Fastify ${both(bareCpu)}` +
        (engineCpu ? `; in PostgreSQL's backends: uncached read ${fmt(engineCpu.all)}` : '') +
        `; the plan statement alone, one at a time: ${(info.statementMs * 1000).toFixed(0)} µs (50× plan: ` +
        `${info.bigStatementMs.toFixed(2)} ms); the goal's budget: ${(1e6 / (goal * same.rps)).toFixed(0)} µs per read`,
    );
    log(
      `${name}: a note edit, which stores the plan's documents before it commits (the read model): demo plan ` +
        `${info.noteEditMs.toFixed(2)} ms, 50× plan ${info.bigNoteEditMs.toFixed(2)} ms (median of 15, in process)`,
    );
    return [
      {
        name: `${name}: GET /plans/:id, every request a cache miss`,
        unit: 'req/s',
        value: read.rps,
        baseline: { name: `bare Fastify, same ${info.demoBytes} bytes`, value: same.rps },
        goal: { min: goal },
        note: `p99 ${read.p99} ms (bare ${same.p99} ms); median of per-round ratios ${(1 / same.ratioToFirst).toFixed(3)}`,
      },
      {
        name: `${name}: the plan 50× the demo's, one reader, uncached`,
        unit: 'ms',
        value: large,
        baseline: { name: 'the demo plan', value: small },
        goal: { max: 10 },
        note:
          `${info.bigBytes} bytes against ${info.demoBytes}; bare Fastify sending the same: ` +
          `${(bareLarge / bareSmall).toFixed(1)}× (${bareLarge.toFixed(2)} against ${bareSmall.toFixed(2)} ms)`,
      },
    ];
  } finally {
    await bare.stop();
    await api.stop();
  }
}

export default async function bench({ log }) {
  const figures = await engine('SQLite', log, {});
  if (!(await postgresAvailable())) {
    log('PostgreSQL not reachable: its figures are left out');
    return figures;
  }
  const pg = await tempPostgres();
  try {
    figures.push(...(await engine('PostgreSQL', log, { BENCH_DATABASE_URL: pg.url })));
  } finally {
    await pg.drop();
  }
  return figures;
}
