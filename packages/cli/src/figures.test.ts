import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, openDatabase, seedDemo } from '@luoshi/server';

// The built command line (`npm run build` first) on a SQLite database in a temporary directory, seeded with the
// demo (its indicators and the published figures), as an operator would run it.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repo, 'packages/cli/bin/luoshi.js');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luoshi-cli-figures-'));
  const handle = openDatabase(loadConfig({ LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  try {
    const { migrateToLatest } = await import('@luoshi/server');
    await migrateToLatest(handle.db);
    await seedDemo(handle.db);
  } finally {
    await handle.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function luoshi(args: string[]) {
  const env = { ...process.env, LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function figureCount(): Promise<number> {
  const handle = openDatabase(loadConfig({ LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  try {
    const r = await handle.db
      .selectFrom('figures')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await handle.close();
  }
}

const HEADER = 'indicator,area,period,value,unit,qualifier,source_url,quote';

describe('luoshi figures import', () => {
  it('imports a file, naming the database it opened', async () => {
    const before = await figureCount();
    writeFileSync(
      join(dir, 'good.csv'),
      [
        HEADER,
        '电子商务交易额,锦江区,2014,100,亿元,estimated,,',
        '网络零售额,青羊区,2014-Q1,3,亿元,exact,,',
      ].join('\n'),
    );
    const r = luoshi(['figures', 'import', 'good.csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(join(dir, 'luoshi.db'));
    expect(r.stdout).toMatch(/imported 2 /);
    expect(await figureCount()).toBe(before + 2);
  });

  it('stores nothing when a row is bad, and lists every bad row with its line (exit 1)', async () => {
    const before = await figureCount();
    writeFileSync(
      join(dir, 'bad.csv'),
      [
        HEADER,
        '电子商务交易额,锦江区,2015,100,亿元,estimated,,',
        '电子商务交易额,月球,2015,1,元,exact,,',
        '无此指标,成都市,2015,1,元,exact,,',
      ].join('\n'),
    );
    const r = luoshi(['figures', 'import', 'bad.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 3 行');
    expect(r.stderr).toContain('Line 3: unknown area "月球"');
    expect(r.stderr).toContain('Line 4: unknown indicator "无此指标"');
    expect(await figureCount()).toBe(before);
  });

  it('refuses a missing file and an unknown user as usage errors (exit 2)', () => {
    expect(luoshi(['figures', 'import', 'nope.csv']).code).toBe(2);
    expect(luoshi(['figures', 'import']).code).toBe(2);
    writeFileSync(join(dir, 'one.csv'), `${HEADER}\n`);
    expect(luoshi(['figures', 'import', 'one.csv', '--username', 'nobody']).code).toBe(2);
  });
});
