import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Provisioning } from "../../schemas/appliance-config/index.ts";
import { Logger, ManualClock, RandomIdSource, SeededRandom } from "../base/index.ts";
import type { Binding } from "../pbx/registrar/index.ts";
import type { DeviceProvisioning } from "../provisioning/index.ts";
import { sampleDevice } from "../provisioning/testing/sample-device.ts";
import {
  createResponse,
  formatUri,
  getAuthValues,
  getCallId,
  getCSeq,
  getHeader,
  getTopVia,
  type SipRequest,
  TransactionLayer,
  viaBranch,
} from "../sip/index.ts";
import { FakeSender, UDP_SOURCE } from "../sip/transaction/testing.ts";
import { devicesToResync, ResyncSender } from "./resync-sender.ts";

function binding(user: string, uri: string, source: [string, string, number]): Binding {
  return {
    aor: `sip:${user}@pibx.test`,
    uri,
    params: [],
    q: 1000,
    callId: `reg-${user}`,
    cseq: 1,
    expiresAt: Number.MAX_SAFE_INTEGER,
    source: { protocol: source[0], address: source[1], port: source[2] },
    user,
  };
}

function setup(bindings: Binding[]) {
  const clock = new ManualClock();
  const wire = new FakeSender(() => clock.now());
  const layer = new TransactionLayer({ transport: wire, clock });
  layer.setUser({ onRequest: () => {} });
  const records: Array<Record<string, unknown>> = [];
  const sender = new ResyncSender({
    sender: layer,
    bindings: {
      aorOf: (u) => `sip:${u}@pibx.test`,
      lookup: (aor) => bindings.filter((b) => b.aor === aor),
    },
    ids: new RandomIdSource(new SeededRandom(7)),
    logger: Logger.create({ level: "debug", sink: (l) => records.push(JSON.parse(l)) }),
    host: "172.16.0.10",
    port: (p) => (p === "UDP" ? 5060 : undefined),
  });
  const notifies = () =>
    wire.requests("NOTIFY").map((s) => ({ req: s.message as SipRequest, target: s.target }));
  /** The phone's answer to the n-th NOTIFY sent. */
  const answer = (n: number, status: number, headers: Array<[string, string]> = []) =>
    layer.receive(createResponse(notifies()[n]!.req, status, { toTag: "phone", headers }), UDP_SOURCE);
  return { clock, sender, notifies, answer, records };
}

const desk = sampleDevice("cisco-mpp", { id: "desk" });
const lobby = sampleDevice("grandstream", {
  id: "lobby",
  mac: "000b82aabbcc",
  lines: [{ ...desk.lines[0]!, extension: "103", authUser: "103", password: "lobby-pw" }],
});

function section(devices: DeviceProvisioning[]): Provisioning {
  return {
    httpListen: "0.0.0.0",
    httpPort: 80,
    tftp: { enabled: false, port: 69 },
    pathPrefix: "/prov",
    ciscoMppProfileUrl: "http://172.16.0.10/prov/$PN/$MA.xml",
    lanPrefixes: ["172.16.0.0/24"],
    onboardingKey: "a2V5",
    devices: devices.map((device) => ({ device, token: `t-${device.id}`, firstContact: "until-enrolled" })),
  } as Provisioning;
}

describe("devicesToResync", () => {
  it("names only the devices whose file changed", () => {
    const renamed = { ...lobby, lines: [{ ...lobby.lines[0]!, displayName: "Front desk" }] };
    assert.deepEqual(
      devicesToResync(section([desk, lobby]), section([desk, renamed])).map((d) => d.id),
      ["lobby"],
    );
    assert.deepEqual(devicesToResync(section([desk, lobby]), section([desk, lobby])), []);
    assert.deepEqual(devicesToResync(undefined, section([desk])), [], "a new device is not told");
  });
});

