// `npm run test:lab-up` (long; skipped unless PIBX_LAB_UP_TESTS=1): the README's main command as a
// user runs it, under the lab lock. `npm run lab -- --fast` brings up the lab, the appliance as a
// process in the pi box and the stack (`pulumi up` of examples/virtual-lab/lab.yaml), then places
// the smoke call (DID → IVR → "13" → the desk phone); a second `pulumi up` changes nothing; an IVR
// option changed while a call is up is previewed in phone-system terms and applied without dropping
// the call; the same
// chain with the DID pointed straight at extension 100 (a copy of the example, applied with
// `pulumi up` to the running appliance) carries a call with audio both ways; `npm run lab -- down`
// leaves nothing behind. Timings are printed as test diagnostics.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseDocument } from "yaml";
import { repoRoot } from "../pulumi/pulumi-cli.ts";
import { readChain } from "./chain-record.ts";
import { labNamespaces } from "./cleanup.ts";
import { findDaemon, isRunning } from "./daemon.ts";
import { acquireLabLock, releaseLabLock } from "./lab-lock.ts";
import { DEFAULT_RUN_DIR } from "./options.ts";
import { Phone } from "./phone.ts";
import { addressOf } from "./topology.ts";

const isRoot = process.getuid?.() === 0;
const skip = !isRoot
  ? "needs root"
  : !process.env.PIBX_LAB_UP_TESTS && "long: run it with npm run test:lab-up";

interface Run {
  code: number;
  output: string;
  seconds: number;
}

/** `npm run lab -- <args>` as a user types it; its output is kept for the assertion messages. */
function npmLab(args: readonly string[], timeoutMs = 3_600_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "lab", "--", ...args], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const tail = (r: Run, lines = 40) => r.output.trim().split("\n").slice(-lines).join("\n");

