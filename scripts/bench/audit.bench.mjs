// Bytes the audit log takes per note edit (PATCH /plans/:id/nodes/:nodeId { note }), on SQLite and PostgreSQL,
// beside 2× the note's size plus 300 bytes: an audit row should hold the change (the old and the new note, and
// what identifies the item), not the whole item twice. Counted from the rows themselves: the UTF-8 bytes of every
// text column and 8 bytes per number, whatever columns the log has. Not a timing: the figure is exact.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chengdu, postgresAvailable, repo, tempPostgres } from './lib.mjs';

export const title = 'Audit bytes per note edit, beside 2× the note plus 300 bytes';

const EDITS = 20;

async function engine(name, databaseUrl) {
  const server = await import(pathToFileURL(path.join(repo, 'packages/server/dist/index.js')).href);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-audit-'));
  const env = { LUOSHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LUOSHI_DEMO: '0', LUOSHI_WEB_DIST: '0' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const app = await server.buildApp(server.loadConfig(env));
  try {
    const admin = await server.createUser(app.db, server.SYSTEM_ACTOR, {
      username: 'bench',
      role: 'admin',
      password: 'bench-password',
    });
    const { token } = await server.createApiToken(app.db, server.SYSTEM_ACTOR, admin.id, 'bench');
    const headers = { authorization: 'Bearer ' + token };
    const text = fs.readFileSync(chengdu, 'utf8');
    const imp = await app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload: { text } });
    const conf = await app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.json().id}/confirm`,
      headers,
      payload: {},
    });
    const planId = conf.json().planId;
    const plan = (await app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers })).json();
    const flat = (nodes) => nodes.flatMap((n) => [n, ...flat(n.children)]);
    // The item with the longest text: what a whole-row audit would have copied most of.
    const node = flat(plan.nodes).sort((a, b) => b.body.length - a.body.length)[0];
    // A working note of a reporting round: about 100 characters.
    const notes = [
      '已按计划推进，完成季度目标的百分之八十，下一步将加强统筹协调。'.repeat(3),
      '进展顺利。'.repeat(20),
    ];
    const noteBytes = Math.max(...notes.map((n) => Buffer.byteLength(n)));
    const last = async () =>
      (await app.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 0;
    const from = await last();
    for (let i = 0; i < EDITS; i++) {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/v1/plans/${planId}/nodes/${node.id}`,
        headers,
        payload: { note: notes[i % 2] },
      });
      if (res.statusCode !== 200) throw new Error(`note edit failed: ${res.statusCode} ${res.body}`);
    }
    const rows = await app.db.selectFrom('audit_log').selectAll().where('id', '>', from).execute();
    if (rows.length !== EDITS) throw new Error(`expected ${EDITS} audit rows, found ${rows.length}`);
    const size = (v) => (v === null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : 8);
    const bytes = rows.reduce((sum, r) => sum + Object.values(r).reduce((s, v) => s + size(v), 0), 0) / EDITS;
    return {
      name: `${name}: audit bytes per note edit (note ${noteBytes} bytes, item body ${Buffer.byteLength(node.body)} bytes)`,
      unit: 'bytes',
      value: bytes,
      baseline: { name: '2 × note + 300', value: 2 * noteBytes + 300 },
      goal: { max: 1 },
    };
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function bench({ log }) {
  const figures = [await engine('SQLite', null)];
  if (!(await postgresAvailable())) {
    log('PostgreSQL not reachable: its figure is left out');
    return figures;
  }
  const pg = await tempPostgres();
  try {
    figures.push(await engine('PostgreSQL', pg.url));
  } finally {
    await pg.drop();
  }
  return figures;
}
