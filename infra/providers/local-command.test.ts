import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  fileSha256,
  LocalCommandError,
  localCommandCheck,
  localCommandCreate,
  localCommandDiff,
  localCommandRead,
  parsePathAndSha256,
} from "./local-command.ts";

const dir = mkdtempSync(join(tmpdir(), "pibxp-local-command-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const sha = "0123456789abcdef".repeat(4);

test("the builder's stdout contract: the last two lines are an absolute path and a sha256", () => {
  assert.deepEqual(parsePathAndSha256(`noise\n/cache/pibx-1.img\n${sha}\n`), {
    path: "/cache/pibx-1.img",
    sha256: sha,
  });
  assert.equal(parsePathAndSha256("relative.img\n" + sha), undefined);
  assert.equal(parsePathAndSha256("/x.img\nnot-a-hash"), undefined);
});

test("check names each bad property", () => {
  const result = localCommandCheck({ command: [], cwd: "rel", triggers: 1, parse: "json" });
  assert.deepEqual(
    result.failures?.map((f) => f.property),
    ["command", "cwd", "triggers", "parse"],
  );
});

test("create runs argv in cwd with env, parses the image path and hash; read notices a vanished file", async () => {
  const image = join(dir, "pibx-test.img");
  // A stand-in for the image builder: writes a file and prints its path and sha256, as cli.ts does.
  const script = `printf '%s' "$CONTENT" > ${image} && echo progress >&2 && echo ${image} && sha256sum ${image} | cut -d' ' -f1`;
  const inputs = {
    command: ["sh", "-c", script],
    cwd: dir,
    env: { CONTENT: "disk" },
    triggers: "k1",
    parse: "path-sha256" as const,
  };
  const { outs } = await localCommandCreate(inputs);
  assert.equal(outs?.path, image);
  assert.equal(outs?.sha256, await fileSha256(image));
  assert.ok(outs);
  assert.equal(localCommandDiff(outs, inputs).changes, false);
  assert.equal(localCommandDiff(outs, { ...inputs, triggers: "k2" }).changes, true);

  assert.deepEqual((await localCommandRead("id", outs)).props, outs);
  writeFileSync(image, "tampered");
  const refreshed = (await localCommandRead("id", outs)).props;
  assert.equal(refreshed?.sha256, "missing");
  assert.ok(refreshed);
  assert.equal(localCommandDiff(refreshed, inputs).changes, true, "a vanished image is rebuilt");
});

test("a failing command is a LocalCommandError with its exit code and stderr", async () => {
  await assert.rejects(
    localCommandCreate({ command: ["sh", "-c", "echo broken recipe >&2; exit 3"], cwd: dir, triggers: "" }),
    (err: unknown) =>
      err instanceof LocalCommandError && err.exitCode === 3 && err.stderrTail === "broken recipe",
  );
  await assert.rejects(
    localCommandCreate({ command: ["echo", "no hash"], cwd: dir, triggers: "", parse: "path-sha256" }),
    /did not print a path and a sha256/,
  );
});
