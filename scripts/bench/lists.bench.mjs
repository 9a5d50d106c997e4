// The first page (50 rows) of the plans list with 10,000 plans beside the same page with 10 plans, on SQLite and
// on PostgreSQL (throwaway databases), every request a cache miss, measured in turn in the same run. Each plan is a
// copy of the demo plan with its items, unit links, targets and source text (so a list that walked them would
// show it); goal: the list with 10,000 plans within 2× of the list with 10 (≥ 0.5 of its requests/s).
// Uses the built packages (`npm run build`). BENCH_SECONDS sets each figure's total measuring time (default 10).
import { apiProgram, interleaved, postgresAvailable, startChild, tempPostgres, uncached } from './lib.mjs';

export const title =
  'The plans list (first page of 50) with 10,000 plans beside 10, on SQLite and PostgreSQL';

const setup = (plans) => `
  const { planId, copyPlan, app } = ctx;
  await copyPlan(planId, ${plans - 1}, null);
  const first = await app.inject({ method: 'GET', url: '/api/v1/plans?limit=50', headers: ctx.auth });
  if (first.statusCode !== 200) throw new Error('list failed: ' + first.body);
  return { rows: first.json().items.length, bytes: first.rawPayload.length };
`;

async function engine(name, log, envSmall, envLarge) {
  const small = await startChild(apiProgram(setup(10)), envSmall);
  const large = await startChild(apiProgram(setup(10_000)), envLarge);
  try {
    const path = '/api/v1/plans?limit=50';
    const [s, l] = await interleaved([
      uncached(small.info.port, path, small.info.auth),
      uncached(large.info.port, path, large.info.auth),
    ]);
    log(
      `${name}: 10 plans ${s.rps.toFixed(0)} req/s (${small.info.rows} rows, ${small.info.bytes} bytes), ` +
        `10,000 plans ${l.rps.toFixed(0)} req/s (${large.info.rows} rows, ${large.info.bytes} bytes)`,
    );
    return {
      name: `${name}: GET /plans?limit=50 with 10,000 plans, every request a cache miss`,
      unit: 'req/s',
      value: l.rps,
      baseline: { name: 'the same with 10 plans', value: s.rps },
      goal: { min: 0.5 },
      note: `p99 ${l.p99} ms (10 plans: ${s.p99} ms); median of per-round ratios ${l.ratioToFirst.toFixed(3)}`,
    };
  } finally {
    await small.stop();
    await large.stop();
  }
}

export default async function bench({ log }) {
  const figures = [await engine('SQLite', log, {}, {})];
  if (!(await postgresAvailable())) {
    log('PostgreSQL not reachable: its figure is left out');
    return figures;
  }
  const [a, b] = [await tempPostgres(), await tempPostgres()];
  try {
    figures.push(
      await engine('PostgreSQL', log, { BENCH_DATABASE_URL: a.url }, { BENCH_DATABASE_URL: b.url }),
    );
  } finally {
    await a.drop();
    await b.drop();
  }
  return figures;
}
