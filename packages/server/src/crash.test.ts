import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, TEST_DB, type TestDatabase } from './test/harness.js';
import { api, runCli, startServerProcess, tokenFor, type ServerProcess } from './test/processes.js';
import { DEMO_PASSWORD } from './demo/demo.js';

// The built server in its own process, killed with SIGKILL in the middle of a burst of writes, then started again
// on the same database: a write the server acknowledged must be there, with its audit row; a write cut off
// before its answer may be there or not, but never without its audit row.
const WORKERS = 12;
/** Acknowledged writes to wait for before the kill. */
const KILL_AFTER = 300;
/** Bounds on the burst, however the server behaves. */
const MAX_REQUESTS = 5000;
const MAX_BURST_MS = 60_000;

interface PlanNode {
  id: number;
  children: PlanNode[];
}

type Ack = { kind: 'unit'; id: number; name: string } | { kind: 'note'; nodeId: number; note: string };

let tdb: TestDatabase;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
  await tdb.drop();
});

describe(`a server killed mid-burst (${TEST_DB})`, () => {
  it('keeps every acknowledged write, each with its audit row, across SIGKILL and restart', async () => {
    const first = await startServerProcess(tdb, { demo: true });
    servers.push(first);
    const token = await tokenFor(first.url, 'admin', DEMO_PASSWORD);
    const [plan] = (await api<{ items: { id: number }[] }>(first.url, 'GET', '/api/v1/plans', { token })).body
      .items;
    const detail = (
      await api<{ nodes: PlanNode[] }>(first.url, 'GET', `/api/v1/plans/${plan!.id}`, { token })
    ).body;
    const flat = (ns: PlanNode[]): PlanNode[] => ns.flatMap((n) => [n, ...flat(n.children)]);
    const nodeIds = flat(detail.nodes)
      .slice(0, WORKERS)
      .map((n) => n.id);

    const acked: Ack[] = [];
    const otherAnswers: number[] = [];
    let cutOff = 0;
    let sent = 0;
    const started = Date.now();
    const worker = async (w: number) => {
      while (sent < MAX_REQUESTS && Date.now() - started < MAX_BURST_MS) {
        const i = sent++;
        if (i % 2 === 0) {
          const name = `市崩溃测试${i}局`;
          const r = await api<{ id: number }>(first.url, 'POST', '/api/v1/units', { token, body: { name } });
          if (r.status === 0) return cutOff++;
          if (r.status === 201) acked.push({ kind: 'unit', id: r.body.id, name });
          else otherAnswers.push(r.status);
        } else {
          const nodeId = nodeIds[w % nodeIds.length]!;
          const note = `崩溃测试备注 ${i}`;
          const r = await api(first.url, 'PATCH', `/api/v1/plans/${plan!.id}/nodes/${nodeId}`, {
            token,
            body: { note },
          });
          if (r.status === 0) return cutOff++;
          if (r.status === 200) acked.push({ kind: 'note', nodeId, note });
          else otherAnswers.push(r.status);
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    while (acked.length < KILL_AFTER && Date.now() - started < MAX_BURST_MS && sent < MAX_REQUESTS)
      await new Promise((r) => setTimeout(r, 2));
    const killed = await first.kill('SIGKILL');
    await Promise.all(workers);

    if (process.env.LUOSHI_TEST_VERBOSE) console.info({ acked: acked.length, cutOff, sent });
    expect(killed.signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // Mid-burst: requests were in flight when the process died.
    expect(cutOff).toBeGreaterThan(0);
    expect(otherAnswers).toEqual([]);

    const second = await startServerProcess(tdb, { demo: true });
    servers.push(second);
    expect((await api(second.url, 'GET', '/api/v1/health')).status).toBe(200);
    const db = tdb.handle.db;

    const ackedUnits = acked.filter((a) => a.kind === 'unit');
    const units = await db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('name', 'like', '市崩溃测试%')
      .execute();
    const unitById = new Map(units.map((u) => [u.id, u.name]));
    for (const a of ackedUnits) expect(unitById.get(a.id), `unit ${a.name}`).toBe(a.name);
    // Every unit there, acknowledged or cut off, has its creation audited.
    const created = new Set(
      (
        await db
          .selectFrom('audit_log')
          .select('entity_id')
          .where('action', '=', 'unit.create')
          .where('entity_type', '=', 'unit')
          .execute()
      ).map((r) => Number(r.entity_id)),
    );
    for (const u of units) expect(created.has(u.id), `audit row of unit ${u.name}`).toBe(true);

    const noteRows = await db
      .selectFrom('audit_log')
      .select(['entity_id', 'after_json'])
      .where('action', '=', 'plan_node.update')
      .where('entity_type', '=', 'plan_node')
      .execute();
    const audited = new Set(
      noteRows.map((r) => `${r.entity_id}:${(JSON.parse(r.after_json!) as { note: string }).note}`),
    );
    for (const a of acked.filter((x) => x.kind === 'note'))
      expect(audited.has(`${a.nodeId}:${a.note}`), `audit row of ${a.note}`).toBe(true);
    // The item holds the note of its last audited write.
    for (const nodeId of nodeIds) {
      const last = await db
        .selectFrom('audit_log')
        .select('after_json')
        .where('entity_type', '=', 'plan_node')
        .where('entity_id', '=', String(nodeId))
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!last) continue;
      const row = await db
        .selectFrom('plan_nodes')
        .select('note')
        .where('id', '=', nodeId)
        .executeTakeFirst();
      expect(row?.note).toBe((JSON.parse(last.after_json!) as { note: string }).note);
    }

    // The restarted server serves the acknowledged units.
    const token2 = await tokenFor(second.url, 'admin', DEMO_PASSWORD);
    const listed = new Set<number>();
    for (let cursor: string | null = ''; cursor !== null;) {
      const page: { items: { id: number }[]; nextCursor: string | null } = (
        await api<{ items: { id: number }[]; nextCursor: string | null }>(
          second.url,
          'GET',
          `/api/v1/units?limit=200&cursor=${encodeURIComponent(cursor)}`,
          { token: token2 },
        )
      ).body;
      for (const u of page.items) listed.add(u.id);
      cursor = page.nextCursor;
    }
    for (const a of ackedUnits) expect(listed.has(a.id)).toBe(true);

    // The database itself is sound, and the command line works on it beside the restarted server.
    if (TEST_DB === 'sqlite') {
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      expect(rows.map((r) => r.integrity_check)).toEqual(['ok']);
    }
    const cli = await runCli(tdb, ['token', 'create', '--username', 'admin', '--name', 'after-crash']);
    expect(cli.code, cli.stderr).toBe(0);
    // The audit log as a whole: every row chained to the one before it, nothing edited or lost.
    const verify = await runCli(tdb, ['audit', 'verify']);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  }, 240_000);
});
