// Voicemail durability under SIGKILL: a child deposits messages in a loop and is killed at
// seeded random moments; after every kill the store is reopened (crash recovery) and checked:
// every message the child reported SAVED is listed and intact (length and checksum match its
// metadata), every listed message is intact, and no temp file or metadata-less audio remains.
// PIBX_VM_DURABILITY_DEPOSITS sets the total (30 in the normal suite; `npm run
// test:voicemail-durability` runs 200).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock, SeededRandom } from "../../appliance/base/index.ts";
import { VoicemailStore } from "../../appliance/pbx/voicemail/index.ts";

const TOTAL = Number(process.env.PIBX_VM_DURABILITY_DEPOSITS ?? 30);
const SEED = Number(process.env.PIBX_VM_DURABILITY_SEED ?? 3842);
const child = new URL("./deposit-child.ts", import.meta.url).pathname;

interface RunResult {
  saved: Array<[string, string]>;
  killed: boolean;
}

function runChild(
  root: string,
  seed: number,
  deposits: number,
  killAfterMs: number | undefined,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", child, root, String(seed), String(deposits)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const saved: Array<[string, string]> = [];
    let buf = "";
    let killTimer: NodeJS.Timeout | undefined;
    p.stdout.setEncoding("utf8");
    p.stdout.on("data", (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const [word, box, id] = line.split(" ");
        if (word === "SAVED" && box && id) saved.push([box, id]);
        // The kill is a crash injected at a random moment of real work, not a protocol timer.
        if (word === "READY" && killAfterMs !== undefined)
          killTimer = setTimeout(() => p.kill("SIGKILL"), killAfterMs);
      }
    });
    p.on("error", reject);
    p.on("close", (code, signal) => {
      clearTimeout(killTimer);
      if (signal === "SIGKILL") resolve({ saved, killed: true });
      else if (code === 0) resolve({ saved, killed: false });
      else reject(new Error(`deposit child exited with ${code ?? signal}`));
    });
  });
}

async function checkStore(
  root: string,
  reported: ReadonlyArray<[string, string]>,
): Promise<{ verified: number; cleaned: number }> {
  const store = await VoicemailStore.open({
    root,
    clock: new ManualClock(),
    maxMessages: 10_000,
    maxMessageSeconds: 10,
  });
  const cleaned = store.recovery.tempFilesRemoved + store.recovery.orphanAudioRemoved;
  assert.deepEqual(store.recovery.brokenMessages, [], "no committed message is damaged");
  const listed = new Map<string, Set<string>>();
  for (const box of ["100", "101"]) {
    const ids = (await store.list(box)).map((m) => m.id);
    listed.set(box, new Set(ids));
    for (const id of ids) assert.equal(await store.verify(box, id), true, `listed ${box}/${id} intact`);
    const dir = join(root, box);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      assert.ok(!name.includes(".tmp-"), `temp file left: ${name}`);
      if (name.endsWith(".wav"))
        assert.ok(existsSync(join(dir, name.replace(/\.wav$/, ".json"))), `orphan ${name}`);
      if (name.endsWith(".json"))
        assert.ok(existsSync(join(dir, name.replace(/\.json$/, ".wav"))), `no audio ${name}`);
    }
  }
  let verified = 0;
  for (const [box, id] of reported) {
    assert.ok(listed.get(box)?.has(id), `SAVED ${box}/${id} survived`);
    verified++;
  }
  return { verified, cleaned };
}

test(`voicemail survives SIGKILL at random moments (${TOTAL} deposits)`, async () => {
  const root = mkdtempSync(join(tmpdir(), "pibx-vm-durability-"));
  const rnd = new SeededRandom(SEED);
  const reported: Array<[string, string]> = [];
  let kills = 0;
  let runs = 0;
  let verified = 0;
  let killsMidDeposit = 0;
  try {
    while (reported.length < TOTAL) {
      runs++;
      const remaining = TOTAL - reported.length;
      // Most runs die after 0–60 ms of depositing; one in eight is left to finish its batch.
      const killAfter = rnd.nextU32() % 8 === 0 ? undefined : rnd.nextU32() % 60;
      const r = await runChild(root, SEED * 1000 + runs, Math.min(remaining, 10), killAfter);
      if (r.killed) kills++;
      reported.push(...r.saved);
      const check = await checkStore(root, reported);
      verified = check.verified;
      if (check.cleaned > 0) killsMidDeposit++;
      assert.ok(runs < TOTAL * 10, "the children make progress");
    }
    console.log(
      `voicemail durability: ${reported.length} deposits reported SAVED over ${runs} runs, ` +
        `${kills} SIGKILLs (${killsMidDeposit} left a half-written deposit that recovery removed), ` +
        `${verified} messages verified after the last restart`,
    );
    assert.ok(kills > 0, "at least one child was killed");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
