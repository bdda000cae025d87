// The pibx command line, as a function of its arguments and output streams (tested without a
// subprocess); bin/pibx.ts runs it on the real process.
import { type Command, type CommandIo, usageExitCode } from "./commands/command.ts";

export function helpText(commands: readonly Command[]): string[] {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.usage}`.length));
  return [
    "usage: pibx <command> [arguments]",
    "",
    "commands:",
    ...commands.map((c) => `  ${`${c.name} ${c.usage}`.padEnd(width)}  ${c.summary}`),
  ];
}

export async function main(
  args: readonly string[],
  commands: readonly Command[],
  io: CommandIo,
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const out = name === undefined ? io.stderr : io.stdout;
    for (const line of helpText(commands)) out(line);
    return name === undefined ? usageExitCode : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`pibx: unknown command "${name}"`);
    for (const line of helpText(commands)) io.stderr(line);
    return usageExitCode;
  }
  return command.run(rest, io);
}
