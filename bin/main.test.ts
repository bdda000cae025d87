import assert from "node:assert/strict";
import { test } from "node:test";
import type { Command, CommandIo } from "./commands/command.ts";
import { main } from "./main.ts";

function capture(): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
}

const echo: Command = {
  name: "echo",
  summary: "print the arguments",
  usage: "<words…>",
  async run(args, io) {
    io.stdout(args.join(" "));
    return 0;
  },
};

test("dispatches to the named command with the remaining arguments", async () => {
  const io = capture();
  assert.equal(await main(["echo", "a", "b"], [echo], io), 0);
  assert.deepEqual(io.out, ["a b"]);
});

test("help lists the commands; no command is a usage error", async () => {
  const io = capture();
  assert.equal(await main(["help"], [echo], io), 0);
  assert.deepEqual(io.out, [
    "usage: pibx <command> [arguments]",
    "",
    "commands:",
    "  echo <words…>  print the arguments",
  ]);
  const none = capture();
  assert.equal(await main([], [echo], none), 2);
  assert.equal(none.err[0], "usage: pibx <command> [arguments]");
});

test("an unknown command is a usage error", async () => {
  const io = capture();
  assert.equal(await main(["deploy"], [echo], io), 2);
  assert.equal(io.err[0], 'pibx: unknown command "deploy"');
});
