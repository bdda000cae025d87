// The appliance process with trunk, blacklist, provisioning and admin sections (the config
// planned from examples/virtual-lab, moved onto loopback): a Cisco 3PCC phone fetches its file
// over HTTP; a trunk simulated by a UDP peer on 127.0.0.2 (the configured registrar) gets the
// REGISTER, then its INVITE from a blacklisted caller is answered 608 and another caller's 480;
// the same INVITE from another address is challenged (not the trunk); GET /status and
// status.json report the registration; SIGHUP applies a new blacklist reply without
// re-registering the unchanged trunk.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { planApplianceConfig } from "../../infra/plan/appliance-config.ts";
import { provisioningSecrets } from "../../infra/plan/provisioning.ts";
import { testSecrets } from "../../infra/plan/test-secrets.ts";
import { requireLab } from "../../schemas/index.ts";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { writeTestConfig } from "./helpers/test-config.ts";
import { headerOf, type Received, UdpPeer } from "./helpers/udp-peer.ts";

const lab = requireLab(new URL("../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);
const SECRETS: Record<string, string> = testSecrets(lab, {
  ...Object.fromEntries(lab.extensions.map((e) => [e.password.secret, `pw-${e.number}-long-enough`])),
  trunkPassword: "trunk-pw-not-logged",
});
let n = 1;
const planned = planApplianceConfig(lab, {
  secrets: SECRETS,
  provisioning: {
    secrets: provisioningSecrets(lab, (k) => Uint8Array.from({ length: k }, () => n++)),
    year: 2026,
  },
});
const CISCO_UA = "Cisco-CP-7821-3PCC/11.3.7 (001b54aabbcc)";

interface Ready {
  listening: { udp: { port: number }; admin: { port: number } };
  provisioning: { http: { port: number } };
}

function invite(o: { token: string; port: number; from: string; callId: string; via: string }): string {
  return [
    `INVITE sip:${o.token}@127.0.0.1:${o.port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${o.via};branch=z9hG4bK-${o.callId}`,
    "Max-Forwards: 69",
    `From: <sip:${o.from}@203.0.113.10>;tag=t-${o.callId}`,
    `To: <sip:15550123@203.0.113.10>`,
    `Call-ID: ${o.callId}`,
    "CSeq: 1 INVITE",
    `Contact: <sip:${o.from}@${o.via}>`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

/** The provider's side of a REGISTER: 200 with the Contact and Expires granted. */
function answerRegister(peer: UdpPeer, r: Received): void {
  const via = headerOf(r.text, "Via")!;
  const lines = [
    "SIP/2.0 200 OK",
    `Via: ${via};received=${r.from.address};rport=${r.from.port}`,
    `From: ${headerOf(r.text, "From")}`,
    `To: ${headerOf(r.text, "To")};tag=prov`,
    `Call-ID: ${headerOf(r.text, "Call-ID")}`,
    `CSeq: ${headerOf(r.text, "CSeq")}`,
    `Contact: ${headerOf(r.text, "Contact")};expires=600`,
    "Content-Length: 0",
    "",
    "",
  ];
  peer.send(lines.join("\r\n"), r.from.port, r.from.address);
}

describe("appliance process: trunk, blacklist, provisioning, /status", () => {
  let app: ApplianceProcess;
  let provider: UdpPeer;
  let stranger: UdpPeer;
  let cfg: ReturnType<typeof writeTestConfig>;
  let ready: Ready;
  let token = "";
  const registers: Received[] = [];
  let poll: NodeJS.Timeout | undefined;

  const configWith = (response: 603 | 608, pathPrefix = "/prov") => ({
    trunks: [{ ...planned.trunks[0]!, host: "127.0.0.2", port: provider.port }],
    dialPlan: planned.dialPlan,
    ivrMenus: planned.ivrMenus,
    blacklist: { ...planned.blacklist, response },
    publicAddress: { mode: "provider" },
    admin: { listen: "127.0.0.1", port: 0, statusFile: true },
    provisioning: {
      ...planned.provisioning!,
      httpListen: "127.0.0.1",
      httpPort: 0,
      tftp: { enabled: false, port: 69 },
      lanPrefixes: ["127.0.0.0/8"],
      pathPrefix,
    },
  });

  before(async () => {
    provider = await UdpPeer.bind("127.0.0.2");
    stranger = await UdpPeer.bind("127.0.0.3");
    // Answer every REGISTER (no challenge: the digest client is unit-tested in pbx/trunk).
    const seen = new Set<Received>();
    poll = setInterval(() => {
      for (const r of provider.received) {
        if (seen.has(r) || !r.text.startsWith("REGISTER ")) continue;
        seen.add(r);
        registers.push(r);
        answerRegister(provider, r);
      }
    }, 20);
    cfg = writeTestConfig({ overrides: configWith(608) });
    app = await startApplianceProcess({ configPath: cfg.configPath });
    const line = app
      .output()
      .split("\n")
      .find((l) => l.includes('"msg":"appliance ready"'))!;
    ready = JSON.parse(line) as Ready;
  });

  after(async () => {
    clearInterval(poll);
    provider?.close();
    stranger?.close();
    await app?.stop();
    if (cfg) rmSync(cfg.dir, { recursive: true, force: true });
  });

  it("serves the Cisco 3PCC phone its profile over HTTP at the option-160 path", async () => {
    const url = `http://127.0.0.1:${ready.provisioning.http.port}/prov/CP-7821-3PCC/001b54aabbcc.xml`;
    const res = await fetch(url, { headers: { "user-agent": CISCO_UA }, signal: AbortSignal.timeout(5000) });
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.match(body, /<User_ID_1_[^>]*>100<\/User_ID_1_>/);
    assert.match(body, /<Password_1_[^>]*>pw-100-long-enough<\/Password_1_>/);
    const other = await fetch(url.replace("001b54aabbcc", "001b54000000"), {
      headers: { "user-agent": "Cisco-CP-7821-3PCC/11.3.7 (001b54000000)" },
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(other.status, 404);
  });

  it("registers the trunk at the configured registrar with a random Contact token", async () => {
    const r = await provider.waitFor((m) => m.text.startsWith("REGISTER "), 10_000);
    assert.ok(r, "no REGISTER reached the simulated provider");
    assert.match(r.text, /^REGISTER sip:127\.0\.0\.2/);
    assert.match(headerOf(r.text, "From") ?? "", /sip:15550123@/);
    const contact = /<sip:(pibx-[^@]+)@/.exec(headerOf(r.text, "Contact") ?? "");
    assert.ok(contact, "Contact has no pibx token");
    token = contact[1]!;
    // The trunk password is never logged.
    assert.ok(!app.output().includes(SECRETS.trunkPassword!));
  });

  it("GET /status and status.json report the trunk registered", async () => {
    const deadline = Date.now() + 10_000;
    let status: {
      version: string;
      trunks: Array<{ name: string; registered: boolean }>;
      registrar: { bindings: number };
    };
    do {
      const res = await fetch(`http://127.0.0.1:${ready.listening.admin.port}/status`, {
        signal: AbortSignal.timeout(3000),
      });
      assert.equal(res.status, 200);
      status = (await res.json()) as typeof status;
      if (status.trunks[0]?.registered) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    assert.equal(status.version, "0.1.0");
    assert.deepEqual(
      status.trunks.map((t) => [t.name, t.registered]),
      [["provider", true]],
    );
    assert.equal(status.registrar.bindings, 0);
    // The file is written after the state change, asynchronously: poll it (bounded).
    const readStatusFile = () =>
      JSON.parse(readFileSync(join(cfg.stateDir, "status.json"), "utf8")) as typeof status;
    for (let i = 0; i < 50 && !readStatusFile().trunks[0]?.registered; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(readStatusFile().trunks[0]?.registered, true);
    assert.ok(!readFileSync(join(cfg.stateDir, "status.json"), "utf8").includes(SECRETS.trunkPassword!));
    const notFound = await fetch(`http://127.0.0.1:${ready.listening.admin.port}/other`);
    assert.equal(notFound.status, 404);
  });

  it("a blacklisted caller from the trunk gets 608; another is answered by the DID's IVR", async () => {
    const via = `127.0.0.2:${provider.port}`;
    const port = ready.listening.udp.port;
    provider.send(invite({ token, port, from: "15550666", callId: "bl-1", via }), port);
    const rejected = await provider.waitFor(
      (m) => m.text.includes("Call-ID: bl-1") && (m.status ?? 0) >= 200,
    );
    assert.equal(rejected?.status, 608);
    provider.send(invite({ token, port, from: "15550199", callId: "ok-1", via }), port);
    const other = await provider.waitFor((m) => m.text.includes("Call-ID: ok-1") && (m.status ?? 0) >= 200);
    // A late-offer INVITE (no SDP): the IVR's 200 offers (RFC 3261 §13.2.1).
    assert.equal(other?.status, 200);
    assert.match(other!.text, /Content-Type: application\/sdp/i);
  });

  it("the same INVITE from an address that is not the trunk goes through the auth gate", async () => {
    const port = ready.listening.udp.port;
    stranger.send(
      invite({ token, port, from: "15550666", callId: "st-1", via: `127.0.0.3:${stranger.port}` }),
      port,
    );
    const r = await stranger.waitFor((m) => m.text.includes("Call-ID: st-1") && (m.status ?? 0) >= 200);
    assert.equal(r?.status, 401);
  });

  it("SIGHUP applies the new blacklist reply; the unchanged trunk keeps its registration", async () => {
    const before = registers.length;
    writeFileSync(cfg.configPath, JSON.stringify({ ...cfg.config, ...configWith(603) }, null, 2), {
      mode: 0o600,
    });
    app.signal("SIGHUP");
    await app.waitForLine(/"msg":"runtime applied".*"kept":\["provider"\]/, 10_000);
    const port = ready.listening.udp.port;
    provider.send(
      invite({ token, port, from: "15550666", callId: "bl-2", via: `127.0.0.2:${provider.port}` }),
      port,
    );
    const r = await provider.waitFor((m) => m.text.includes("Call-ID: bl-2") && (m.status ?? 0) >= 200);
    assert.equal(r?.status, 603);
    assert.equal(registers.length, before, "the kept trunk sent no new REGISTER");
  });

  it("SIGHUP with a changed provisioning section rebuilds its servers in the same process", async () => {
    const pid = app.pid;
    writeFileSync(cfg.configPath, JSON.stringify({ ...cfg.config, ...configWith(603, "/p2") }, null, 2), {
      mode: 0o600,
    });
    const servingLines = () => app.records().filter((r) => r.msg === "provisioning serving");
    const before = servingLines().length;
    app.signal("SIGHUP");
    for (let i = 0; i < 100 && servingLines().length === before; i++)
      await new Promise((r) => setTimeout(r, 100));
    const serving = servingLines().at(before) as { http: { port: number } } | undefined;
    assert.ok(serving);
    const res = await fetch(`http://127.0.0.1:${serving.http.port}/p2/CP-7821-3PCC/001b54aabbcc.xml`, {
      headers: { "user-agent": CISCO_UA },
      signal: AbortSignal.timeout(5000),
    });
    // Not enrolled (it never came back with its token URL): first contact still serves it.
    assert.equal(res.status, 200);
    assert.equal(app.pid, pid);
    assert.ok(app.alive());
  });
});
