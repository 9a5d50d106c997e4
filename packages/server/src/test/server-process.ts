import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './harness.js';

/** The built server (`npm run build` first, as `npm test` does): the same entry point `npm start` runs. */
const ENTRY = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

/** A server running in its own process on a test database, reached over real HTTP. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code (null when killed by the signal). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
}

/** Starts `dist/server.js` on the test database (no demo, no web app); resolves once it listens. */
export async function startServerProcess(
  tdb: TestDatabase,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LUOSHI_DATA_DIR: tdb.dataDir,
    LUOSHI_DEMO: '0',
    LUOSHI_WEB_DIST: '0',
    LOG_LEVEL: 'info',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  if (tdb.databaseUrl) childEnv.DATABASE_URL = tdb.databaseUrl;
  const child = spawn(process.execPath, [ENTRY], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
