import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loadConfig, type Config } from '@luoshi/server';

// These run the built command line (`npm run build` first) against a SQLite database in a temporary directory,
// then check the result through the server's API, as an operator scripting the setup would.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repo, 'packages/cli/bin/luoshi.js');

let dataDir: string;
let config: Config;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'luoshi-cli-'));
  config = loadConfig({ LUOSHI_DATA_DIR: dataDir, LOG_LEVEL: 'silent', LUOSHI_WEB_DIST: '0' });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function luoshi(args: string[], input = '') {
  const env = { ...process.env, LUOSHI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', input, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('luoshi db / user / token', () => {
  it('db migrate creates the database, then reports it is up to date', () => {
    const first = luoshi(['db', 'migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('2026112801_initial');
    const again = luoshi(['db', 'migrate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('user add reads the password from stdin; the user can log in with it', async () => {
    const r = luoshi(
      ['user', 'add', '--username', 'li', '--role', 'secretariat', '--password-stdin'],
      'a secret pass\n',
    );
    expect(r.code, r.stderr).toBe(0);
    const app = await buildApp(config);
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'li', password: 'a secret pass' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ user: { username: 'li', role: 'secretariat' } });
    } finally {
      await app.close();
    }
  });

  it('user add refuses bad usage (2) and a taken name or unknown unit (1)', () => {
    expect(
      luoshi(['user', 'add', '--username', 'x', '--role', 'king', '--password-stdin'], 'long enough').code,
    ).toBe(2);
    expect(luoshi(['user', 'add', '--username', 'x', '--role', 'leader'], 'long enough').code).toBe(2);
    const taken = luoshi(
      ['user', 'add', '--username', 'li', '--role', 'leader', '--password-stdin'],
      'long enough',
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('USERNAME_TAKEN');
    const unit = luoshi(
      [
        'user',
        'add',
        '--username',
        'z',
        '--role',
        'unit_officer',
        '--unit',
        '不存在的局',
        '--password-stdin',
      ],
      'long enough',
    );
    expect(unit.code).toBe(1);
    expect(unit.stderr).toContain('不存在的局');
  });

  it('token create prints only a token that authenticates as the user', async () => {
    const r = luoshi(['token', 'create', '--username', 'li', '--name', 'ci']);
    expect(r.code, r.stderr).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^lsk_\S+$/);
    const app = await buildApp(config);
    try {
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ user: { username: 'li' } });
      const audit = await app.inject({
        method: 'GET',
        url: '/api/v1/audit?actor=cli',
        headers: { authorization: `Bearer ${token}` },
      });
      const actions = audit.json<{ items: { action: string }[] }>().items.map((i) => i.action);
      expect(actions).toEqual(expect.arrayContaining(['user.create', 'api_token.create']));
    } finally {
      await app.close();
    }
    expect(luoshi(['token', 'create', '--username', 'nobody']).code).toBe(1);
  });

  it('refuses an invalid configuration with the variable named', () => {
    const env = { ...process.env, DATABASE_URL: 'mysql://x' };
    const r = spawnSync(process.execPath, [bin, 'db', 'migrate'], { cwd: repo, encoding: 'utf8', env });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL');
  });
});
