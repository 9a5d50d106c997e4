import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ensureInitialAdmin } from './users/bootstrap.js';
import { demoBanner, seedDemo } from './demo/demo.js';
import { readAuditHead } from './audit/chain.js';
import { auditLogPowers } from './db/roles.js';
import { seedAreas } from './areas/area-data.js';

/** Start-up work once the database is migrated: new seed areas; on first start, demo data or the initial admin. */
export async function prepare(app: FastifyInstance, config: Config): Promise<void> {
  // Under the start-up lock, so that of two servers starting at once on an empty database one seeds and the
  // other, waiting, then finds users and leaves the data alone.
  await app.dbExclusive(async () => {
    // Areas added to the seed file since the last start (changes over time are data, not migrations).
    const areas = await seedAreas(app.db);
    if (areas > 0) app.log.info({ areas }, 'areas seeded');
    if (config.demo) {
      const demo = await seedDemo(app.db);
      if (demo.seeded) process.stdout.write(demoBanner(demo));
    }
    await createFirstAdmin(app);
  });
}

async function createFirstAdmin(app: FastifyInstance): Promise<void> {
  // Without demo accounts (demo off, or demo seeding not done), an empty database gets an admin: the only way in.
  const password = await ensureInitialAdmin(app.db);
  if (password !== null) {
    process.stdout.write(
      `\n  首次启动：已创建管理员账号 / First start: created the admin account\n` +
        `    username: admin\n    password: ${password}\n` +
        `  此密码只显示这一次，请立即登录并修改。 / This password is shown only once; log in and change it.\n\n`,
    );
  }
}

/**
 * Logs the audit chain's head at every start: an operator who keeps these lines (or the value the audit page
 * shows) can later prove with `luoshi audit verify --expect-head HASH` that nothing up to it was removed. Warns
 * when the PostgreSQL role the server runs as could erase or rewrite the log.
 */
async function reportAuditLog(app: FastifyInstance): Promise<void> {
  const head = await readAuditHead(app.db);
  app.log.info(
    { auditHead: head.hash, auditRows: head.rows },
    'audit log head (check later: luoshi audit verify --expect-head <auditHead>)',
  );
  if (app.dbDialect !== 'postgres') return;
  const powers = await auditLogPowers(app.db);
  if (powers.superuser || powers.owner || powers.canTruncate || powers.canUpdateOrDelete) {
    app.log.warn(
      {
        role: powers.role,
        superuser: powers.superuser,
        owner: powers.owner,
        canTruncate: powers.canTruncate,
      },
      'the database role of this server could erase or rewrite the audit log: run it as an app role ' +
        '(README, "PostgreSQL roles")',
    );
  }
}

/** Starts the server: validated config, app, first-start work, listen; closes cleanly on SIGINT/SIGTERM. */
export async function startServer(
  config: Config,
  opts: { handleSignals?: boolean } = {},
): Promise<FastifyInstance> {
  const app = await buildApp(config);
  try {
    await prepare(app, config);
    await reportAuditLog(app);
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    throw err;
  }
  if (opts.handleSignals === false) return app;

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      // A second signal means the operator does not want to wait for in-flight requests.
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return app;
}

/** Entry point: refuses to start, with one line per bad value, when the configuration is invalid. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`luoshi: refusing to start.\n${err.message}\n`);
      return 1;
    }
    throw err;
  }
  await startServer(config);
  return 0;
}

const isEntry =
  process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  main().then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`luoshi: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
