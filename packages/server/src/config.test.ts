import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('has working defaults: port 3000, SQLite under ./data, demo on, 10 MiB bodies', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      dataDir: path.resolve('./data'),
      databaseUrl: null,
      demo: true,
      logLevel: 'info',
      sessionTtlHours: 12,
      bodyLimit: 10 * 1024 * 1024,
    });
  });

  it('reads each variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      LUOSHI_DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u@h:5432/d',
      LUOSHI_DEMO: '0',
      LOG_LEVEL: 'warn',
      LUOSHI_SESSION_TTL_HOURS: '48',
      LUOSHI_WEB_DIST: '0',
      LUOSHI_TRUST_PROXY: '1',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://u@h:5432/d',
      demo: false,
      logLevel: 'warn',
      sessionTtlHours: 48,
      webDistDir: null,
      trustProxy: true,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['DATABASE_URL', 'not a url'],
    ['LUOSHI_DEMO', 'yes'],
    ['LOG_LEVEL', 'verbose'],
    ['LUOSHI_SESSION_TTL_HOURS', '0'],
    ['LUOSHI_SESSION_TTL_HOURS', '1.5'],
    ['LUOSHI_TRUST_PROXY', 'true'],
    ['LUOSHI_LOGIN_MAX_ACCOUNT_FAILURES', '0'],
    ['LUOSHI_LOGIN_MAX_ACCOUNT_FAILURES', 'many'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('limits failed logins per account at 5 × the per-address limit unless told, and never below it', () => {
    expect(loadConfig({})).toMatchObject({ loginMaxFailures: 10, loginMaxAccountFailures: 50 });
    expect(loadConfig({ LUOSHI_LOGIN_MAX_FAILURES: '4' }).loginMaxAccountFailures).toBe(20);
    expect(
      loadConfig({ LUOSHI_LOGIN_MAX_FAILURES: '4', LUOSHI_LOGIN_MAX_ACCOUNT_FAILURES: '30' }),
    ).toMatchObject({ loginMaxFailures: 4, loginMaxAccountFailures: 30 });
    const problems = problemsOf({ LUOSHI_LOGIN_MAX_FAILURES: '10', LUOSHI_LOGIN_MAX_ACCOUNT_FAILURES: '5' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('LUOSHI_LOGIN_MAX_ACCOUNT_FAILURES');
  });

  it('lists every bad value at once, so one start shows everything to fix', () => {
    const problems = problemsOf({ PORT: 'x', LUOSHI_DEMO: '2', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/Invalid configuration:\n {2}- PORT="x"/);
  });

  it('does not echo a database password in its message', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://user:s3cret@host/db' });
    expect(problems.join()).not.toContain('s3cret');
  });

  it('runs the daily supervision by default, and sends e-mail only with an SMTP host and a sender', () => {
    expect(loadConfig({})).toMatchObject({
      supervisionSchedule: true,
      supervisionCheckMinutes: 30,
      smtp: null,
    });
    expect(loadConfig({ LUOSHI_SUPERVISION_SCHEDULE: '0' }).supervisionSchedule).toBe(false);
    expect(problemsOf({ LUOSHI_SUPERVISION_SCHEDULE: 'yes' })[0]).toContain('LUOSHI_SUPERVISION_SCHEDULE');
    expect(problemsOf({ LUOSHI_SMTP_HOST: 'mail.example.gov.cn' })[0]).toContain('LUOSHI_SMTP_FROM');
    expect(
      loadConfig({ LUOSHI_SMTP_HOST: 'mail.example.gov.cn', LUOSHI_SMTP_FROM: 'luoshi@example.gov.cn' }).smtp,
    ).toEqual({
      host: 'mail.example.gov.cn',
      port: 587,
      secure: false,
      user: null,
      password: null,
      from: 'luoshi@example.gov.cn',
    });
  });
});
