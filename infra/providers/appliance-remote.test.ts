import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { defaultApplianceRemote, pushCommands, remoteCommand, shellQuote } from "./appliance-remote.ts";

const sh = (command: string, stdin = "") =>
  execFileSync("sh", ["-c", command], { input: stdin, encoding: "utf8" });

test("shell quoting survives quotes, spaces and $", () => {
  const word = `it's a "$HOME" path`;
  assert.equal(sh(`printf %s ${shellQuote(word)}`), word);
});

test("the default contract is the image's: sudo, /etc/pibx/appliance.json, SIGHUP through systemd", () => {
  const c = pushCommands(defaultApplianceRemote, "n1");
  assert.equal(c.tempPath, "/etc/pibx/appliance.json.pibx-n1.tmp");
  assert.match(c.upload, /^sudo -n sh -c /);
  assert.equal(c.validate, undefined);
  // The appliance runs as the image's static _pibx user: the file it reads is root:_pibx 0640.
  assert.match(c.swap, /chgrp \S*_pibx\S* \S+ && chmod 0640 .*mv -f/);
  assert.match(
    remoteCommand(defaultApplianceRemote, defaultApplianceRemote.reloadCommand),
    /kill --signal=HUP pibx/,
  );
});

test("upload, validate, swap and restore do what they say on a real shell (in a temp dir with a space)", () => {
  const dir = mkdtempSync(join(tmpdir(), "pibxp remote "));
  try {
    const configPath = join(dir, "etc", "appliance.json");
    const group = execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();
    const remote = {
      ...defaultApplianceRemote,
      configPath,
      configGroup: group,
      sudo: false,
      validateCommand: "grep -q version {file}",
    };
    const c = pushCommands(remote, "n2");
    sh(c.upload, '{"version":1}\n');
    assert.equal(statSync(c.tempPath).mode & 0o777, 0o600);
    assert.ok(c.validate);
    sh(c.validate);
    sh(c.swap);
    assert.equal(readFileSync(configPath, "utf8"), '{"version":1}\n');
    assert.equal(statSync(configPath).mode & 0o777, 0o640);
    assert.equal(statSync(configPath).gid, process.getgid?.());
    // A second swap keeps the first file as .previous; restore puts it back.
    sh(c.upload, '{"version":2}\n');
    sh(c.swap);
    assert.equal(readFileSync(`${configPath}.previous`, "utf8"), '{"version":1}\n');
    sh(c.restore);
    assert.equal(readFileSync(configPath, "utf8"), '{"version":1}\n');
    writeFileSync(c.tempPath, "no");
    assert.throws(() => sh(c.validate ?? "false"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
