// One CLI subcommand: each lives in src/cli/commands/<name>.ts and is listed in main.ts.

export interface Command {
  readonly name: string;
  /** One line for `sbert --help`. */
  readonly summary: string;
  /** The full `sbert <name> --help` text: usage, options, input formats. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}
