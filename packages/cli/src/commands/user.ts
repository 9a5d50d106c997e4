import { CLI_ACTOR, DomainError, ROLES, createUser, type Role } from '@luoshi/server';
import { EXIT_OK, UsageError, type CommandContext } from '../command.js';
import { parseOptions, readStdin } from './args.js';
import { withDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi user add --username U --role R [--unit NAME] [--display-name N] --password-stdin

创建账号；密码从标准输入读取（不出现在命令行参数中）。
Creates an account; the password is read from standard input, so it never appears in the argument list.

  --role R          ${ROLES.join(' | ')}
  --unit NAME       所属单位的名称或别称 / the unit's name or an alias (required for unit_officer)

例 Example: printf '%s' "$PASSWORD" | luoshi user add --username li --role secretariat --password-stdin
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  if (args[0] !== 'add') throw new UsageError('子命令只有 add / the only subcommand is add');
  const { values, flags } = parseOptions(args.slice(1), {
    values: ['username', 'role', 'unit', 'display-name'],
    flags: ['password-stdin'],
  });
  const username = values.username;
  const role = values.role;
  if (!username) throw new UsageError('缺少 --username / missing --username');
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role 必须是 / must be one of: ${ROLES.join(', ')}`);
  }
  if (!flags.has('password-stdin'))
    throw new UsageError('需要 --password-stdin / --password-stdin is required');
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password.length < 8) {
    ctx.stderr('luoshi user add: 密码至少 8 个字符 / the password needs at least 8 characters\n');
    return 1;
  }

  return withDatabase(ctx, async ({ db }) => {
    let unitId: number | null = null;
    if (values.unit !== undefined) {
      const name = values.unit;
      const unit =
        (await db
          .selectFrom('units')
          .select('id')
          .where('name', '=', name)
          .where('merged_into_id', 'is', null)
          .executeTakeFirst()) ??
        (await db
          .selectFrom('unit_aliases')
          .select('unit_id as id')
          .where('alias', '=', name)
          .executeTakeFirst());
      if (!unit) {
        ctx.stderr(`luoshi user add: 没有名为「${name}」的单位 / no unit named "${name}"\n`);
        return 1;
      }
      unitId = unit.id;
    }
    try {
      const user = await createUser(db, CLI_ACTOR, {
        username,
        displayName: values['display-name'] ?? username,
        role: role as Role,
        unitId,
        password,
      });
      ctx.stdout(
        `已创建用户 created user ${user.username} (id ${user.id}, ${user.role}${user.unitName ? `, ${user.unitName}` : ''})\n`,
      );
      return EXIT_OK;
    } catch (err) {
      if (err instanceof DomainError) {
        ctx.stderr(
          `luoshi user add: ${err.userMessage?.zh ?? err.message} (${err.code})${err.detail ? `: ${err.detail}` : ''}\n`,
        );
        return 1;
      }
      throw err;
    }
  });
}
