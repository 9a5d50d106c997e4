import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness.js';
import { audited, SYSTEM_ACTOR, withTransaction } from './audit.js';

// withTransaction runs a transaction again from the start when PostgreSQL aborted it for a deadlock or a
// serialization failure (the other transaction went through; this one may too), and never otherwise.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const conflict = (code: string) => Object.assign(new Error(`conflict ${code}`), { code });

async function auditRows(action: string): Promise<number> {
  const rows = await t.db.selectFrom('audit_log').select('id').where('action', '=', action).execute();
  return rows.length;
}

describe(`withTransaction (${TEST_DB})`, () => {
  it('runs a transaction aborted by a deadlock or serialization failure again, keeping only the last run', async () => {
    for (const code of ['40P01', '40001']) {
      let attempts = 0;
      const result = await withTransaction(t.db, async (trx) => {
        attempts++;
        await audited(trx, SYSTEM_ACTOR, { action: `test.retry_${code}`, entityType: 'test', entityId: 1 });
        if (attempts < 3) throw conflict(code);
        return 'done';
      });
      expect(result).toBe('done');
      expect(attempts).toBe(3);
      expect(await auditRows(`test.retry_${code}`)).toBe(1);
    }
  });

  it('gives up after three attempts, and never repeats other failures', async () => {
    let attempts = 0;
    await expect(
      withTransaction(t.db, async () => {
        attempts++;
        throw conflict('40P01');
      }),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(attempts).toBe(3);

    for (const code of ['SQLITE_BUSY', '55P03', '23505', 'P0001']) {
      attempts = 0;
      await expect(
        withTransaction(t.db, async () => {
          attempts++;
          throw conflict(code);
        }),
      ).rejects.toMatchObject({ code });
      expect(attempts).toBe(1);
    }
  });
});
