/** The `luoshi` command line. TODO(cli): parse, db migrate, user add, token create. */
export function main(argv: string[]): Promise<number> {
  process.stderr.write(`luoshi: unknown command ${argv.join(' ')}\n`);
  return Promise.resolve(2);
}
