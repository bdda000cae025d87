// Calls through a trunk in the B2BUA: an extension's call out to the provider (the B-leg with the
// trunk's caller ID, our public Contact and c= address, the 407 answered with the trunk's
// credentials, the channel released once), and a call from the trunk answered with the public
// address while the phone's leg keeps the LAN one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import type { InviteSession } from "../../sip/dialog/index.ts";
import { createStack, MemoryNetwork } from "../../sip/dialog/testing.ts";
import { getAuthValues, getHeader, parseUri, type SipRequest, sipUri } from "../../sip/message/index.ts";
import { MemoryCdrSink } from "../cdr/jsonl-cdr-store.ts";
import { planTrunkLeg, trunkTarget } from "../trunk/trunk-outbound.ts";
import { trunkSettings } from "../trunk/trunk-settings.ts";
import { B2bua } from "./b2bua.ts";
import type { RouteDecision } from "./call-deps.ts";
import { sdpOf } from "./sdp-bridge.ts";
import { FakeMediaFactory, phoneSdp } from "./testing.ts";

const PUBLIC = "203.0.113.2";
const LAN = "192.0.2.10";
const CHALLENGE: Array<[string, string]> = [
  ["Proxy-Authenticate", 'Digest realm="203.0.113.10", nonce="n1"'],
];

const trunk = trunkSettings({
  name: "provider",
  host: "203.0.113.10",
  username: "15550123",
  password: "trunk-secret",
  outboundCallerId: { number: "15550123", name: "Lab", header: "from" },
});

/** The appliance's media factory: the LAN address, the public one for INVITEs from the trunk. */
class TrunkAwareMedia extends FakeMediaFactory {
  callerAddress(invite: SipRequest): string | undefined {
    // The recogniser's mark, played here by the provider's address in From.
    return /@203\.0\.113\.10>/.test(getHeader(invite, "From") ?? "") ? PUBLIC : undefined;
  }
}

function world() {
  const clock = new ManualClock();
  const net = new MemoryNetwork(clock);
  const pbx = createStack(net, clock, { address: LAN, user: "pibx", seed: 10, sessionTimer: false });
  const phone = createStack(net, clock, { address: "192.0.2.1", user: "100", seed: 20, sessionTimer: false });
  const provider = createStack(net, clock, {
    address: "203.0.113.10",
    user: "provider",
    seed: 30,
    sessionTimer: false,
  });
  const atProvider: InviteSession[] = [];
  provider.dialogs.events.on("invite", (s) => atProvider.push(s));
  const atPhone: InviteSession[] = [];
  phone.dialogs.events.on("invite", (s) => atPhone.push(s));
  const media = new TrunkAwareMedia();
  const cdr = new MemoryCdrSink();
  let releases = 0;
  const lease = { release: () => releases++ };
  const outbound = (number: string): RouteDecision => {
    const plan = planTrunkLeg({
      settings: trunk,
      number,
      callerId: trunk.outboundCallerId!,
      contact: { user: "pibx-token", address: PUBLIC, port: 5060 },
      cnonce: () => "cn",
    });
    return {
      kind: "outbound",
      trunk: "provider",
      number,
      emergency: number === "911",
      lease,
      target: trunkTarget(plan, PUBLIC),
    };
  };
  const b2bua = new B2bua({
    dialogs: pbx.dialogs,
    clock,
    ids: pbx.ids,
    auth: {
      authorize: (req) => ({ ok: true, user: /sip:([^@]+)@/.exec(getHeader(req, "From") ?? "")?.[1] ?? "" }),
    },
    router: {
      route: (dialled) =>
        dialled === "100"
          ? { kind: "extension", user: "100" }
          : /^\d{3,}$/.test(dialled)
            ? outbound(dialled)
            : { kind: "reject", status: 404 },
    },
    contacts: { contacts: (user) => (user === "100" ? [{ uri: sipUri("192.0.2.1", { user: "100" }) }] : []) },
    media,
    domain: "pbx.test",
    cdr,
  });
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      net.deliverAll();
      await new Promise((r) => setImmediate(r));
    }
    net.deliverAll();
  };
  const dialOut = (number: string) =>
    phone.dialogs.invite({
      to: sipUri(LAN, { user: number }),
      from: parseUri("sip:100@pbx.test"),
      offer: phoneSdp("192.0.2.1", 4000),
    });
  return {
    clock,
    net,
    b2bua,
    media,
    cdr,
    atProvider,
    atPhone,
    provider,
    settle,
    dialOut,
    releases: () => releases,
  };
}

