// The whole-plan read that misses the response cache (GET /api/v1/plans/:id with a query parameter the route
// ignores, so every request is new: what the first reader after each write gets), on SQLite and on PostgreSQL
// (a throwaway database), each beside bare Fastify sending the same bytes, measured in turn in the same run:
//   - goal ≥ 0.5× of bare Fastify on SQLite, ≥ 0.25× on PostgreSQL (where a read also asks the database whether
//     anything changed, and the database runs on the same two cores);
//   - a plan 50× the demo's (its items, unit links and targets copied 50 times): mean latency of one reader at a
//     time, beside the demo plan's, goal within 10×.
// Uses the built packages (`npm run build`). BENCH_SECONDS sets each figure's total measuring time (default 10).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  apiProgram,
  interleaved,
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
  app.get('/same-bytes', (_req, reply) => reply.type('application/json; charset=utf-8').send(bytes));
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
  const demo = await app.inject({ method: 'GET', url: '/api/v1/plans/' + planId, headers: auth });
  const big = await app.inject({ method: 'GET', url: '/api/v1/plans/' + bigId, headers: auth });
  if (demo.statusCode !== 200 || big.statusCode !== 200) throw new Error('plan read failed');
  const bytesFile = path.join(os.tmpdir(), 'luoshi-bench-plan-' + process.pid + '.json');
  fs.writeFileSync(bytesFile, demo.rawPayload);
  process.on('exit', () => fs.rmSync(bytesFile, { force: true }));
  return { planId, bigId, bytesFile, demoBytes: demo.rawPayload.length, bigBytes: big.rawPayload.length,
    bigItems: big.json().taskCount };
`;

async function engine(name, log, env) {
  const api = await startChild(apiProgram(setup), env);
  const { info } = api;
  const bare = await startChild(bareProgram, { BENCH_PLAN_BYTES: info.bytesFile });
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
    const [small, large] = await interleaved(
      [
        uncached(info.port, demoPath, info.auth),
        uncached(info.port, `/api/v1/plans/${info.bigId}`, info.auth),
      ],
      { connections: 1 },
    );
    log(
      `${name}: one reader, demo plan (${info.demoBytes} bytes) ${small.mean.toFixed(2)} ms, ` +
        `50× plan (${info.bigBytes} bytes, ${info.bigItems} tasks) ${large.mean.toFixed(2)} ms`,
    );
    return [
      {
        name: `${name}: GET /plans/:id, every request a cache miss`,
        unit: 'req/s',
        value: read.rps,
        baseline: { name: `bare Fastify, same ${info.demoBytes} bytes`, value: same.rps },
        goal: { min: name === 'SQLite' ? 0.5 : 0.25 },
        note: `p99 ${read.p99} ms (bare ${same.p99} ms); median of per-round ratios ${(1 / same.ratioToFirst).toFixed(3)}`,
      },
      {
        name: `${name}: the plan 50× the demo's, one reader, uncached`,
        unit: 'ms',
        value: large.mean,
        baseline: { name: 'the demo plan', value: small.mean },
        goal: { max: 10 },
        note: `${info.bigBytes} bytes against ${info.demoBytes}`,
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
