import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './database.js';
import { nowIso } from './dialect.js';

// The change stamps are SQLite's (PostgreSQL gives none, so nothing is cached there); these tests open SQLite
// whichever database the other server tests use.
describe('SQLite change stamps', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-stamp-'));
    handle = openDatabase({ databaseUrl: null, dataDir });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const addUser = (username: string) =>
    handle.db
      .insertInto('users')
      .values({
        username,
        display_name: username,
        password_hash: 'x',
        role: 'secretariat',
        unit_id: null,
        disabled: 0,
        created_at: nowIso(),
      })
      .execute();

  it('moves the credential stamp on writes to users, tokens, sessions and units', async () => {
    let stamp = handle.credentialStamp();
    await addUser('a');
    expect(handle.credentialStamp()).not.toBe(stamp);
    stamp = handle.credentialStamp();
    await handle.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'a').execute();
    expect(handle.credentialStamp()).not.toBe(stamp);
    stamp = handle.credentialStamp();
    await handle.db.deleteFrom('sessions').execute();
    expect(handle.credentialStamp()).not.toBe(stamp);
    stamp = handle.credentialStamp();
    await handle.db.deleteFrom('api_tokens').where('id', '=', 1).execute();
    expect(handle.credentialStamp()).not.toBe(stamp);
    stamp = handle.credentialStamp();
    await handle.db.updateTable('units as u').set({ name: 'x' }).where('u.id', '=', 1).execute();
    expect(handle.credentialStamp()).not.toBe(stamp);
  });

  it('keeps the credential stamp across other writes, while the change stamp moves', async () => {
    const credential = handle.credentialStamp();
    const change = handle.changeStamp();
    await handle.db
      .insertInto('audit_log')
      .values({
        at: nowIso(),
        actor_user_id: null,
        actor_label: 'test',
        action: 'test.write',
        entity_type: 'test',
        entity_id: '1',
        before_json: null,
        after_json: null,
      })
      .execute();
    expect(handle.changeStamp()).not.toBe(change);
    expect(handle.credentialStamp()).toBe(credential);
  });

  it('judges raw SQL by the table it writes, and a shape it cannot read as touching everything', async () => {
    let stamp = handle.credentialStamp();
    await sql`update plans set title = title where 0`.execute(handle.db);
    expect(handle.credentialStamp()).toBe(stamp);
    await sql`update "users" set display_name = display_name where 0`.execute(handle.db);
    expect(handle.credentialStamp()).not.toBe(stamp);
    stamp = handle.credentialStamp();
    await sql`with x as (select 1) update plans set title = title where 0`.execute(handle.db);
    expect(handle.credentialStamp()).not.toBe(stamp);
  });

  it('moves the credential stamp when another connection commits', async () => {
    const stamp = handle.credentialStamp();
    const other = openDatabase({ databaseUrl: null, dataDir });
    try {
      await other.db.updateTable('plans').set({ title: 'x' }).where('id', '=', -1).execute();
      await sql`insert into audit_log (at, actor_label, action, entity_type, entity_id) values ('t', 'cli', 'a', 'b', 'c')`.execute(
        other.db,
      );
    } finally {
      await other.close();
    }
    expect(handle.credentialStamp()).not.toBe(stamp);
  });
});
