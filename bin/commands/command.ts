// A pibx subcommand: one file per command under bin/commands/, listed in bin/commands/index.ts.

export interface CommandIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export interface Command {
  readonly name: string;
  /** One line for `pibx help`. */
  readonly summary: string;
  /** Arguments after the command name, e.g. `<lab.yaml>`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Exit code for wrong usage (unknown command, missing argument). */
export const usageExitCode = 2;
