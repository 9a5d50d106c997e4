import { ConfigError, loadConfig, startServer } from '@luoshi/server';
import { EXIT_OK, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';

export const usage = `用法 Usage: luoshi serve [--port N] [--host H]

启动服务（与 npm start 相同），配置来自环境变量 PORT、HOST、LUOSHI_DATA_DIR、DATABASE_URL、LUOSHI_DEMO、LOG_LEVEL。
Starts the server (as npm start does); configured by PORT, HOST, LUOSHI_DATA_DIR, DATABASE_URL, LUOSHI_DEMO, LOG_LEVEL.
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseOptions(args, { values: ['port', 'host'] });
  const env = { ...ctx.env };
  if (values.port !== undefined) env.PORT = values.port;
  if (values.host !== undefined) env.HOST = values.host;
  try {
    await startServer(loadConfig(env));
  } catch (err) {
    if (err instanceof ConfigError) {
      ctx.stderr(`luoshi serve: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  // The listening server keeps the process alive until SIGINT/SIGTERM.
  return EXIT_OK;
}
