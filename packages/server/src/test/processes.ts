import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './harness.js';

/**
 * The built server and command line run as child processes on a test database: what several servers on one
 * database, the command line beside a server, and a crash need (`npm run build` first, as `npm test` does).
 */
export const SERVER_ENTRY = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../../cli/bin/luoshi.js', import.meta.url));

/** The environment that points a server or the command line at the test database (and nowhere else). */
export function databaseEnv(tdb: TestDatabase, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LUOSHI_DATA_DIR: tdb.dataDir,
    LUOSHI_SUPERVISION_SCHEDULE: '0',
    ...extra,
  };
  delete env.DATABASE_URL;
  if (tdb.databaseUrl) env.DATABASE_URL = tdb.databaseUrl;
  return env;
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  child: ChildProcess;
  /** What the process printed (the last 256 KB). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const KEEP_OUTPUT = 256 * 1024;

/**
 * Starts `node packages/server/dist/server.js` on the test database, listening on an ephemeral loopback port;
 * resolves once it listens, rejects if it exits first or does not listen within `timeoutMs`.
 */
export async function startServerProcess(
  tdb: TestDatabase,
  opts: { demo?: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const env = databaseEnv(tdb, {
    PORT: '0',
    HOST: '127.0.0.1',
    LUOSHI_DEMO: opts.demo ? '1' : '0',
    LUOSHI_WEB_DIST: '0',
    LOG_LEVEL: 'info',
    ...opts.env,
  });
  const child = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const append = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2 * KEEP_OUTPUT) out = out.slice(-KEEP_OUTPUT);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const started = Date.now();
    const timer = setInterval(() => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        void kill('SIGKILL');
        reject(new Error(`server did not listen within ${timeoutMs} ms:\n${out}`));
      }
    }, 25);
    void exited.then(({ code, signal }) => {
      clearInterval(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return { url, child, output: () => out, exited, kill };
}

/** Runs the built `luoshi` command on the test database; resolves with its exit code and output. */
export function runCli(
  tdb: TestDatabase,
  args: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: databaseEnv(tdb, { LOG_LEVEL: 'silent' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One JSON request over real HTTP; a connection error answers status 0 (the server died) rather than throwing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test helper: the tests that read an answer check its shape
export async function api<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: body as T, headers: res.headers };
  } catch {
    return { status: 0, body: null as T, headers: new Headers() };
  }
}

/** Logs in over HTTP and creates an API token, so that the requests that follow need no CSRF token. */
export async function tokenFor(base: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const res = await api<{ token: string }>(base, 'POST', '/api/v1/tokens', {
    headers: { cookie, 'x-csrf-token': csrfToken },
    body: { name: 'test' },
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}
