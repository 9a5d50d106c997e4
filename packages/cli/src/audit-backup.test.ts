import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built command line (`npm run build` first) on SQLite databases in temporary directories, used as an
// operator would: create accounts, verify the audit log, back it up, tamper with it, restore it.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repo, 'packages/cli/bin/luoshi.js');

let scratch: string;
let dataDir: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'luoshi-cli-audit-'));
  dataDir = join(scratch, 'data');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function luoshi(args: string[], opts: { input?: string; dir?: string | null; cwd?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.LUOSHI_DATA_DIR;
  if (opts.dir !== null) env.LUOSHI_DATA_DIR = opts.dir ?? dataDir;
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? scratch,
    encoding: 'utf8',
    input: opts.input ?? '',
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As an attacker with the file: drop the append-only triggers, run the edit, put the triggers back. */
function tamper(statement: string): void {
  const db = new SqliteDatabase(join(dataDir, 'luoshi.db'));
  try {
    const triggers = db
      .prepare(`select sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`)
      .pluck()
      .all() as string[];
    db.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete;');
    db.exec(statement);
    for (const s of triggers) db.exec(s);
  } finally {
    db.close();
  }
}

describe('commands that need existing data refuse to create an empty database', () => {
  it.each([[['token', 'create', '--username', 'admin']], [['audit', 'verify']], [['backup', 'b.db']]])(
    'luoshi %j without a database names where it looked and creates nothing',
    (args) => {
      const empty = mkdtempSync(join(scratch, 'cwd-'));
      const r = luoshi(args, { dir: null, cwd: empty });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`no database: SQLite ${join(empty, 'data', 'luoshi.db')}`);
      expect(r.stderr).toContain('LUOSHI_DATA_DIR');
      expect(readdirSync(empty)).toEqual([]);
    },
  );

  it('a command that may start a database says plainly that it created a new, empty one', () => {
    const r = luoshi(['db', 'migrate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`created a new, empty database: SQLite ${join(dataDir, 'luoshi.db')}`);
    const again = luoshi(['db', 'migrate']);
    expect(again.stderr).toContain(`database: SQLite ${join(dataDir, 'luoshi.db')}`);
    expect(again.stderr).not.toContain('new, empty');
  });
});

describe('luoshi audit verify, backup and restore', () => {
  let head: string;
  let backup: string;
  beforeAll(() => {
    for (const u of ['li', 'wang', 'zhao']) {
      const r = luoshi(['user', 'add', '--username', u, '--role', 'secretariat', '--password-stdin'], {
        input: 'long enough pw',
      });
      expect(r.code, r.stderr).toBe(0);
      expect(luoshi(['token', 'create', '--username', u]).code).toBe(0);
    }
    backup = join(scratch, 'clean.backup');
  }, 180_000);

  it('verify passes on an untouched log and prints the head hash and row count', () => {
    const r = luoshi(['audit', 'verify']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('audit log intact: 6 rows verified');
    head = /head: ([0-9a-f]{64}) \(row id \d+, 6 rows/.exec(r.stdout)![1]!;
    const json = JSON.parse(luoshi(['audit', 'verify', '--json', '--expect-head', head]).stdout) as {
      ok: boolean;
      head: { hash: string; rows: number };
    };
    expect(json).toMatchObject({ ok: true, head: { hash: head, rows: 6 } });
    expect(luoshi(['audit', 'verify', '--expect-head', 'abc']).code).toBe(2);
  });

  it('backup writes a copy whose head is the live head', () => {
    const r = luoshi(['backup', backup]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`audit log: 6 rows, head ${head}`);
    expect(r.stderr).toContain(`database: SQLite ${join(dataDir, 'luoshi.db')}`);
  });

  it('reports an edited row by id, and why', () => {
    tamper(`update audit_log set actor_label = 'nobody' where seq = 3`);
    const r = luoshi(['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/audit log BROKEN at row id 3 \(seq 3\): content-edited/);
    expect(r.stdout).toContain('verified: 2 of 6 rows');
  });

  it('restore refuses to replace the database without --force; with it, the log verifies again', () => {
    const refused = luoshi(['restore', backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    const r = luoshi(['restore', backup, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`audit log intact: 6 rows, head ${head}`);
    const saved = /saved as: (\S+)/.exec(r.stdout)![1]!;
    expect(existsSync(saved)).toBe(true);
    expect(luoshi(['audit', 'verify', '--expect-head', head]).code).toBe(0);
  });

  it('reports a deleted row', () => {
    tamper(`delete from audit_log where seq = 4`);
    const r = luoshi(['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at row id 5 \(seq 5\): rows-missing/);
    expect(r.stdout).toContain('seq 4 missing');
    expect(luoshi(['restore', backup, '--force']).code).toBe(0);
  });

  it('reports a truncated log when given the head recorded before', () => {
    tamper('delete from audit_log');
    // New writes start a new chain that is consistent in itself…
    expect(luoshi(['token', 'create', '--username', 'li']).code).toBe(0);
    expect(luoshi(['audit', 'verify']).code).toBe(0);
    // …but the head recorded earlier is gone.
    const r = luoshi(['audit', 'verify', '--expect-head', head]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('expected-head-missing');
    expect(r.stdout).toContain(head);
  });

  it('restore into an empty data directory needs no --force', () => {
    const other = join(scratch, 'elsewhere');
    const r = luoshi(['restore', backup], { dir: other });
    expect(r.code, r.stderr).toBe(0);
    expect(luoshi(['audit', 'verify', '--expect-head', head], { dir: other }).code).toBe(0);
    expect(luoshi(['restore', join(scratch, 'no-such.backup')], { dir: other }).code).toBe(2);
  });
});