test("an extension's call out: the provider gets the number, the trunk's caller ID, our public Contact and SDP", async () => {
  const w = world();
  const a = w.dialOut("15550199");
  await w.settle();
  const leg = w.atProvider[0];
  assert.ok(leg, "the INVITE reached the provider");
  const req = leg.request;
  assert.equal(req.uri.type === "sip" && req.uri.user, "15550199");
  assert.equal(req.uri.type === "sip" && req.uri.host, "203.0.113.10");
  assert.equal(getHeader(req, "From")?.replace(/;tag=.*/, ""), '"Lab" <sip:15550123@203.0.113.10>');
  assert.equal(getHeader(req, "To"), "<sip:15550199@203.0.113.10>");
  assert.equal(getHeader(req, "Contact"), `<sip:pibx-token@${PUBLIC}:5060>`);
  assert.equal(getHeader(req, "P-Asserted-Identity"), undefined);
  // The trunk leg's SDP carries the public address, the phone's answer the LAN address.
  assert.equal(sdpOf(leg.remoteBody)?.connection?.address, PUBLIC);
  leg.answer(phoneSdp("198.51.100.20", 7000));
  await w.settle();
  assert.equal(a.state, "confirmed");
  assert.equal(sdpOf(a.remoteBody)?.connection?.address, LAN);
  const m = w.media.sessions[0]!;
  assert.deepEqual([m.remotes.b?.address, m.remotes.b?.port], ["198.51.100.20", 7000]);
  assert.equal(w.releases(), 0, "the channel is held while the call is up");
  a.close(); // the extension hangs up
  await w.settle();
  assert.equal(leg.terminated, true, "BYE to the provider");
  assert.equal(w.releases(), 1);
  assert.equal(w.cdr.records[0]?.to, "15550199");
  assert.equal(w.cdr.records[0]?.outcome, "answered");
});

test("the provider's 407 is answered with the trunk's credentials; the channel is released once", async () => {
  const w = world();
  const a = w.dialOut("15550199");
  await w.settle();
  w.atProvider[0]!.reject(407, CHALLENGE);
  await w.settle();
  const retry = w.atProvider[1];
  assert.ok(retry, "the INVITE was sent again");
  const auth = getAuthValues(retry.request, "Proxy-Authorization")[0];
  assert.equal(auth?.params.get("username"), "15550123");
  assert.equal(auth?.params.get("uri"), "sip:15550199@203.0.113.10;user=phone");
  assert.equal(getHeader(retry.request, "Call-ID"), getHeader(w.atProvider[0]!.request, "Call-ID"));
  assert.equal(a.terminated, false);
  // Wrong credentials: challenged again with a fresh nonce and no stale flag: the call fails.
  retry.reject(407, [["Proxy-Authenticate", 'Digest realm="203.0.113.10", nonce="n2"']]);
  await w.settle();
  assert.equal(w.atProvider.length, 2, "no loop");
  assert.equal(a.terminated, true);
  assert.equal(w.releases(), 1);
  w.b2bua.close();
  assert.equal(w.releases(), 1, "exactly once");
});

test("the caller gives up while the provider rings: CANCEL toward the provider, channel released", async () => {
  const w = world();
  const a = w.dialOut("911");
  await w.settle();
  const leg = w.atProvider[0]!;
  leg.progress(180);
  await w.settle();
  a.close(); // CANCEL from the phone
  await w.settle();
  assert.equal(leg.termination?.cause, "cancel");
  assert.equal(w.releases(), 1);
});

test("a call from the trunk is answered with the public address; the phone's leg gets the LAN one", async () => {
  const w = world();
  const inbound = w.provider.dialogs.invite({
    to: sipUri(LAN, { user: "100" }),
    from: parseUri("sip:15550199@203.0.113.10"),
    offer: phoneSdp("198.51.100.20", 7000),
  });
  await w.settle();
  const ring = w.atPhone[0];
  assert.ok(ring, "the extension rings");
  assert.equal(sdpOf(ring.remoteBody)?.connection?.address, LAN, "the phone is offered the LAN address");
  ring.answer(phoneSdp("192.0.2.1", 4000));
  await w.settle();
  assert.equal(inbound.state, "confirmed");
  assert.equal(
    sdpOf(inbound.remoteBody)?.connection?.address,
    PUBLIC,
    "the provider is answered with the public one",
  );
  // A phone's own call keeps the LAN address on its leg.
  const own = w.dialOut("100");
  await w.settle();
  w.atPhone[1]!.answer(phoneSdp("192.0.2.1", 4002));
  await w.settle();
  assert.equal(sdpOf(own.remoteBody)?.connection?.address, LAN);
});
