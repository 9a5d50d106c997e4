import { UsageError } from '../command.js';

/**
 * Parses `--name value` / `--name=value` options and boolean `--flag`s; anything else is a usage error.
 * Shared by the database, user, token and serve commands.
 */
export function parseOptions(
  args: string[],
  spec: { values: readonly string[]; flags?: readonly string[] },
): { values: Record<string, string>; flags: Set<string> } {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) throw new UsageError(`多余的参数 / unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (spec.flags?.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} 不带值 / takes no value`);
      flags.add(name);
    } else if (spec.values.includes(name)) {
      const v = eq === -1 ? args[++i] : a.slice(eq + 1);
      if (v === undefined || v === '') throw new UsageError(`--${name} 需要一个值 / needs a value`);
      values[name] = v;
    } else {
      throw new UsageError(`未知选项 / unknown option: ${a}`);
    }
  }
  return { values, flags };
}

/** Reads all of standard input as UTF-8 (for secrets, which must not appear in the argument list). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
