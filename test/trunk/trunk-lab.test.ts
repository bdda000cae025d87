// The trunk client against the virtual lab's provider (Kamailio at 203.0.113.10) through both
// NATs (lab router masquerade + home router masquerade): registration with digest auth, the public
// address learned from Via received/rport, a refresh, recovery after the provider restarts, a DID
// call recognised as trunk-inbound, a spoofed INVITE not recognised, a blacklisted caller refused
// with exactly the configured status. Root only; the lab is brought up under its lock and always
// taken down.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  configureLabRouterByHand,
  down,
  exec,
  Phone,
  restartProvider,
  sendUdp,
  type UpResult,
  up,
} from "../lab/index.ts";
import { HarnessProcess } from "./harness-process.ts";

const notRoot = process.getuid?.() === 0 ? false : "needs root: the lab uses network namespaces";
const PROVIDER = "203.0.113.10";
const HOME_OUTSIDE = "203.0.113.2";
const EXPIRES = 20;

/** "15550199" written the way people do, "1 555 0199": the blacklist normalises it. */
const spaced = (n: string): string => `${n.slice(0, 1)} ${n.slice(1, 4)} ${n.slice(4)}`;

describe("the trunk in the virtual lab", { skip: notRoot, timeout: 300_000 }, () => {
  let lab: UpResult | undefined;
  let harness: HarnessProcess | undefined;
  let pstn: Phone | undefined;

  before(async () => {
    try {
      lab = await up();
      await configureLabRouterByHand();
      const s = lab.settings;
      harness = new HarnessProcess({
        lanAddress: "172.16.0.10",
        sipPort: 5060,
        trunk: {
          name: "provider",
          host: PROVIDER,
          username: s.trunk.username,
          password: s.trunk.password,
          dids: s.dids.map((number) => ({ number, destination: { ivr: "main" } })),
          expiresSeconds: EXPIRES,
          didSource: "p-called-party-id",
          keepaliveSeconds: 5,
        },
        blacklist: { numbers: [], prefixes: [], anonymous: true, response: 608 },
        stunServer: { address: PROVIDER, port: 3478 },
      });
      pstn = await Phone.connect("pstn");
    } catch (e) {
      await harness?.stop();
      await down();
      throw e;
    }
  });

  after(async () => {
    pstn?.close();
    await harness?.stop();
    await down();
  });

  const h = (): HarnessProcess => harness!;

  /** The pstn phone calls a number at the provider; resolves with how the call ended. */
  async function pstnCalls(number: string): Promise<string> {
    const phone = pstn!;
    const mark = phone.mark();
    await phone.dial(`sip:${number}@${PROVIDER}`);
    const closed = await phone.waitFor("CALL_CLOSED", 15_000, mark);
    return closed.param ?? "";
  }

  it("registers through both NATs and learns 203.0.113.2 as its public address", async () => {
    const reg = await h().waitFor((e) => e.event === "registered", 20_000);
    // The first 2xx teaches the address; the Contact is corrected with a second REGISTER.
    const status = (
      await h().waitFor(
        (e) =>
          e.event === "registered" &&
          String((e.status as { contact?: string }).contact).includes(`@${HOME_OUTSIDE}:`),
        20_000,
      )
    ).status as { publicAddress?: { address: string; port?: number; source: string }; callId: string };
    assert.equal(status.publicAddress?.address, HOME_OUTSIDE);
    assert.equal(status.publicAddress?.source, "provider");
    assert.ok(reg);
  });

  it("learns the same public address from the lab's STUN server (RFC 5389 Binding)", async () => {
    const stun = await h().waitFor((e) => e.event === "stun", 15_000);
    assert.equal(
      (stun.mapped as { address?: string } | undefined)?.address,
      HOME_OUTSIDE,
      JSON.stringify(stun),
    );
  });

  it("stays registered across a refresh: same Call-ID, higher CSeq", async () => {
    const first = await h().waitFor((e) => e.event === "registered", 1000);
    const mark = h().mark();
    const next = await h().waitFor((e) => e.event === "registered", (EXPIRES / 2 + 10) * 1000, mark);
    const a = first.status as { callId: string; cseq: number };
    const b = next.status as { callId: string; cseq: number; state: string };
    assert.equal(b.callId, a.callId);
    assert.ok(b.cseq > a.cseq);
    assert.equal(b.state, "registered");
  });

  it("recognises the provider's INVITE for a DID as trunk-inbound, with the DID and caller", async () => {
    const did = lab!.settings.dids[0]!;
    const mark = h().mark();
    const ended = await pstnCalls(did);
    const inv = await h().waitFor((e) => e.event === "invite", 10_000, mark);
    assert.equal(inv.kind, "trunk", JSON.stringify(inv));
    assert.equal(inv.did, did);
    assert.equal((inv.caller as { number?: string }).number, lab!.settings.pstn.username);
    assert.equal((inv.source as { address: string }).address, PROVIDER);
    assert.equal(inv.blacklist, "allow");
    assert.match(ended, /486/, "the harness's placeholder answer reached the caller");
  });

  it("answers a blacklisted caller with exactly the configured 608, before anything rings", async () => {
    const mark = h().mark();
    h().send({
      cmd: "blacklist",
      blacklist: {
        numbers: [spaced(lab!.settings.pstn.username)],
        prefixes: [],
        anonymous: false,
        response: 608,
      },
    });
    await h().waitFor((e) => e.event === "ack", 5000, mark);
    const ended = await pstnCalls(lab!.settings.dids[1]!);
    const inv = await h().waitFor((e) => e.event === "invite", 10_000, mark);
    assert.equal(inv.kind, "trunk");
    assert.equal(inv.blacklist, 608);
    assert.match(ended, /608/);
    h().send({ cmd: "blacklist", blacklist: { numbers: [], prefixes: [], anonymous: false, response: 603 } });
  });

  it("does not take a spoofed INVITE sent straight to the forwarded SIP port as from the trunk", async () => {
    // The home router forwards 5060 to the lab router (UPnP, as pibx will ask), which forwards it
    // to the pi: the internet can reach the harness directly, as it can reach a real PBX.
    const igd = "http://192.168.1.1:5000/rootDesc.xml";
    const mapped = await exec("lab-router", ["upnpc", "-u", igd, "-a", "192.168.1.2", "5060", "5060", "UDP"]);
    assert.equal(mapped.code, 0, mapped.stderr + mapped.stdout);
    const did = lab!.settings.dids[0]!;
    const spoof = [
      `INVITE sip:${did}@${HOME_OUTSIDE} SIP/2.0`,
      "Via: SIP/2.0/UDP 198.51.100.20:5099;branch=z9hG4bKspoof1;rport",
      "Max-Forwards: 70",
      `From: <sip:15550199@${PROVIDER}>;tag=sp1`,
      `To: <sip:${did}@${PROVIDER}>`,
      `P-Called-Party-ID: <sip:${did}@${PROVIDER}>`,
      `P-Asserted-Identity: <sip:911@${PROVIDER}>`,
      "Call-ID: spoofed-call-1",
      "CSeq: 1 INVITE",
      `Contact: <sip:x@198.51.100.20:5099>`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    const mark = h().mark();
    await sendUdp("pstn", HOME_OUTSIDE, 5060, spoof, 1);
    const inv = await h().waitFor((e) => e.event === "invite", 10_000, mark);
    assert.equal(inv.kind, "not-trunk");
    assert.equal(inv.why, "source");
    assert.equal((inv.source as { address: string }).address, "198.51.100.20");
  });

  it("registers again after the provider restarts and forgets every binding", async () => {
    const mark = h().mark();
    await restartProvider({ reRegisterPhones: true });
    // The next refresh (≤ EXPIRES/2 s) or a lost keepalive brings the binding back.
    await h().waitFor((e) => e.event === "registered", (EXPIRES + 20) * 1000, mark);
    pstn?.close();
    pstn = await Phone.connect("pstn");
    await pstn.waitRegistered(10_000);
    const did = lab!.settings.dids[0]!;
    const m2 = h().mark();
    const ended = await pstnCalls(did);
    const inv = await h().waitFor((e) => e.event === "invite", 10_000, m2);
    assert.equal(inv.kind, "trunk");
    assert.match(ended, /486/, "the DID reaches us again (not the provider's 480 Trunk Not Registered)");
  });
});
