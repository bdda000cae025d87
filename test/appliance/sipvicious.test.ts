// Scanners and crackers against the real appliance, from their own network namespace:
//   svwar (REGISTER, OPTIONS, INVITE scans over a range holding the real extensions) finds none;
//   svcrack against a real extension is banned after the configured number of failures, its
//   source then gets no answer at all for the ban period while another source still does, and
//   it is answered again once the ban has expired.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { createTestNetns, type TestNetns } from "./helpers/netns.ts";
import { run } from "./helpers/run.ts";
import { TEST_EXTENSIONS, writeTestConfig } from "./helpers/test-config.ts";
import { UdpPeer } from "./helpers/udp-peer.ts";

async function withLab(
  tag: string,
  subnet: number,
  overrides: Record<string, unknown>,
  fn: (ns: TestNetns, app: ApplianceProcess, peer: UdpPeer) => Promise<void>,
): Promise<void> {
  const ns = createTestNetns(tag, subnet);
  let app: ApplianceProcess | undefined;
  let peer: UdpPeer | undefined;
  const cfg = writeTestConfig({ listen: ns.hostAddress, overrides });
  try {
    app = await startApplianceProcess({ configPath: cfg.configPath });
    peer = await UdpPeer.bind(ns.hostAddress);
    await fn(ns, app, peer);
  } finally {
    peer?.close();
    await app?.stop();
    ns.remove();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
}

function request(method: string, user: string, host: string, peer: UdpPeer, n: number): string {
  const uri = method === "REGISTER" ? `sip:${host}` : `sip:${user}@${host}`;
  return [
    `${method} ${uri} SIP/2.0`,
    `Via: SIP/2.0/UDP ${peer.address}:${peer.port};branch=z9hG4bK-enum-${method}-${user}-${n};rport`,
    "Max-Forwards: 70",
    `From: <sip:${user}@${host}>;tag=f${n}`,
    `To: <sip:${user}@${host}>`,
    `Call-ID: enum-${method}-${user}-${n}@test`,
    `CSeq: 1 ${method}`,
    `Contact: <sip:${user}@${peer.address}:${peer.port}>`,
    ...(method === "INVITE" ? ["Content-Type: application/sdp"] : []),
    `Content-Length: 0`,
    "",
    "",
  ].join("\r\n");
}

/** A response with everything that legitimately varies (tags, nonces, Call-ID, branch) masked. */
function shape(text: string, user: string): string {
  return text
    .replace(/tag=[^;\s>]+/g, "tag=T")
    .replace(/nonce="[^"]+"/g, 'nonce="N"')
    .replace(/branch=[^;\s]+/g, "branch=B")
    .replace(/enum-[A-Z]+-[0-9a-z]+-\d+@test/g, "CALLID")
    .replace(/tag=f\d+/g, "tag=F")
    .replace(new RegExp(`sip:${user}@`, "g"), "sip:USER@");
}

test("no enumeration: REGISTER, INVITE and OPTIONS for a real and a nonexistent user get identical answers", async () => {
  await withLab("enum", 41, {}, async (ns, app, peer) => {
    let n = 0;
    for (const method of ["REGISTER", "INVITE", "OPTIONS"]) {
      const shapes: string[] = [];
      for (const user of ["100", "9999"]) {
        n++;
        peer.send(request(method, user, ns.hostAddress, peer, n), app.udpPort, ns.hostAddress);
        const r = await peer.waitFor(
          (x) => x.text.includes(`enum-${method}-${user}-${n}@test`) && (x.status ?? 0) >= 200,
        );
        assert.ok(r, `${method} ${user}: no answer`);
        shapes.push(shape(r.text, user));
      }
      assert.equal(shapes[0], shapes[1], `${method}: answers differ`);
      assert.match(shapes[0]!, method === "OPTIONS" ? /^SIP\/2\.0 200 / : /^SIP\/2\.0 401 /);
    }
  });
});

test("svwar finds no extension with REGISTER, OPTIONS or INVITE scans", async () => {
  await withLab("svwar", 42, {}, async (ns, app) => {
    const range = "90-110,2000-2010";
    const real = TEST_EXTENSIONS.map((e) => e.number);
    let localPort = 5170;
    for (const method of ["REGISTER", "OPTIONS", "INVITE"]) {
      localPort++;
      // --force: scan even though the unknown-user probe was challenged (svwar would stop there).
      const argv = ns.exec([
        "svwar",
        "--force",
        "-m",
        method,
        "-e",
        range,
        "-P",
        String(localPort),
        "-p",
        String(app.udpPort),
        ns.hostAddress,
      ]);
      const r = await run(argv, 90_000);
      const out = r.stdout + r.stderr;
      assert.equal(r.timedOut, false, `svwar ${method} did not finish`);
      // svwar prints found extensions in a table: | 100 | reqauth |
      for (const ext of real) {
        assert.doesNotMatch(out, new RegExp(`\\|\\s*${ext}\\s*\\|`), `svwar ${method} found ${ext}:\n${out}`);
      }
      // Whatever svwar concludes ("found nothing", or giving up on identical answers), it lists
      // no extension at all: every answer looked like the one for its random unknown user.
      assert.doesNotMatch(
        out,
        /\|\s*\d+\s*\|\s*(reqauth|noauth)/,
        `svwar ${method} listed an extension:\n${out}`,
      );
    }
    assert.ok(app.alive());
  });
});

test("svcrack is banned after the configured failures; its source gets no answer until the ban expires", async () => {
  const BAN_SECONDS = 25;
  const FAILURES = 5;
  // MD5 offered first here: svcrack (like sipsak and baresip 1.0) only computes MD5 and reads the
  // first challenge; with SHA-256 first it cannot even try (it crashes). This is the worst case.
  const overrides = {
    auth: { algorithms: ["MD5", "SHA-256"] },
    protection: { banAfterAuthFailures: FAILURES, failureWindowSeconds: 60, banSeconds: BAN_SECONDS },
  };
  await withLab("crack", 43, overrides, async (ns, app, peer) => {
    const words = mkdtempSync(join(tmpdir(), "pibx-words-"));
    try {
      const list = join(words, "words.txt");
      // The right password comes after 20 wrong ones: the ban must stop svcrack before it.
      const wrong = Array.from({ length: 20 }, (_, i) => `guess-${i}`);
      writeFileSync(list, [...wrong, TEST_EXTENSIONS[0]!.password, ""].join("\n"));
      const argv = ns.exec([
        "svcrack",
        "-u",
        TEST_EXTENSIONS[0]!.number,
        "-d",
        list,
        "-P",
        "5190",
        "-p",
        String(app.udpPort),
        ns.hostAddress,
      ]);
      const stopCrack = new AbortController();
      const cracking = run(argv, 60_000, stopCrack.signal);
      const banLine = await app.waitForLine(/pibx: ban ip=/, 30_000);
      const ban = JSON.parse(banLine) as { msg: string; time: string };
      // Let svcrack keep trying for 3 s into the ban (it gets nothing), then stop it.
      await new Promise((res) => setTimeout(res, 3000));
      stopCrack.abort();
      const r = await cracking;
      const out = r.stdout + r.stderr;
      assert.doesNotMatch(
        out,
        new RegExp(TEST_EXTENSIONS[0]!.password),
        `svcrack found the password:\n${out}`,
      );
      assert.equal(
        ban.msg,
        `pibx: ban ip=${ns.nsAddress} reason=auth-failures count=${FAILURES} seconds=${BAN_SECONDS}`,
      );
      const failures = app
        .records()
        .filter((x) => x.msg === "authentication failed" && x.ip === ns.nsAddress);
      assert.equal(failures.length, FAILURES, "exactly the configured number of guesses got through");
      // No secret in the logs.
      assert.doesNotMatch(app.output(), /secret-\d+-pw/);

      // The banned source gets nothing, not even for OPTIONS; another source still gets 200.
      let lastProbe = "";
      const probe = (): Promise<boolean> =>
        run(
          ns.exec(["sipsak", "-s", `sip:probe@${ns.hostAddress}:${app.udpPort}`, "-v", "-D", "2"]),
          10_000,
        ).then((x) => {
          lastProbe = x.stdout + x.stderr;
          return /^SIP\/2\.0 200 /m.test(x.stdout);
        });
      assert.equal(await probe(), false, `banned source was answered:\n${lastProbe}`);
      let k = 0;
      const options = () => {
        k++;
        return [
          `OPTIONS sip:${ns.hostAddress} SIP/2.0`,
          `Via: SIP/2.0/UDP ${peer.address}:${peer.port};branch=z9hG4bK-other-${k};rport`,
          "Max-Forwards: 70",
          "From: <sip:other@example.test>;tag=o",
          `To: <sip:${ns.hostAddress}>`,
          `Call-ID: other-${k}`,
          "CSeq: 1 OPTIONS",
          "Content-Length: 0",
          "",
          "",
        ].join("\r\n");
      };
      peer.send(options(), app.udpPort, ns.hostAddress);
      const other = await peer.waitFor((x) => x.text.includes(`other-${k}`));
      assert.equal(other?.status, 200, "another source must still be answered");

      // After the ban period the source is answered again (bounded wait).
      const liftsAt = Date.parse(ban.time) + BAN_SECONDS * 1000;
      await new Promise((res) => setTimeout(res, Math.max(0, liftsAt - Date.now()) + 500));
      const answeredAgain = await probe();
      const bans = app.records().filter((x) => String(x.msg).startsWith("pibx: ban"));
      assert.equal(
        answeredAgain,
        true,
        `the ban did not expire:\n${lastProbe}\n${JSON.stringify(bans)}\n${app.output().slice(-1500)}`,
      );
      assert.ok(app.alive());
    } finally {
      rmSync(words, { recursive: true, force: true });
    }
  });
});
