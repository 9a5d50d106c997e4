import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Log levels pino understands. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's configuration, validated once at start. Everything else reads this, never `process.env`. */
export interface Config {
  port: number;
  host: string;
  /** Where the SQLite file (and anything else kept on disk) lives. */
  dataDir: string;
  /** When set, PostgreSQL is used instead of SQLite. */
  databaseUrl: string | null;
  /** Demo mode: the Chengdu plan and one account per role on first start. */
  demo: boolean;
  logLevel: LogLevel;
  sessionTtlHours: number;
  /** The built web app to serve, or null to serve the API only. */
  webDistDir: string | null;
  /** Largest accepted request body (and uploaded file), in bytes. */
  bodyLimit: number;
  /** Failed logins allowed per IP and username within `loginWindowMinutes` before 429. */
  loginMaxFailures: number;
  /**
   * Failed logins allowed per username within `loginWindowMinutes` whatever the addresses, so that a guesser with
   * many addresses is stopped too. While it is used up, the account's owner must wait as well (their sessions and
   * tokens keep working); hence a default well above the per-address one.
   */
  loginMaxAccountFailures: number;
  loginWindowMinutes: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (login rate limiting keys on it). */
  trustProxy: boolean;
  /**
   * Run the supervision rules inside the server once a day (for every active plan, on the local China date of
   * `app.clock()`); off with LUOSHI_SUPERVISION_SCHEDULE=0 (and in tests, unless a test turns it on).
   */
  supervisionSchedule: boolean;
  /** How often the schedule looks whether a new day has begun, in minutes. */
  supervisionCheckMinutes: number;
  /** SMTP server for notices by e-mail; null leaves e-mail off. */
  smtp: SmtpConfig | null;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

/** 10 MiB: the documented upload limit. */
export const BODY_LIMIT = 10 * 1024 * 1024;

/** Thrown when the environment holds values the server refuses to start with; lists every bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Reads and validates the configuration from an environment (default `process.env`). Unset values take their
 * defaults; a set but malformed value is an error, never silently replaced, so a typo does not start a server
 * that behaves differently from what the operator asked for.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  };

  const port = integer('PORT', 3000, 0, 65535);
  const host = get('HOST') ?? 'localhost';

  const dataDir = path.resolve(get('LUOSHI_DATA_DIR') ?? './data');

  let databaseUrl = get('DATABASE_URL') ?? null;
  if (databaseUrl !== null) {
    let ok = false;
    try {
      const u = new URL(databaseUrl);
      ok = u.protocol === 'postgres:' || u.protocol === 'postgresql:';
    } catch {
      ok = false;
    }
    if (!ok) {
      problems.push(
        `DATABASE_URL: expected a PostgreSQL URL like postgres://user@host:5432/db (leave it unset for SQLite)`,
      );
      databaseUrl = null;
    }
  }

  let demo = true;
  const demoRaw = get('LUOSHI_DEMO');
  if (demoRaw !== undefined) {
    if (demoRaw === '0' || demoRaw === '1') demo = demoRaw === '1';
    else problems.push(`LUOSHI_DEMO=${JSON.stringify(demoRaw)}: expected 0 (off) or 1 (on)`);
  }

  let logLevel: LogLevel = 'info';
  const levelRaw = get('LOG_LEVEL');
  if (levelRaw !== undefined) {
    if ((LOG_LEVELS as readonly string[]).includes(levelRaw)) logLevel = levelRaw as LogLevel;
    else problems.push(`LOG_LEVEL=${JSON.stringify(levelRaw)}: expected one of ${LOG_LEVELS.join(', ')}`);
  }

  let trustProxy = false;
  const proxyRaw = get('LUOSHI_TRUST_PROXY');
  if (proxyRaw !== undefined) {
    if (proxyRaw === '0' || proxyRaw === '1') trustProxy = proxyRaw === '1';
    else
      problems.push(
        `LUOSHI_TRUST_PROXY=${JSON.stringify(proxyRaw)}: expected 0 (off) or 1 (behind a reverse proxy)`,
      );
  }

  const sessionTtlHours = integer('LUOSHI_SESSION_TTL_HOURS', 12, 1, 24 * 365);
  const loginMaxFailures = integer('LUOSHI_LOGIN_MAX_FAILURES', 10, 1, 1_000_000);
  const loginWindowMinutes = integer('LUOSHI_LOGIN_WINDOW_MINUTES', 10, 1, 24 * 60);
  const loginMaxAccountFailures = integer(
    'LUOSHI_LOGIN_MAX_ACCOUNT_FAILURES',
    5 * loginMaxFailures,
    1,
    1_000_000,
  );
  if (loginMaxAccountFailures < loginMaxFailures) {
    problems.push(
      `LUOSHI_LOGIN_MAX_ACCOUNT_FAILURES=${loginMaxAccountFailures}: expected at least LUOSHI_LOGIN_MAX_FAILURES (${loginMaxFailures}), since it counts the failures of all addresses together`,
    );
  }

  const webRaw = get('LUOSHI_WEB_DIST');
  const webDistDir = webRaw === undefined ? defaultWebDist : webRaw === '0' ? null : path.resolve(webRaw);

  let supervisionSchedule = true;
  const scheduleRaw = get('LUOSHI_SUPERVISION_SCHEDULE');
  if (scheduleRaw !== undefined) {
    if (scheduleRaw === '0' || scheduleRaw === '1') supervisionSchedule = scheduleRaw === '1';
    else
      problems.push(`LUOSHI_SUPERVISION_SCHEDULE=${JSON.stringify(scheduleRaw)}: expected 0 (off) or 1 (on)`);
  }
  const supervisionCheckMinutes = integer('LUOSHI_SUPERVISION_CHECK_MINUTES', 30, 1, 24 * 60);

  let smtp: SmtpConfig | null = null;
  const smtpHost = get('LUOSHI_SMTP_HOST');
  if (smtpHost !== undefined) {
    const from = get('LUOSHI_SMTP_FROM');
    if (from === undefined)
      problems.push('LUOSHI_SMTP_FROM: required with LUOSHI_SMTP_HOST (the sender address)');
    const secureRaw = get('LUOSHI_SMTP_SECURE') ?? '0';
    if (secureRaw !== '0' && secureRaw !== '1')
      problems.push(`LUOSHI_SMTP_SECURE=${JSON.stringify(secureRaw)}: expected 0 or 1`);
    smtp = {
      host: smtpHost,
      port: integer('LUOSHI_SMTP_PORT', secureRaw === '1' ? 465 : 587, 1, 65535),
      secure: secureRaw === '1',
      user: get('LUOSHI_SMTP_USER') ?? null,
      password: get('LUOSHI_SMTP_PASSWORD') ?? null,
      from: from ?? '',
    };
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    demo,
    logLevel,
    sessionTtlHours,
    webDistDir,
    bodyLimit: BODY_LIMIT,
    loginMaxFailures,
    loginMaxAccountFailures,
    loginWindowMinutes,
    trustProxy,
    supervisionSchedule,
    supervisionCheckMinutes,
    smtp,
  };
}