describe("ResyncSender", () => {
  it("sends the check-sync to where the phone registered from (NAT), logs the status", async () => {
    const { sender, notifies, answer, records } = setup([
      binding("100", "sip:100@192.168.1.20:5060", ["UDP", "203.0.113.2", 40123]),
    ]);
    const done = sender.notify([desk]);
    const sent = notifies();
    assert.equal(sent.length, 1);
    const { req, target } = sent[0]!;
    assert.deepEqual(target, { protocol: "UDP", address: "203.0.113.2", port: 40123 });
    assert.equal(formatUri(req.uri), "sip:100@192.168.1.20:5060", "Request-URI: the registered Contact");
    assert.equal(getHeader(req, "Event"), "check-sync;reboot=false");
    assert.equal(getHeader(req, "Subscription-State"), "terminated");
    assert.equal(getCSeq(req)?.method, "NOTIFY");
    answer(0, 200);
    assert.deepEqual(await done, [{ device: "desk", target: "UDP 203.0.113.2:40123", status: 200 }]);
    const log = records.find((r) => r.msg === "check-sync sent");
    assert.equal(log?.device, "desk");
    assert.equal(log?.status, 200);
  });

  it("the vendor's own event: a Grandstream gets plain check-sync", () => {
    const { sender, notifies } = setup([
      binding("103", "sip:103@172.16.0.61:5062", ["UDP", "172.16.0.61", 5062]),
    ]);
    void sender.notify([lobby]);
    assert.equal(getHeader(notifies()[0]!.req, "Event"), "check-sync");
  });

  it("a device not registered is logged and skipped; others still get theirs", async () => {
    const { sender, notifies, answer, records } = setup([
      binding("103", "sip:103@172.16.0.61:5060", ["UDP", "172.16.0.61", 5060]),
    ]);
    const done = sender.notify([desk, lobby]);
    assert.equal(notifies().length, 1);
    answer(0, 200);
    assert.deepEqual(await done, [
      { device: "desk", error: "not-registered" },
      { device: "lobby", target: "UDP 172.16.0.61:5060", status: 200 },
    ]);
    const skipped = records.find((r) => r.msg === "check-sync skipped: device not registered");
    assert.deepEqual([skipped?.device, skipped?.lines], ["desk", ["100"]]);
  });

  it("a phone with two lines registered from one address is told once; two phones on a line each", () => {
    const twoLines: DeviceProvisioning = {
      ...desk,
      lines: [desk.lines[0]!, { ...desk.lines[0]!, index: 2, extension: "103", authUser: "103" }],
    };
    const { sender, notifies } = setup([
      binding("100", "sip:100@172.16.0.50:5060", ["UDP", "172.16.0.50", 5060]),
      binding("103", "sip:103@172.16.0.50:5060", ["UDP", "172.16.0.50", 5060]),
      binding("100", "sip:100@172.16.0.70:5060", ["UDP", "172.16.0.70", 5060]),
    ]);
    void sender.notify([twoLines]);
    assert.deepEqual(
      notifies().map((n) => n.target?.address),
      ["172.16.0.50", "172.16.0.70"],
    );
  });

  it("a 4xx and a timeout are logged, never thrown", async () => {
    const { clock, sender, notifies, answer, records } = setup([
      binding("100", "sip:100@172.16.0.50:5060", ["UDP", "172.16.0.50", 5060]),
      binding("103", "sip:103@172.16.0.61:5060", ["UDP", "172.16.0.61", 5060]),
    ]);
    const done = sender.notify([desk, lobby]);
    answer(0, 489); // RFC 6665 §8.3.2 (formerly RFC 3265 §3.2.4): Bad Event
    clock.advance(64 * 500); // Timer F (RFC 3261 §17.1.2.2): the other phone never answers
    assert.deepEqual(await done, [
      { device: "desk", target: "UDP 172.16.0.50:5060", status: 489 },
      { device: "lobby", target: "UDP 172.16.0.61:5060", error: "timeout" },
    ]);
    const toLobby = notifies().filter((n) => n.target?.address === "172.16.0.61").length;
    assert.ok(toLobby > 1, "the unanswered NOTIFY was retransmitted (Timer E) before Timer F");
    assert.deepEqual(
      records.filter((r) => r.msg === "check-sync not accepted").map((r) => [r.device, r.status ?? r.error]),
      [
        ["desk", 489],
        ["lobby", "timeout"],
      ],
    );
  });

  it("answers the phone's digest challenge once with the line's credentials (RFC 3261 §22.2)", async () => {
    const { sender, notifies, answer, records } = setup([
      binding("100", "sip:100@172.16.0.50:5060", ["UDP", "172.16.0.50", 5060]),
    ]);
    const done = sender.notify([desk]);
    const challenge: [string, string] = ["WWW-Authenticate", 'Digest realm="phone", nonce="n1", qop="auth"'];
    answer(0, 401, [challenge]);
    const [first, retry] = notifies().map((n) => n.req);
    assert.ok(retry, "the NOTIFY is sent again with credentials");
    assert.equal(getCallId(retry), getCallId(first!));
    assert.equal(getHeader(retry, "From"), getHeader(first!, "From"));
    assert.equal(getCSeq(retry)?.seq, 2);
    assert.notEqual(viaBranch(getTopVia(retry)!), viaBranch(getTopVia(first!)!));
    const auth = getAuthValues(retry, "Authorization")[0]!;
    assert.equal(auth.params.get("username"), "100");
    assert.equal(auth.params.get("uri"), "sip:100@172.16.0.50:5060");
    answer(1, 401, [challenge]); // wrong credentials: not answered again
    assert.equal(notifies().length, 2);
    assert.deepEqual(await done, [{ device: "desk", target: "UDP 172.16.0.50:5060", status: 401 }]);
    assert.ok(!JSON.stringify(records).includes(desk.lines[0]!.password), "no secret in the logs");
  });
});