describe("npm run lab -- --fast: the whole chain on the virtual lab", { skip }, () => {
  let dir = "";

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "pibx-lab-up-"));
    // Held for the whole file: `npm run lab` in a child uses the lab under this lock (lab-lock.ts).
    await acquireLabLock(1_800_000);
  });

  after(async () => {
    try {
      if (existsSync(DEFAULT_RUN_DIR)) await npmLab(["down"], 120_000);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
      releaseLabLock();
    }
  });

  it("brings up the lab, the appliance, the stack, and places the smoke call", async (t) => {
    const r = await npmLab(["--fast"]);
    t.diagnostic(`npm run lab -- --fast: ${r.seconds.toFixed(1)} s`);
    const record = readChain(DEFAULT_RUN_DIR);
    assert.ok(record, `no chain record:\n${tail(r)}`);
    for (const p of record.phases) t.diagnostic(`${p.name}: ${p.seconds.toFixed(1)} s`);
    const failed = record.phases.find((p) => !p.ok);
    assert.equal(failed, undefined, `phase ${failed?.name} failed: ${failed?.detail}\n${tail(r)}`);
    assert.deepEqual(
      record.phases.map((p) => p.name),
      ["setup", "lab", "process", "pulumi up", "smoke call"],
    );
    assert.equal(r.code, 0, tail(r));
    // The report names each phase, the smoke call's steps and where the logs are.
    assert.match(r.output, /^ {2}pulumi up +\d+\.\d s {2}ok/m);
    assert.match(r.output, /^smoke call: DID 15550123 → IVR main → "13" → extension 100/m);
    assert.match(r.output, /audio caller → desk phone: 1000 Hz: heard/);
    // The desk phone registered with the credentials of the file `pulumi up` had pushed.
    assert.match(r.output, /provisioning file from the appliance.*line 1 is 100/);
    assert.match(r.output, /port forwards, internet → appliance:/);
    assert.match(r.output, /^ {2}pulumi {6}\/run\/pibx-lab\/pulumi\/pulumi\.log$/m);
  });

  it("a second `pulumi up` changes nothing", async (t) => {
    const r = await npmLab(["pulumi", "up", "--yes", "--expect-no-changes"]);
    t.diagnostic(`pulumi up (no changes): ${r.seconds.toFixed(1)} s (npm run lab -- pulumi …)`);
    assert.equal(r.code, 0, tail(r));
  });

  it("an IVR option changed during a call: the preview says so in phone-system terms, `pulumi up` keeps the call", async (t) => {
    // The call in progress: the pstn phone through the IVR's "13" to the desk phone (auto-answer).
    const caller = await Phone.connect("pstn");
    const desk = await Phone.connect("desk-phone");
    try {
      const [mc, md] = [caller.mark(), desk.mark()];
      await caller.dial(`sip:15550123@${addressOf("provider")}`);
      await caller.waitFor("CALL_ESTABLISHED", 20_000, mc);
      await new Promise((r) => setTimeout(r, 1500)); // into the greeting
      await caller.sendDtmf("13");
      await desk.waitFor("CALL_ESTABLISHED", 20_000, md);
      // Option 13 now rings Alice (101): a copy of the example, as a user edits lab.yaml.
      const doc = parseDocument(readFileSync(join(repoRoot, "examples/virtual-lab/lab.yaml"), "utf8"));
      doc.setIn(["ivrMenus", 0, "options", "13", "destination"], doc.createNode({ extension: "101" }));
      const copy = join(dir, "lab-13-to-101.yaml");
      writeFileSync(copy, doc.toString());
      assert.equal((await npmLab(["pulumi", "config", "set", "pibx:lab", copy])).code, 0);
      const preview = await npmLab(["pulumi", "preview", "--diff"]);
      assert.equal(preview.code, 0, tail(preview));
      assert.match(
        preview.output,
        /IVR main: option 13 now rings extension 101 instead of 100/,
        tail(preview),
      );
      const up = await npmLab(["pulumi", "up", "--yes"]);
      t.diagnostic(`pulumi up (IVR option 13 → 101) during a call: ${up.seconds.toFixed(1)} s`);
      assert.equal(up.code, 0, tail(up));
      await new Promise((r) => setTimeout(r, 2000));
      for (const [phone, mark, who] of [
        [caller, mc, "caller"],
        [desk, md, "desk phone"],
      ] as const) {
        const closed = phone.ctrl.events.slice(mark).find((e) => e.type === "CALL_CLOSED");
        assert.equal(
          closed,
          undefined,
          `the ${who}'s call was dropped by the update (${closed?.param ?? ""})`,
        );
      }
    } finally {
      await caller.hangup().catch(() => {});
      await desk.hangup().catch(() => {});
    }
  });

  it("with the DID pointed at extension 100, `pulumi up` updates the appliance and the call goes through", async (t) => {
    // A copy of the example whose DID rings the desk phone's extension directly (no IVR).
    const doc = parseDocument(readFileSync(join(repoRoot, "examples/virtual-lab/lab.yaml"), "utf8"));
    doc.setIn(["trunks", 0, "dids", 0, "destination"], doc.createNode({ extension: "100" }));
    const copy = join(dir, "lab-did-to-100.yaml");
    writeFileSync(copy, doc.toString());
    assert.equal((await npmLab(["pulumi", "config", "set", "pibx:lab", copy])).code, 0);
    const preview = await npmLab(["pulumi", "preview", "--diff"]);
    assert.equal(preview.code, 0, tail(preview));
    assert.match(preview.output, /15550123/, `the preview does not mention the DID:\n${tail(preview)}`);
    const up = await npmLab(["pulumi", "up", "--yes"]);
    t.diagnostic(`pulumi up (DID → 100): ${up.seconds.toFixed(1)} s`);
    assert.equal(up.code, 0, tail(up));
    assert.match(up.output, /pibx:Appliance appliance updated/, tail(up));
    const smoke = await npmLab(["smoke"]);
    t.diagnostic(`smoke call (DID → 100): ${smoke.seconds.toFixed(1)} s`);
    assert.equal(smoke.code, 0, tail(smoke));
    assert.match(smoke.output, /audio desk phone → caller: 440 Hz: heard/);
  });

  it("`npm run lab -- down` stops the appliance and removes the lab with its stack", async (t) => {
    const appliance = findDaemon(DEFAULT_RUN_DIR, "pi", "appliance");
    assert.ok(appliance && isRunning(appliance), "the appliance is not running before down");
    const r = await npmLab(["down"], 120_000);
    t.diagnostic(`npm run lab -- down: ${r.seconds.toFixed(1)} s`);
    assert.equal(r.code, 0, tail(r));
    assert.match(r.output, /stopped the appliance process in the pi box/);
    assert.match(r.output, /removed the lab's Pulumi stack and state/);
    assert.equal(isRunning(appliance), false, "the appliance still runs");
    assert.deepEqual(await labNamespaces(), []);
    assert.equal(existsSync(DEFAULT_RUN_DIR), false, "run directory (and the stack's state) left");
  });
});
