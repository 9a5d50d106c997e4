import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  execAsOwner,
  PG_APP_ROLE,
  PG_OWNER_ROLE,
  TEST_DB,
  TEST_PASSWORD,
  type TestDatabase,
} from '../test/harness.js';
import { startServerProcess, type ServerProcess } from '../test/processes.js';
import { createUser } from '../users/service.js';
import { createApiToken } from '../tokens/service.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { openDatabase } from '../db/database.js';
import { auditLogPowers } from '../db/roles.js';
import { backupDatabase, restoreDatabase } from './backup.js';

const dbConfig = (tdb: TestDatabase, url = tdb.databaseUrl) => ({ databaseUrl: url, dataDir: tdb.dataDir });

/** Writes units through the server, as many clients at once, until told to stop; records what was acknowledged. */
function writeBurst(server: ServerProcess, headers: Record<string, string>, clients = 8) {
  const acked: string[] = [];
  const failures: number[] = [];
  let stop = false;
  let i = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const client = async () => {
    while (!stop) {
      const name = `备份单位${i++}`;
      const res = await fetch(`${server.url}/api/v1/units`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      await res.arrayBuffer();
      if (res.status === 201) acked.push(name);
      else failures.push(res.status);
      for (const w of waiters.filter((x) => acked.length >= x.n)) w.resolve();
    }
  };
  const done = Promise.all(Array.from({ length: clients }, client));
  return {
    acked,
    failures,
    /** Resolves once at least `n` writes have been acknowledged. */
    reached: (n: number) =>
      acked.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

describe(`backup while the server writes, on ${TEST_DB}`, () => {
  let tdb: TestDatabase;
  let server: ServerProcess;
  let headers: Record<string, string>;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
  beforeAll(async () => {
    tdb = await createTestDatabase({ migrated: true });
    const admin = await createUser(tdb.handle.db, SYSTEM_ACTOR, {
      username: 'admin',
      role: 'admin',
      unitId: null,
      password: TEST_PASSWORD,
    });
    const { token } = await createApiToken(tdb.handle.db, SYSTEM_ACTOR, admin.id, 'burst');
    headers = { authorization: `Bearer ${token}` };
    server = await startServerProcess(tdb);
  });
  afterAll(async () => {
    await server.kill();
    await tdb.drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('holds every write acknowledged before it began, restores, and the audit chain verifies', async () => {
    const burst = writeBurst(server, headers);
    await burst.reached(40);
    const ackedBefore = [...burst.acked];
    const file = path.join(scratch, 'luoshi.backup');
    const backup = await backupDatabase(dbConfig(tdb), file);
    const ackedByEnd = burst.acked.length;
    // The burst goes on after the backup, so the copy was taken while the server wrote.
    await burst.reached(ackedByEnd + 20);
    await burst.stop();
    expect(burst.failures).toEqual([]);
    expect(backup.verification?.ok ?? true).toBe(true);
    // Every unit creation is one audit row (after the admin and token rows written before the server started).
    expect(backup.head.rows).toBeGreaterThanOrEqual(ackedBefore.length + 2);
    expect(backup.head.rows).toBeLessThan(burst.acked.length + 2);

    // Restore into a new, empty database (SQLite: a data directory with nothing in it yet).
    const target: TestDatabase =
      TEST_DB === 'postgres'
        ? await createTestDatabase()
        : { ...tdb, dataDir: path.join(scratch, 'restored'), drop: () => Promise.resolve() };
    try {
      const restored = await restoreDatabase(
        dbConfig(target, target.ownerUrl),
        file,
        TEST_DB === 'postgres' ? { appRole: PG_APP_ROLE } : {},
      );
      expect(restored.verification.problem).toBeNull();
      expect(restored.verification.head).toEqual(backup.head);
      const handle = openDatabase(dbConfig(target));
      try {
        const names = new Set(
          (await handle.db.selectFrom('units').select('name').execute()).map((r) => r.name),
        );
        const lost = ackedBefore.filter((n) => !names.has(n));
        expect(lost).toEqual([]);
        const audited = await handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', 'unit.create')
          .executeTakeFirstOrThrow();
        expect(Number(audited.n)).toBe(names.size);
        console.info(
          `backup on ${TEST_DB}: ${ackedBefore.length} writes acknowledged before it began, ` +
            `${backup.head.rows} audit rows in it, ${burst.acked.length} acknowledged by the end; ` +
            `${lost.length} lost; restored chain ${restored.verification.ok ? 'verifies' : 'BROKEN'}`,
        );
      } finally {
        await handle.close();
      }
      if (TEST_DB === 'postgres') {
        // The restored database is as locked down as the original: the append-only trigger is back, and the
        // app role (granted again by the restore) may append but not erase.
        await expect(
          execAsOwner(target, `update audit_log set actor_label = 'x' where seq = 1`),
        ).rejects.toThrow(/append-only/);
        const app = openDatabase({
          databaseUrl: target.ownerUrl!.replace(PG_OWNER_ROLE, PG_APP_ROLE),
          dataDir: '',
        });
        try {
          expect(await auditLogPowers(app.db)).toMatchObject({
            owner: false,
            canTruncate: false,
            canUpdateOrDelete: false,
          });
          expect(await app.db.selectFrom('units').select('id').limit(1).execute()).toHaveLength(1);
        } finally {
          await app.close();
        }
      }
    } finally {
      await target.drop();
    }
  });

  it('restore refuses to replace a database that holds data unless forced', async () => {
    const file = path.join(scratch, 'second.backup');
    await backupDatabase(dbConfig(tdb), file);
    await server.kill();
    await tdb.handle.close();
    await expect(restoreDatabase(dbConfig(tdb, tdb.ownerUrl), file)).rejects.toMatchObject({
      code: 'DATABASE_EXISTS',
    });
    const forced = await restoreDatabase(dbConfig(tdb, tdb.ownerUrl), file, {
      force: true,
      ...(TEST_DB === 'postgres' ? { appRole: PG_APP_ROLE } : {}),
    });
    expect(forced.verification.ok).toBe(true);
    if (TEST_DB === 'sqlite') {
      expect(forced.previousSavedAs).not.toBeNull();
      expect(fs.existsSync(forced.previousSavedAs!)).toBe(true);
    }
    // …and refuses while another process has the database open.
    server = await startServerProcess(tdb);
    await expect(restoreDatabase(dbConfig(tdb, tdb.ownerUrl), file, { force: true })).rejects.toMatchObject({
      code: 'DATABASE_IN_USE',
    });
  });
});
