/** What every `luoshi` command is given: where to write, and where it runs. Tests pass their own. */
export interface CommandContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A command's implementation: the arguments after its name → the process exit code. */
export type CommandRun = (args: string[], ctx: CommandContext) => Promise<number>;

/** One entry of the command table in `index.ts`. */
export interface CommandSpec {
  /** The words that name it: `['parse']`, `['db', 'migrate']`. */
  name: string[];
  /** One line for `luoshi --help`, Chinese first with English beside. */
  summary: string;
  /** Loaded only when the command runs, so `luoshi parse` never loads the server and its database drivers. */
  load: () => Promise<{ run: CommandRun; usage: string }>;
}

/** Exit codes: 0 done; 1 done, but the input had errors (see the diagnostics); 2 bad usage or unreadable file. */
export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
