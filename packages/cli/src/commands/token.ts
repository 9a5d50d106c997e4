import { CLI_ACTOR, createApiToken, findUserByUsername } from '@luoshi/server';
import { EXIT_OK, UsageError, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';
import { withDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi token create --username U [--name N]

为用户创建 API 令牌并打印（只显示这一次）；请求时使用 "Authorization: Bearer <令牌>"。
Creates an API token for the user and prints it (shown only this once); send it as "Authorization: Bearer <token>".
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  if (args[0] !== 'create') throw new UsageError('子命令只有 create / the only subcommand is create');
  const { values } = parseOptions(args.slice(1), { values: ['username', 'name'] });
  if (!values.username) throw new UsageError('缺少 --username / missing --username');
  const username = values.username;
  // A token for a user of some other, new database would be useless: refuse to create one.
  return withDatabase(
    ctx,
    async ({ db }) => {
      const user = await findUserByUsername(db, username);
      if (!user || user.disabled) {
        ctx.stderr(`luoshi token create: 没有可用的用户「${username}」/ no enabled user "${username}"\n`);
        return 1;
      }
      const { token } = await createApiToken(db, CLI_ACTOR, user.id, values.name ?? 'cli');
      // Only the token on stdout, so that scripts can capture it: TOKEN=$(luoshi token create --username x)
      ctx.stdout(`${token}\n`);
      return EXIT_OK;
    },
    { requireExisting: true },
  );
}
