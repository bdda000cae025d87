// Registration with real peers and across restarts, against the real appliance process:
//   our own digest client (SHA-256, the first offer by default), sipsak, baresip;
//   bindings that survive SIGTERM and a restart; config reload and rejection.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { freePort } from "./helpers/free-port.ts";
import { register } from "./helpers/register-client.ts";
import { run } from "./helpers/run.ts";
import { TEST_EXTENSIONS, type TestConfig, writeTestConfig } from "./helpers/test-config.ts";
import { headersOf, UdpPeer } from "./helpers/udp-peer.ts";

const [ALICE, BOB] = TEST_EXTENSIONS as [(typeof TEST_EXTENSIONS)[0], (typeof TEST_EXTENSIONS)[0]];

async function withAppliance(
  overrides: Record<string, unknown>,
  fn: (app: ApplianceProcess, cfg: TestConfig, peer: UdpPeer) => Promise<void>,
): Promise<void> {
  const cfg = writeTestConfig({ overrides });
  let app: ApplianceProcess | undefined;
  const peer = await UdpPeer.bind();
  try {
    app = await startApplianceProcess({ configPath: cfg.configPath });
    await fn(app, cfg, peer);
  } finally {
    peer.close();
    await app?.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
}

const contactsOf = (text: string) => headersOf(text, "Contact");

test("digest REGISTER with SHA-256 (offered first), query, wrong password, and unregister", async () => {
  await withAppliance({}, async (app, _cfg, peer) => {
    const ok = await register({
      peer,
      port: app.udpPort,
      user: ALICE.number,
      password: ALICE.password,
      contact: `<sip:${ALICE.number}@127.0.0.1:7000>`,
      expires: 300,
      callId: "own-1",
      cseq: 1,
    });
    const offers = headersOf(ok.challenge!.text, "WWW-Authenticate");
    assert.match(offers[0]!, /algorithm=SHA-256/);
    assert.match(offers[1]!, /algorithm=MD5/);
    assert.equal(ok.final?.status, 200);
    assert.deepEqual(contactsOf(ok.final!.text), [`<sip:${ALICE.number}@127.0.0.1:7000>;expires=300`]);
    // MD5 (the second offer) works too.
    const md5 = await register({
      peer,
      port: app.udpPort,
      user: ALICE.number,
      password: ALICE.password,
      callId: "own-2",
      cseq: 1,
      algorithm: "MD5",
    });
    assert.equal(md5.final?.status, 200);
    assert.equal(contactsOf(md5.final!.text).length, 1);
    // A wrong password is challenged again, exactly like an unknown user.
    const bad = await register({
      peer,
      port: app.udpPort,
      user: ALICE.number,
      password: "wrong",
      contact: "<sip:x@127.0.0.1>",
      callId: "own-3",
      cseq: 1,
    });
    assert.equal(bad.final?.status, 401);
    const unknown = await register({
      peer,
      port: app.udpPort,
      user: "555",
      password: "wrong",
      contact: "<sip:x@127.0.0.1>",
      callId: "own-4",
      cseq: 1,
    });
    assert.equal(unknown.final?.status, 401);
    // Unregister everything: Contact: * with Expires: 0 (RFC 3261 §10.2.2).
    const off = await register({
      peer,
      port: app.udpPort,
      user: ALICE.number,
      password: ALICE.password,
      contact: "*",
      expires: 0,
      callId: "own-1",
      cseq: 10,
    });
    assert.equal(off.final?.status, 200);
    assert.deepEqual(contactsOf(off.final!.text), []);
  });
});

test("sipsak: REGISTER with digest (usrloc mode) and OPTIONS", async () => {
  // sipsak 0.9.8.1 computes MD5 only and reads only the first challenge: MD5 offered first here.
  await withAppliance({ auth: { algorithms: ["MD5", "SHA-256"] } }, async (app) => {
    const target = `sip:${ALICE.number}@127.0.0.1:${app.udpPort}`;
    const reg = await run(
      [
        "sipsak",
        "-U",
        "-C",
        `sip:${ALICE.number}@127.0.0.1:9`,
        "-a",
        ALICE.password,
        "-u",
        ALICE.number,
        "-s",
        target,
        "-i",
        "-vv",
      ],
      20_000,
    );
    assert.equal(reg.code, 0, reg.stdout + reg.stderr);
    assert.match(reg.stdout, /All usrloc tests completed successful/);
    const opt = await run(["sipsak", "-s", target, "-v"], 10_000);
    assert.equal(opt.code, 0, opt.stdout + opt.stderr);
    assert.match(opt.stdout, /^SIP\/2\.0 200 OK/m);
    assert.match(opt.stdout, /^Allow: .*REGISTER/m);
    // A wrong password fails.
    const bad = await run(
      [
        "sipsak",
        "-U",
        "-C",
        `sip:${ALICE.number}@127.0.0.1:9`,
        "-a",
        "nope-nope",
        "-u",
        ALICE.number,
        "-s",
        target,
        "-i",
      ],
      20_000,
    );
    assert.notEqual(bad.code, 0);
  });
});

test("baresip registers with digest and stays registered across two refreshes", async () => {
  // baresip 1.0 (libre 1.1) fails with ENOSYS if any challenge is not MD5: MD5 only here.
  await withAppliance({ auth: { algorithms: ["MD5"] }, log: { level: "debug" } }, async (app) => {
    const dir = mkdtempSync(join(tmpdir(), "pibx-baresip-"));
    const port = await freePort();
    writeFileSync(
      join(dir, "config"),
      `poll_method epoll\nsip_listen 127.0.0.1:${port}\nmodule_path /usr/lib/baresip/modules\nmodule_app account.so\nmodule_app menu.so\nstatmode_default off\n`,
    );
    writeFileSync(
      join(dir, "accounts"),
      `<sip:${BOB.number}@127.0.0.1:${app.udpPort}>;auth_pass=${BOB.password};regint=10\n`,
    );
    const stop = new AbortController();
    const baresip = run(["baresip", "-f", dir], 60_000, stop.signal);
    try {
      const updates = () =>
        app
          .records()
          .filter(
            (r) =>
              r.msg === "bindings updated" &&
              r.aor === `sip:${BOB.number}@pibx.test` &&
              Number(r.bindings) === 1,
          );
      const deadline = Date.now() + 40_000;
      while (updates().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      // The first REGISTER and at least two refreshes, each authenticated.
      assert.ok(
        updates().length >= 3,
        `only ${updates().length} registrations:\n${app.output().slice(-3000)}`,
      );
      assert.equal(app.records().filter((r) => r.msg === "authentication failed").length, 0);
    } finally {
      stop.abort();
      const out = await baresip;
      rmSync(dir, { recursive: true, force: true });
      assert.match(out.stdout + out.stderr, /200 OK/);
    }
  });
});

test("bindings survive SIGTERM and a restart; the query lists them", async () => {
  const cfg = writeTestConfig();
  const peer = await UdpPeer.bind();
  let app: ApplianceProcess | undefined;
  try {
    app = await startApplianceProcess({ configPath: cfg.configPath });
    const contact = `<sip:${ALICE.number}@192.0.2.7:5062;transport=udp>;q=0.7`;
    const r1 = await register({
      peer,
      port: app.udpPort,
      user: ALICE.number,
      password: ALICE.password,
      contact,
      expires: 3600,
      callId: "persist-1",
      cseq: 1,
    });
    assert.equal(r1.final?.status, 200);
    assert.equal(await app.stop(), 0, "SIGTERM must exit 0");
    app = await startApplianceProcess({ configPath: cfg.configPath });
    assert.match(app.output(), /"bindings":1/);
    const q = await register({
      peer,
      port: app.udpPort,
      user: ALICE.number,
      password: ALICE.password,
      callId: "persist-q",
      cseq: 1,
    });
    assert.equal(q.final?.status, 200);
    const listed = contactsOf(q.final!.text);
    assert.equal(listed.length, 1);
    assert.match(listed[0]!, /^<sip:100@192\.0\.2\.7:5062;transport=udp>;q=0\.7;expires=(\d+)$/);
    const left = Number(/expires=(\d+)/.exec(listed[0]!)![1]);
    assert.ok(left > 3500 && left <= 3600, `expires=${left}`);
  } finally {
    peer.close();
    await app?.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
});

test("an invalid config is rejected whole: exit 78 at startup, kept running config on SIGHUP", async () => {
  await withAppliance({}, async (app, cfg, peer) => {
    // Reload with a broken file: the running config stays, every problem is logged.
    const bad = { ...cfg.config, extensions: [{ number: "1 0 0", password: "x" }], bogus: true };
    writeFileSync(cfg.configPath, JSON.stringify(bad));
    app.signal("SIGHUP");
    const line = await app.waitForLine(/config rejected/, 5000);
    assert.match(line, new RegExp(`${cfg.configPath}:extensions\\[0\\]\\.number: must match pattern`));
    assert.match(line, new RegExp(`${cfg.configPath}:bogus: unknown property`));
    assert.doesNotMatch(app.output(), /secret-\d+-pw/);
    const still = await register({
      peer,
      port: app.udpPort,
      user: ALICE.number,
      password: ALICE.password,
      callId: "reload-1",
      cseq: 1,
    });
    assert.equal(still.final?.status, 200, "the last good config must still authenticate");
    // At startup the same file is fatal, with `file:path: message` lines.
    const r = await run(
      [process.execPath, "--import", "tsx", "appliance/main.ts", "--config", cfg.configPath],
      20_000,
    );
    assert.equal(r.code, 78);
    assert.match(r.stderr, new RegExp(`^${cfg.configPath}:bogus: unknown property$`, "m"));
  });
});
