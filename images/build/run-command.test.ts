import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ImageBuildError } from "../errors.ts";
import { culpritOf, runCommand } from "./run-command.ts";

describe("build step errors", () => {
  it("names the package or file an error output blames", () => {
    assert.equal(culpritOf("dpkg: error processing package nodejs (--configure):\n"), "nodejs");
    assert.equal(culpritOf("E: Version '9.9' for 'sudo' was not found"), "sudo");
    assert.equal(culpritOf("E: Unable to locate package pibx-nonexistent"), "pibx-nonexistent");
    assert.equal(
      culpritOf(
        "The following packages have unmet dependencies:\n foo : Depends: bar but it is not installable",
      ),
      "foo",
    );
    assert.equal(culpritOf("mcopy: cannot stat '/tmp/x/start4.elf'"), "/tmp/x/start4.elf");
    assert.equal(culpritOf("all fine"), undefined);
  });

  it("fails with the step, the tool's last lines and the culprit", async () => {
    await assert.rejects(
      runCommand("base system", "sh", ["-c", "echo 'E: Unable to locate package nosuch' >&2; exit 100"]),
      (e: unknown) =>
        e instanceof ImageBuildError &&
        e.step === "base system" &&
        e.subject === "nosuch" &&
        /exited with 100/.test(e.message),
    );
  });

  it("returns stdout and streams lines", async () => {
    const lines: string[] = [];
    const r = await runCommand("t", "sh", ["-c", "echo one; echo two >&2"], { onLine: (l) => lines.push(l) });
    assert.equal(r.stdout, "one\n");
    assert.deepEqual(lines.sort(), ["one", "two"]);
  });
});
