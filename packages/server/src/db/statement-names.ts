import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * Marks a statement as hot: on PostgreSQL it then runs as a named prepared statement, which the server parses and
 * plans once per connection instead of on every call (see the pool's client in database.ts). Only statements of
 * fixed text are named (preparedQuery's, the read path's), so their number stays small and bounded.
 */
export function nameStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, 'luoshi_' + createHash('sha1').update(sql).digest('hex').slice(0, 20));
}

/** The name a hot statement runs under, or undefined for any other statement. */
export function statementName(sql: string): string | undefined {
  return names.get(sql);
}
