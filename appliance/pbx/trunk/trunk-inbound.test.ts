import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMessage, type SipRequest } from "../../sip/index.ts";
import type { MessageSource } from "../../sip/transport/index.ts";
import { type InboundTrunk, TrunkInboundRecognizer } from "./trunk-inbound.ts";
import { type TrunkSettings, trunkSettings } from "./trunk-settings.ts";

const TOKEN = "pibx-Zq8mW3kP0aLx7RtY2vNc5bHj";
const PROVIDER = { address: "203.0.113.10", port: 5060 };

function trunk(over: Partial<TrunkSettings> = {}, token: string | null = TOKEN): InboundTrunk {
  return {
    settings: trunkSettings({
      name: "provider",
      host: "203.0.113.10",
      username: "15550123",
      password: "x",
      dids: [
        { number: "15550100", destination: { ivr: "main" } },
        { number: "+1 555 0101", destination: { extension: "100" } },
      ],
      didSource: "p-called-party-id",
      ...over,
    }),
    endpoints: () => [PROVIDER],
    contactUser: token ?? undefined,
  };
}

function source(address = PROVIDER.address, port = PROVIDER.port): MessageSource {
  return { protocol: "UDP", remote: { address, port }, local: { address: "172.16.0.10", port: 5060 } };
}

function invite(
  o: {
    ruriUser?: string;
    to?: string;
    pcpi?: string;
    mf?: string | null;
    from?: string;
    extra?: string[];
  } = {},
): SipRequest {
  const lines = [
    `INVITE sip:${o.ruriUser ?? TOKEN}@203.0.113.2:40000 SIP/2.0`,
    "Via: SIP/2.0/UDP 203.0.113.10;branch=z9hG4bKa1",
    ...(o.mf === null ? [] : [`Max-Forwards: ${o.mf ?? "69"}`]),
    `From: ${o.from ?? '"PSTN" <sip:15550199@203.0.113.10>'};tag=f1`,
    `To: <sip:${o.to ?? "15550100"}@203.0.113.10>`,
    ...(o.pcpi === undefined
      ? ["P-Called-Party-ID: <sip:15550100@203.0.113.10>"]
      : o.pcpi
        ? [`P-Called-Party-ID: ${o.pcpi}`]
        : []),
    "Call-ID: inb-1",
    "CSeq: 1 INVITE",
    ...(o.extra ?? []),
    "Content-Length: 0",
    "",
    "",
  ];
  return parseMessage(Buffer.from(lines.join("\r\n"))) as SipRequest;
}

const recognizer = (...trunks: InboundTrunk[]) => new TrunkInboundRecognizer(() => trunks);

