// pibx onboard: QR codes in the terminal and as PNG files, from lab.yaml and the secrets.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runOnboard } from "../../bin/commands/onboard.ts";
import { ONBOARDING_KEY, SECRETS } from "./fixture.ts";
import { decodeWithJsQr } from "./qr-decode.ts";

const LAB = "examples/home-lab/lab.yaml";
let dir: string;
let secretsFile: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "pibx-onboard-cmd-"));
  secretsFile = join(dir, "secrets.json");
  writeFileSync(secretsFile, JSON.stringify({ ...SECRETS, onboardingKey: ONBOARDING_KEY }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("pibx onboard", () => {
  it("prints and writes both QR codes for every softphone", async () => {
    const out = join(dir, "qr");
    const c = io();
    assert.equal(await runOnboard([LAB, "--out", out, "--secrets", secretsFile], c, {}), 0);
    assert.deepEqual(c.err, []);
    assert.deepEqual(readdirSync(out).sort(), [
      "alice-iphone-linphone.png",
      "alice-iphone-sip-account.png",
      "bob-iphone-linphone.png",
      "bob-iphone-sip-account.png",
    ]);
    const url = decodeWithJsQr(readFileSync(join(out, "alice-iphone-linphone.png")))!;
    assert.match(url, /^http:\/\/172\.16\.0\.10\/prov\/onboard\/\S+$/);
    assert.ok(c.out.includes(url));
    assert.equal(
      decodeWithJsQr(readFileSync(join(out, "bob-iphone-sip-account.png"))),
      `sip:102:${SECRETS.ext102Password}@pbx.home.arpa:5060;transport=udp;maddr=172.16.0.10`,
    );
    assert.equal(statSync(join(out, "bob-iphone-linphone.png")).mode & 0o777, 0o600);
    assert.ok(c.out.some((l) => l.includes("sip:101@pbx.home.arpa")));
  });

  it("--device limits it to one softphone; secrets may come from the environment", async () => {
    const c = io();
    const env = {
      PIBX_SECRET_onboardingKey: ONBOARDING_KEY,
      PIBX_SECRET_ext101Password: SECRETS.ext101Password,
    };
    assert.equal(await runOnboard([LAB, "--device", "alice-iphone"], c, env), 0);
    assert.equal(c.out.filter((l) => l.startsWith("── ")).length, 1);
    assert.ok(c.out[0]!.startsWith("── alice-iphone"));
  });

  it("says what is missing", async () => {
    const noKey = io();
    assert.equal(await runOnboard([LAB], noKey, {}), 1);
    assert.match(noKey.err[0]!, /onboarding key is needed/);
    const noPassword = io();
    assert.equal(await runOnboard([LAB], noPassword, { PIBX_SECRET_onboardingKey: ONBOARDING_KEY }), 1);
    assert.match(noPassword.err[0]!, /secret "ext101Password" \(needed by extension 101\) has no value/);
    const unknown = io();
    assert.equal(await runOnboard([LAB, "--device", "desk-7821"], unknown, {}), 1);
    assert.match(unknown.err[0]!, /no softphone "desk-7821"; softphones: alice-iphone, bob-iphone/);
    const usage = io();
    assert.equal(await runOnboard(["--out"], usage, {}), 2);
    assert.match(usage.err[0]!, /^usage: pibx onboard <lab.yaml>/);
  });
});
