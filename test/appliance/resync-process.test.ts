// Check-sync after a config change, through the real appliance process (issue #10): a baresip
// phone (extension 100, provisioned as a Cisco 3PCC) and a raw UDP phone "behind NAT"
// (extension 101, a Yealink whose Contact names a private address it cannot be reached at) are
// registered. Changing the Cisco's station name and sending SIGHUP makes the appliance send that
// phone a NOTIFY `Event: check-sync;reboot=false` (baresip answers 481, logged); the Yealink,
// unchanged, gets nothing; a changed but unregistered Grandstream is logged as skipped. A second
// change reaches the Yealink where its REGISTER came from, after its new file is served.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { DeviceProvisioning } from "../../appliance/provisioning/index.ts";
import { sampleDevice } from "../../appliance/provisioning/testing/sample-device.ts";
import { LoopbackPhone, sleep } from "../calls/loopback-phone.ts";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { freePort } from "./helpers/free-port.ts";
import { register } from "./helpers/register-client.ts";
import { TEST_EXTENSIONS, type TestConfig, writeTestConfig } from "./helpers/test-config.ts";
import { headerOf, type Received, UdpPeer } from "./helpers/udp-peer.ts";

const pw = (n: string) => TEST_EXTENSIONS.find((e) => e.number === n)!.password;

function device(
  id: string,
  vendor: DeviceProvisioning["vendor"],
  ext: string,
  mac: string,
): DeviceProvisioning {
  const d = sampleDevice(vendor, { id, mac, keys: [] });
  return {
    ...d,
    lines: [
      { ...d.lines[0]!, extension: ext, authUser: ext, password: pw(ext), label: ext, displayName: ext },
    ],
    resync: { ...d.resync, url: `http://127.0.0.1/prov/d/tok-${id}/file`, user: id },
  };
}

const cisco = device("desk-100", "cisco-mpp", "100", "001b54aabb00");
const yealink = device("desk-101", "yealink", "101", "001565aabb01");
const grandstream = device("desk-2001", "grandstream", "2001", "000b82aabb02");

function configWith(devices: DeviceProvisioning[]): Record<string, unknown> {
  return {
    site: { domain: "127.0.0.1" },
    auth: { algorithms: ["MD5"] }, // baresip 1.0 answers MD5 challenges only
    provisioning: {
      httpListen: "127.0.0.1",
      httpPort: 0,
      tftp: { enabled: false, port: 69 },
      pathPrefix: "/prov",
      ciscoMppProfileUrl: "http://127.0.0.1/prov/$PN/$MA.xml",
      lanPrefixes: ["127.0.0.0/8"],
      onboardingKey: Buffer.alloc(32, 7).toString("base64"),
      devices: devices.map((d) => ({ device: d, token: `tok-${d.id}`, firstContact: "until-enrolled" })),
    },
  };
}

