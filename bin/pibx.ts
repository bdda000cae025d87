// pibx: the command line. `pibx validate <lab.yaml>`; `pibx help` lists the commands.
import { commands } from "./commands/index.ts";
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2), commands, {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
