import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, testConfig, type TestDatabase } from './test/harness.js';
import { startServer, main } from './server.js';
import { startServerProcess } from './test/processes.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

describe('server start', () => {
  it('on first start without demo creates admin with a random password printed once, then listens', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    let app;
    try {
      app = await startServer(testConfig(tdb, { port: 0, host: '127.0.0.1', demo: false }), {
        handleSignals: false,
      });
    } finally {
      spy.mockRestore();
    }
    try {
      const password = /password: (\S+)/.exec(out.join(''))?.[1];
      expect(password).toBeDefined();
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(await health.json()).toMatchObject({ status: 'ok' });
    } finally {
      await app.close();
    }
  });

  it('a second start finds the admin and prints no password', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const app = await startServer(testConfig(tdb, { port: 0, host: '127.0.0.1', demo: false }), {
        handleSignals: false,
      });
      await app.close();
    } finally {
      spy.mockRestore();
    }
    expect(out.join('')).not.toContain('password:');
  });

  it('refuses to start on an invalid configuration, saying which value is wrong', async () => {
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    try {
      expect(await main({ PORT: 'eighty', LUOSHI_DEMO: 'maybe' })).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(err.join('')).toMatch(/PORT="eighty"/);
    expect(err.join('')).toMatch(/LUOSHI_DEMO="maybe"/);
  });
});

// The built entry point in its own process, as `npm start` runs it (`npm run build` first, as `npm test` does).
describe('server process', () => {
  it('listens, and on SIGTERM finishes and exits with code 0', async () => {
    const server = await startServerProcess(tdb);
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);

    expect((await server.kill('SIGTERM')).code).toBe(0);
    const out = server.output();
    expect(out).toContain('shutting down');
    // Logs are structured (pino JSON lines).
    const lines = out.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    expect(() => lines.map((l) => JSON.parse(l) as unknown)).not.toThrow();
  });
});