describe("appliance process: check-sync NOTIFY after a provisioning change", () => {
  let cfg: TestConfig;
  let app: ApplianceProcess;
  let phone: LoopbackPhone;
  let natPhone: UdpPeer;
  let poll: NodeJS.Timeout | undefined;
  /** What the NAT phone fetched from the provisioning server when it got its NOTIFY. */
  const fetched: string[] = [];

  const reload = async (devices: DeviceProvisioning[]): Promise<void> => {
    writeTestConfig({ overrides: configWith(devices) }, cfg.dir);
    const before = app
      .output()
      .split("\n")
      .filter((l) => l.includes('"msg":"config reloaded"')).length;
    app.signal("SIGHUP");
    const deadline = Date.now() + 10_000;
    while (
      app
        .output()
        .split("\n")
        .filter((l) => l.includes('"msg":"config reloaded"')).length === before
    ) {
      if (Date.now() > deadline) throw new Error("no reload");
      await sleep(50);
    }
  };

  /** The check-sync records (JSON log lines) for one device. */
  const outcomes = (id: string) =>
    app.records().filter((r) => String(r.msg).startsWith("check-sync") && r.device === id);

  const waitOutcomes = async (id: string, n: number): Promise<Array<Record<string, unknown>>> => {
    const deadline = Date.now() + 10_000;
    while (outcomes(id).length < n) {
      if (Date.now() > deadline)
        throw new Error(`no check-sync outcome for ${id}:\n${app.output().slice(-3000)}`);
      await sleep(50);
    }
    return outcomes(id);
  };

  const notifiesAtBaresip = () => phone.log.join("").split(/\r?\nNOTIFY sip:/).length - 1;

  before(async () => {
    cfg = writeTestConfig({ overrides: configWith([cisco, yealink, grandstream]) });
    app = await startApplianceProcess({ configPath: cfg.configPath });
    phone = await LoopbackPhone.start({
      dir: join(cfg.dir, "phone-100"),
      user: "100",
      password: pw("100"),
      registrar: `127.0.0.1:${app.udpPort}`,
      sipPort: await freePort(),
      ctrlPort: await freePort(),
      rtpPorts: [36_400, 36_419],
      audio: "/dev/null",
      sipTrace: true,
    });
    await phone.waitRegistered(10_000);
    // The "NAT" phone: registers a Contact at an address nobody listens on, from its own socket.
    natPhone = await UdpPeer.bind("127.0.0.1");
    const reg = await register({
      peer: natPhone,
      port: app.udpPort,
      user: "101",
      password: pw("101"),
      contact: "<sip:101@192.0.2.99:5060>",
      expires: 600,
      callId: "nat-reg",
      cseq: 1,
      algorithm: "MD5",
    });
    assert.equal(reg.final?.status, 200, "the NAT phone is registered");
    const answerNotify = (r: Received): void => {
      seen.add(r);
      // The phone's resync: fetch the file now (its token URL), then accept the NOTIFY.
      // Each rebuild of the servers binds a new ephemeral port: the latest one serves the new files.
      const serving = app
        .records()
        .filter((x) => x.msg === "provisioning serving")
        .at(-1) as {
        http: { port: number };
      };
      void fetch(`http://127.0.0.1:${serving.http.port}/prov/d/tok-${yealink.id}/${yealink.mac}.cfg`, {
        headers: { "user-agent": `Yealink SIP-T46U 108.86.0.20 ${yealink.mac}` },
        signal: AbortSignal.timeout(5000),
      })
        .then((res) => res.text())
        .then((body) => {
          fetched.push(body);
          const ok = [
            "SIP/2.0 200 OK",
            `Via: ${headerOf(r.text, "Via")}`,
            `From: ${headerOf(r.text, "From")}`,
            `To: ${headerOf(r.text, "To")};tag=nat`,
            `Call-ID: ${headerOf(r.text, "Call-ID")}`,
            `CSeq: ${headerOf(r.text, "CSeq")}`,
            "Content-Length: 0",
            "",
            "",
          ].join("\r\n");
          natPhone.send(ok, r.from.port, r.from.address);
        });
    };
    const seen = new Set<Received>();
    poll = setInterval(() => {
      for (const r of natPhone.received) if (!seen.has(r) && r.text.startsWith("NOTIFY ")) answerNotify(r);
    }, 20);
  });

  after(async () => {
    clearInterval(poll);
    await phone?.stop();
    natPhone?.close();
    const code = await app?.stop();
    if (code !== 0 && app) console.log(app.output().slice(-4000));
    if (cfg) rmSync(cfg.dir, { recursive: true, force: true });
  });

  it("the changed, registered phone gets the NOTIFY; the unchanged one nothing; the unregistered one is logged", async () => {
    await reload([
      { ...cisco, stationName: "Front desk" },
      yealink,
      { ...grandstream, lines: [{ ...grandstream.lines[0]!, displayName: "Spare" }] },
    ]);
    const [desk] = await waitOutcomes(cisco.id, 1);
    // baresip 1.0 has no check-sync handler: it answers 481, which is logged and harmless.
    assert.equal(desk!.msg, "check-sync not accepted");
    assert.equal(desk!.status, 481);
    const trace = phone.log.join("");
    assert.match(trace, /\nNOTIFY sip:100[^@\s]*@127\.0\.0\.1:\d+ SIP\/2\.0\r?\n/);
    assert.match(trace, /\nEvent: check-sync;reboot=false\r?\n/);
    assert.match(trace, /\nSubscription-State: terminated\r?\n/);
    const [spare] = await waitOutcomes(grandstream.id, 1);
    assert.equal(spare!.msg, "check-sync skipped: device not registered");
    // Every NOTIFY of this reload went out in the same turn as the Cisco's: give a stray one time
    // to cross loopback before asserting that the unchanged phone got none.
    await sleep(500);
    assert.equal(outcomes(yealink.id).length, 0);
    assert.ok(
      !natPhone.received.some((r) => r.text.startsWith("NOTIFY ")),
      "the unchanged phone got a NOTIFY",
    );
  });

  it("a phone behind NAT is told where its REGISTER came from, once its new file is served", async () => {
    const baresipBefore = notifiesAtBaresip();
    await reload([
      { ...cisco, stationName: "Front desk" },
      { ...yealink, lines: [{ ...yealink.lines[0]!, displayName: "Lobby" }] },
      { ...grandstream, lines: [{ ...grandstream.lines[0]!, displayName: "Spare" }] },
    ]);
    const [nat] = await waitOutcomes(yealink.id, 1);
    assert.deepEqual([nat!.msg, nat!.status], ["check-sync sent", 200]);
    const notify = natPhone.received.find((r) => r.text.startsWith("NOTIFY "))!;
    assert.match(notify.text, /^NOTIFY sip:101@192\.0\.2\.99:5060 SIP\/2\.0\r\n/, "Request-URI: the Contact");
    assert.equal(headerOf(notify.text, "Event"), "check-sync;reboot=false");
    assert.equal(fetched.length, 1);
    assert.match(fetched[0]!, /account\.1\.display_name\s*=\s*Lobby/, "the fetched file is the new one");
    assert.equal(notifiesAtBaresip(), baresipBefore, "the unchanged Cisco got no second NOTIFY");
    assert.ok(!app.output().includes(pw("101")), "no line password in the logs");
  });
});
