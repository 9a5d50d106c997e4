import { readFileSync } from 'node:fs';
import { EXIT_OK, EXIT_USAGE, UsageError, type CommandContext, type CommandSpec } from './command.js';

export {
  EXIT_INPUT_ERRORS,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  type CommandContext,
  type CommandSpec,
} from './command.js';

/**
 * The command table. Each command is one file under `commands/`, exporting `run` and `usage`; add a line here
 * for a new one (multi-word names such as `['db', 'migrate']` are matched word by word).
 */
export const COMMANDS: CommandSpec[] = [
  {
    name: ['parse'],
    summary: '解析方案文件，输出结构化草稿 / Parse a plan file into a structured draft',
    load: () => import('./commands/parse.js'),
  },
  {
    name: ['db', 'migrate'],
    summary: '将数据库升级到最新结构 / Apply pending database migrations',
    load: () => import('./commands/db.js'),
  },
  {
    name: ['user'],
    summary: '创建账号（user add）/ Create an account (user add)',
    load: () => import('./commands/user.js'),
  },
  {
    name: ['token'],
    summary: '创建 API 令牌（token create）/ Create an API token (token create)',
    load: () => import('./commands/token.js'),
  },
  {
    name: ['audit'],
    summary: '核验审计日志的哈希链（audit verify）/ Verify the audit log hash chain (audit verify)',
    load: () => import('./commands/audit.js'),
  },
  {
    name: ['backup'],
    summary: '服务运行时做一致的备份 / Back up the database while the server runs',
    load: () => import('./commands/backup.js'),
  },
  {
    name: ['restore'],
    summary: '从备份恢复数据库 / Restore the database from a backup',
    load: () => import('./commands/restore.js'),
  },
  {
    name: ['figures', 'import'],
    summary: '从 CSV/XLSX 导入统计数据（全部或全不）/ Import figures from CSV or XLSX (all or nothing)',
    load: () => import('./commands/figures.js'),
  },
  {
    name: ['supervise'],
    summary: '按某一天运行督办规则 / Run the supervision rules for a day (--as-of YYYY-MM-DD)',
    load: () => import('./commands/supervise.js'),
  },
  {
    name: ['serve'],
    summary: '启动服务 / Start the server',
    load: () => import('./commands/serve.js'),
  },
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.join(' ').length));
  const lines = COMMANDS.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    "luoshi — 落实：从方案文本到落实结果 / Luoshi: from a plan's text to its results",
    '',
    '用法 Usage: luoshi <command> [options]',
    '',
    '命令 Commands:',
    ...lines,
    '',
    '  luoshi <command> --help   命令说明 / help on a command',
    '  luoshi --version          版本 / version',
    '',
    '退出码 Exit codes: 0 成功 done; 1 输入有错误诊断 the input has error diagnostics; 2 用法或文件错误 bad usage or file',
    '',
  ].join('\n');
}

function findCommand(argv: string[]): { spec: CommandSpec; rest: string[] } | null {
  let best: CommandSpec | null = null;
  for (const c of COMMANDS) {
    if (c.name.every((w, i) => argv[i] === w) && (!best || c.name.length > best.name.length)) best = c;
  }
  return best ? { spec: best, rest: argv.slice(best.name.length) } : null;
}

const processContext: CommandContext = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
};

/** The `luoshi` command line: dispatches `argv` (without node and the script) to a command; returns the exit code. */
export async function main(argv: string[], ctx: CommandContext = processContext): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? ctx.stderr : ctx.stdout)(help());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    ctx.stdout(`${version()}\n`);
    return EXIT_OK;
  }
  const found = findCommand(argv);
  if (!found) {
    ctx.stderr(`luoshi: 未知命令 / unknown command: ${argv.join(' ')}\n\n${help()}`);
    return EXIT_USAGE;
  }
  const { run, usage } = await found.spec.load();
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    ctx.stdout(usage);
    return EXIT_OK;
  }
  try {
    return await run(found.rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr(`luoshi ${found.spec.name.join(' ')}: ${e.message}\n\n${usage}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

function version(): string {
  try {
    // dist/index.js → ../package.json; Node resolves the workspace link, so this is the cli package's own file.
    return `luoshi ${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;
  } catch {
    return 'luoshi';
  }
}
