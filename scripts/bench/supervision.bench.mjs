// Supervision (issue 9): one run of a plan's rules over 500 tasks × 10 milestones × 36 monthly reporting periods
// (5,000 milestones, 18,000 expected reports, 15,300 of them in), beside a bare SQL scan of the same rows (the
// plan's lead tasks, milestones, reports, work-plan revisions and notices) measured in the same run on the same
// database. The run reads those rows, applies the core's rules and writes a run row and its audit row.
//   - daily run: a day after the first, when every notice exists (the steady state of a daily schedule): goal ≤ 5×
//     the scan.
//   - first run: the day every notice is raised at once (thousands of notices, events and one audit row): shown
//     beside the scan too, for scale.
// Uses the built packages (`npm run build` first). SQLite, and PostgreSQL when reachable (BENCH_ENGINES).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { postgresAvailable, repo, tempPostgres } from './lib.mjs';

export const title = 'supervision run over 500 tasks × 10 milestones × 36 periods vs a bare SQL scan';

const TASKS = 500;
const MILESTONES = 10;
const UNITS = 50;
const dist = (p) => pathToFileURL(path.join(repo, p)).href;
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function insertChunks(db, table, rows, size = 500) {
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
}

/** The plan, its tasks and units, work plans and milestones, the monthly cycle and the reports, with bare SQL. */
async function fill(db, core) {
  const now = new Date().toISOString();
  const home = await db.selectFrom('areas').select('id').orderBy('id').executeTakeFirst();
  const units = await db
    .insertInto('units')
    .values(
      Array.from({ length: UNITS }, (_, i) => ({
        name: `基准单位${i}`,
        kind: 'department',
        created_at: now,
        area_id: home?.id ?? null,
      })),
    )
    .returning('id')
    .execute();
  const plan = await db
    .insertInto('plans')
    .values({
      title: '督办基准方案',
      issuer: '基准市人民政府',
      period_from: 2013,
      period_to: 2015,
      references_json: '[]',
      status: 'active',
      published: 1,
      source_text: '',
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const nodes = await db
    .insertInto('plan_nodes')
    .values(
      Array.from({ length: TASKS }, (_, i) => ({
        plan_id: plan.id,
        parent_id: null,
        position: i,
        path: String(i),
        label: `（${i + 1}）`,
        kind: 'task',
        title: `基准任务${i + 1}`,
        body: '',
        span_start: 0,
        span_end: 0,
        note: '',
      })),
    )
    .returning('id')
    .execute();
  const tasks = nodes.map((n, i) => ({ nodeId: n.id, unitId: units[i % UNITS].id }));
  await insertChunks(
    db,
    'plan_node_units',
    tasks.map((t) => ({ node_id: t.nodeId, unit_id: t.unitId, role: 'lead', position: 0 })),
  );
  const wps = [];
  for (const t of tasks) {
    const wp = await db
      .insertInto('work_plans')
      .values({
        plan_id: plan.id,
        node_id: t.nodeId,
        unit_id: t.unitId,
        status: 'approved',
        baseline_revision: 1,
        current_revision: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    wps.push({ ...t, id: wp.id });
  }
  await insertChunks(
    db,
    'work_plan_revisions',
    wps.map((w, i) => ({
      work_plan_id: w.id,
      number: 1,
      kind: 'initial',
      status: 'approved',
      milestones_json: '[]',
      created_at: now,
      submitted_at: `${core.addDays('2013-02-01', i % 40)}T02:00:00.000Z`,
      reviewed_at: `${core.addDays('2013-02-10', i % 40)}T02:00:00.000Z`,
    })),
  );
  const milestones = [];
  for (const [i, w] of wps.entries())
    for (let k = 0; k < MILESTONES; k++) {
      const due = core.addDays('2013-03-01', Math.floor(((k + 1) * 1000) / MILESTONES) + (i % 30));
      const done = (i + k) % 10 < 6;
      milestones.push({
        plan_id: plan.id,
        work_plan_id: w.id,
        node_id: w.nodeId,
        unit_id: w.unitId,
        key: `m${k}`,
        title: `节点${k + 1}`,
        due_date: due,
        deliverable: '',
        weight: 1,
        ordinal: k,
        state: done ? 'done' : 'in_progress',
        percent: done ? 100 : 50,
        completed_on: done ? core.addDays(due, ((i + k) % 7) * 3 - 6) : null,
      });
    }
  await insertChunks(db, 'milestones', milestones);
  await db
    .insertInto('report_cycles')
    .values({
      plan_id: plan.id,
      frequency: 'month',
      due_working_days: 5,
      first_period: '2013-01',
      last_period: '2015-12',
      updated_at: now,
    })
    .execute();
  const periods = core.reportingPeriods('month', '2013-01', '2015-12', 5);
  const reports = [];
  for (const [i, t] of tasks.entries())
    for (const [j, p] of periods.entries()) {
      if ((i * 7 + j) % 20 < 3) continue; // 15% never come in
      const on = core.addWorkingDays(p.dueDate, (i + j) % 5 === 0 ? 4 : -1);
      reports.push({
        plan_id: plan.id,
        node_id: t.nodeId,
        unit_id: t.unitId,
        period: p.period,
        due_date: p.dueDate,
        status: 'accepted',
        submitted_on: on,
        submitted_at: `${on}T02:00:00.000Z`,
        created_at: now,
        updated_at: now,
      });
    }
  await insertChunks(db, 'progress_reports', reports);
  return {
    planId: plan.id,
    milestones: milestones.length,
    reports: reports.length,
    expected: tasks.length * periods.length,
  };
}

/** The same rows the run reads, read bare. */
async function scan(db, sql, planId) {
  const q = (text) => sql.raw(text).execute(db);
  await q(`select pn.id, pu.unit_id, pn.label, pn.title from plan_node_units pu join plan_nodes pn on pn.id = pu.node_id
    where pn.plan_id = ${planId} and pn.kind = 'task' and pn.retired_at is null and pu.role = 'lead'`);
  await q(`select id, work_plan_id, node_id, unit_id, key, title, due_date, state, completed_on from milestones
    where plan_id = ${planId} and retired = 0`);
  await q(
    `select node_id, unit_id, period, due_date, status, submitted_on from progress_reports where plan_id = ${planId}`,
  );
  await q(`select w.node_id, w.unit_id, r.submitted_at, r.reviewed_at from work_plan_revisions r
    join work_plans w on w.id = r.work_plan_id where w.plan_id = ${planId}`);
  await q(`select id, rule, subject_key, level, state, step_due_on, version, unit_id from supervision_notices
    where plan_id = ${planId}`);
}

async function engine(name, databaseUrl, log) {
  const core = await import(dist('packages/core/dist/index.js'));
  const server = await import(dist('packages/server/dist/index.js'));
  const { sql } = await import('kysely');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-supervision-'));
  const handle = server.openDatabase({ databaseUrl, dataDir });
  try {
    await server.migrateToLatest(handle.db);
    const db = handle.db;
    const f = await fill(db, core);
    log(`${name}: ${f.milestones} milestones, ${f.expected} expected reports (${f.reports} in)`);
    if (databaseUrl) await sql`analyze`.execute(db);
    const actor = { userId: null, label: 'bench' };

    const scanTimes = [];
    const timeScan = async () => {
      const t0 = process.hrtime.bigint();
      await scan(db, sql, f.planId);
      scanTimes.push(seconds(t0));
    };
    for (let i = 0; i < 3; i++) await timeScan();
    let t0 = process.hrtime.bigint();
    const first = await server.runSupervision(db, f.planId, '2016-01-10', 'cli', actor);
    const firstRun = seconds(t0);
    log(`${name}: first run raised ${first.raised} notices`);
    const daily = [];
    for (const day of ['2016-01-11', '2016-01-12', '2016-01-13', '2016-01-13', '2016-01-13']) {
      await timeScan();
      t0 = process.hrtime.bigint();
      const r = await server.runSupervision(db, f.planId, day, 'cli', actor);
      daily.push(seconds(t0));
      if (r.raised !== 0) throw new Error(`a later day raised ${r.raised}`);
    }
    const bare = median(scanTimes.slice(3));
    return [
      {
        name: `${name}: daily run (all notices exist)`,
        unit: 's',
        value: median(daily),
        baseline: { name: 'bare SQL scan of the same rows', value: bare },
        goal: { max: 5 },
      },
      {
        name: `${name}: first run (raises ${first.raised})`,
        unit: 's',
        value: firstRun,
        baseline: { name: 'bare SQL scan of the same rows', value: bare },
        note: 'every notice, its event and the queued deliveries written in one transaction',
      },
    ];
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function bench({ log }) {
  const figures = await engine('SQLite', null, log);
  if (!(await postgresAvailable())) {
    log('PostgreSQL not reachable: its figures are left out');
    return figures;
  }
  const pg = await tempPostgres();
  try {
    figures.push(...(await engine('PostgreSQL', pg.url, log)));
  } finally {
    await pg.drop();
  }
  return figures;
}