describe("TrunkInboundRecognizer", () => {
  it("recognises the provider's INVITE to our Contact token: DID, destination, caller, Max-Forwards − 1", () => {
    const v = recognizer(trunk()).recognize(invite(), source());
    assert.deepEqual(v, {
      kind: "trunk",
      trunk: "provider",
      did: "15550100",
      destination: { ivr: "main" },
      caller: { source: "from", anonymous: false, number: "15550199", name: "PSTN" },
      maxForwards: 68,
    });
  });

  const notTrunk: Array<[string, MessageSource, SipRequest, "source" | "contact"]> = [
    ["another address (a spoofed INVITE from the internet)", source("198.51.100.20"), invite(), "source"],
    ["the provider's address but another source port", source(PROVIDER.address, 5070), invite(), "source"],
    [
      "the provider's address, a guessed Request-URI user",
      source(),
      invite({ ruriUser: "15550100" }),
      "contact",
    ],
    [
      "the provider's address, a token one character off",
      source(),
      invite({ ruriUser: `${TOKEN.slice(0, -1)}x` }),
      "contact",
    ],
  ];
  for (const [what, src, req, why] of notTrunk) {
    it(`does not recognise ${what}`, () => {
      assert.deepEqual(recognizer(trunk()).recognize(req, src), { kind: "not-trunk", why });
    });
  }

  it("a registering trunk without a token yet recognises nothing; a non-registering one goes by source", () => {
    assert.deepEqual(recognizer(trunk({}, null)).recognize(invite(), source()), {
      kind: "not-trunk",
      why: "contact",
    });
    const v = recognizer(trunk({ register: false }, null)).recognize(
      invite({ ruriUser: "15550100" }),
      source(),
    );
    assert.equal(v.kind, "trunk");
  });

  it("honours anySourcePort and extra inbound addresses", () => {
    assert.equal(
      recognizer(trunk({ anySourcePort: true })).recognize(invite(), source(PROVIDER.address, 5070)).kind,
      "trunk",
    );
    assert.equal(
      recognizer(trunk({ extraInboundAddresses: ["203.0.113.11"] })).recognize(
        invite(),
        source("203.0.113.11", 6000),
      ).kind,
      "trunk",
    );
  });

  const dids: Array<[Partial<TrunkSettings>, Parameters<typeof invite>[0], string | undefined]> = [
    [{ didSource: "to" }, { to: "15550101", pcpi: "" }, "+1 555 0101"],
    [{ didSource: "to" }, { to: "%2B15550100" }, "15550100"],
    [{ didSource: "p-called-party-id" }, { to: "999" }, "15550100"],
    [{ didSource: "request-uri", register: false }, { ruriUser: "5550100" }, "15550100"],
  ];
  for (const [over, req, did] of dids) {
    it(`takes the DID from ${over.didSource} (${JSON.stringify(req)})`, () => {
      const v = recognizer(trunk(over, over.register === false ? null : TOKEN)).recognize(
        invite(req),
        source(),
      );
      assert.equal(v.kind, "trunk", JSON.stringify(v));
      assert.equal(v.kind === "trunk" && v.did, did);
    });
  }

  it("refuses an unknown DID or a missing one with 404 (from the trunk, so nothing is ringing)", () => {
    const r = recognizer(trunk());
    assert.deepEqual(r.recognize(invite({ pcpi: "<sip:15559999@203.0.113.10>" }), source()), {
      kind: "reject",
      trunk: "provider",
      status: 404,
      reason: "Unknown DID",
      did: "15559999",
    });
    assert.equal(r.recognize(invite({ pcpi: "" }), source()).kind === "reject", true);
  });

  it("Max-Forwards: 0 → 483 (RFC 3261 §16.3), absent → 70 (§16.6), malformed → 400", () => {
    const r = recognizer(trunk());
    assert.deepEqual(r.recognize(invite({ mf: "0" }), source()), {
      kind: "reject",
      trunk: "provider",
      status: 483,
      reason: "Too Many Hops",
    });
    const absent = r.recognize(invite({ mf: null }), source());
    assert.equal(absent.kind === "trunk" && absent.maxForwards, 70);
    const one = r.recognize(invite({ mf: "1" }), source());
    assert.equal(one.kind === "trunk" && one.maxForwards, 0);
    assert.equal(r.recognize(invite({ mf: "x" }), source()).kind, "reject");
  });

  it("caller ID from P-Asserted-Identity when the trunk says so (trusted: the source is the trunk)", () => {
    const r = recognizer(trunk({ callerIdSource: "pai" }));
    const v = r.recognize(
      invite({ extra: ['P-Asserted-Identity: "Bob" <sip:+15550142@203.0.113.10>'] }),
      source(),
    );
    assert.equal(v.kind, "trunk");
    assert.deepEqual(v.kind === "trunk" && v.caller, {
      source: "pai",
      anonymous: false,
      number: "+15550142",
      name: "Bob",
    });
    // The caller withheld their number (anonymous From): the asserted number is known to us, but
    // the call stays anonymous (RFC 3323: do not show it).
    const hidden = r.recognize(
      invite({
        from: "<sip:anonymous@anonymous.invalid>",
        extra: ["P-Asserted-Identity: <sip:+15550142@203.0.113.10>"],
      }),
      source(),
    );
    assert.equal(hidden.kind === "trunk" && hidden.caller.anonymous, true);
    assert.equal(hidden.kind === "trunk" && hidden.caller.number, "+15550142");
    const fromOnly = recognizer(trunk()).recognize(
      invite({ extra: ["P-Asserted-Identity: <sip:+15550142@203.0.113.10>"] }),
      source(),
    );
    assert.equal(fromOnly.kind === "trunk" && fromOnly.caller.number, "15550199");
  });
});
