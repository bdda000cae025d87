import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Logger } from "../../base/index.ts";
import { parseMessage, type SipRequest } from "../../sip/index.ts";
import { Blacklist, type BlacklistConfig } from "./blacklist.ts";
import { callerIdentity } from "./caller-identity.ts";

function invite(from: string, extra: string[] = []): SipRequest {
  return parseMessage(
    Buffer.from(
      [
        "INVITE sip:pibx-token@203.0.113.2 SIP/2.0",
        "Via: SIP/2.0/UDP 203.0.113.10;branch=z9hG4bK1",
        "Max-Forwards: 69",
        `From: ${from};tag=a`,
        "To: <sip:15550100@203.0.113.10>",
        "Call-ID: bl-1",
        "CSeq: 1 INVITE",
        ...extra,
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipRequest;
}

const FROM = { prefer: "from", trustPai: false } as const;

describe("callerIdentity", () => {
  const cases: Array<[string, string, string[], boolean, string | undefined]> = [
    ["a plain caller", '"Ann" <sip:15550199@p>', [], false, "15550199"],
    ["a tel URI", "<tel:+1-555-0199>", [], false, "+1-555-0199"],
    ["RFC 3323 anonymous URI", '"Anonymous" <sip:anonymous@anonymous.invalid>', [], true, "anonymous"],
    ["user anonymous at any host", "<sip:Anonymous@p>", [], true, "Anonymous"],
    ["Privacy: id", "<sip:15550199@p>", ["Privacy: id"], true, "15550199"],
    ["Privacy: user;id", "<sip:15550199@p>", ["Privacy: user;id"], true, "15550199"],
    ["Privacy: none", "<sip:15550199@p>", ["Privacy: none"], false, "15550199"],
    ["withheld", "<sip:withheld@p>", [], true, "withheld"],
    ["no user part at all", "<sip:p>", [], true, undefined],
    ["a name instead of a number", "<sip:alice@p>", [], true, "alice"],
  ];
  for (const [what, from, extra, anonymous, number] of cases) {
    it(`${what}: anonymous=${anonymous}`, () => {
      const id = callerIdentity(invite(from, extra), FROM);
      assert.equal(id.anonymous, anonymous);
      assert.equal(id.number, number);
    });
  }

  it("uses P-Asserted-Identity only when trusted (RFC 3325 §5)", () => {
    const req = invite("<sip:15550199@p>", ["P-Asserted-Identity: <sip:+15550142@p>, <tel:+15550142>"]);
    assert.equal(callerIdentity(req, { prefer: "pai", trustPai: false }).number, "15550199");
    assert.deepEqual(callerIdentity(req, { prefer: "pai", trustPai: true }), {
      source: "pai",
      anonymous: false,
      number: "+15550142",
    });
  });
});

describe("Blacklist", () => {
  const config: BlacklistConfig = {
    numbers: ["+1 555 0666", "15550667"],
    prefixes: ["1900", "+44"],
    anonymous: true,
    response: 608,
  };
  const cases: Array<[string, string, string[], "allow" | "number" | "prefix" | "anonymous"]> = [
    ["an exact number written as configured", "<sip:+15550666@p>", [], "number"],
    ["the same number without +1", "<sip:5550666@p>", [], "number"],
    ["the same number with the trunk prefix", "<sip:15550666@p>", [], "number"],
    ["the second number, E.164", "<tel:+1-555-0667>", [], "number"],
    ["a neighbour number", "<sip:15550668@p>", [], "allow"],
    ["a 900 number", "<sip:19005551234@p>", [], "prefix"],
    ["a 900 number in E.164", "<sip:+19005551234@p>", [], "prefix"],
    ["a UK number dialled with 011", "<sip:011442079460000@p>", [], "prefix"],
    ["a UK number in E.164", "<sip:+442079460000@p>", [], "prefix"],
    ["a withheld caller", "<sip:anonymous@anonymous.invalid>", [], "anonymous"],
    ["Privacy: id", "<sip:15550199@p>", ["Privacy: id"], "anonymous"],
    ["a normal caller", "<sip:15550199@p>", [], "allow"],
  ];
  const bl = new Blacklist(config);
  for (const [what, from, extra, rule] of cases) {
    it(`${what} → ${rule}`, () => {
      const d = bl.decide(callerIdentity(invite(from, extra), FROM));
      if (rule === "allow") assert.equal(d.action, "allow");
      else {
        assert.equal(d.action, "reject");
        assert.equal(d.action === "reject" && d.rule, rule);
        assert.equal(d.action === "reject" && d.status, 608);
      }
    });
  }

  it("lets anonymous callers through when anonymous is false, and answers 603 Decline when configured", () => {
    const open = new Blacklist({ numbers: ["15550666"], prefixes: [], anonymous: false, response: 603 });
    assert.equal(
      open.decide(callerIdentity(invite("<sip:anonymous@anonymous.invalid>"), FROM)).action,
      "allow",
    );
    const d = open.decide(callerIdentity(invite("<sip:15550666@p>"), FROM));
    assert.ok(d.action === "reject");
    assert.deepEqual(Blacklist.reply(d), { status: 603, reason: "Decline", headers: [] });
  });

  it("608 goes without Call-Info: no signed jCard to offer (RFC 8688)", () => {
    const d = bl.decide(callerIdentity(invite("<sip:15550666@p>"), FROM));
    assert.ok(d.action === "reject");
    assert.deepEqual(Blacklist.reply(d), { status: 608, reason: "Rejected", headers: [] });
  });

  it("logs each rejection as one structured record", () => {
    const lines: string[] = [];
    const logger = Logger.create({ level: "info", sink: (l) => lines.push(l) });
    const b = new Blacklist(config, undefined, logger);
    b.check(invite("<sip:15550199@p>"), FROM, { trunk: "provider" });
    assert.equal(lines.length, 0, "nothing logged for an allowed caller");
    b.check(invite('"Spam" <sip:+15550666@p>'), FROM, { trunk: "provider", did: "15550100" });
    assert.equal(lines.length, 1);
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(rec.msg ?? rec.message, "caller blacklisted");
    assert.equal(rec.component, "blacklist");
    assert.equal(rec.rule, "number");
    assert.equal(rec.matched, "+1 555 0666");
    assert.equal(rec.callerNumber, "+15550666");
    assert.equal(rec.status, 608);
    assert.equal(rec.did, "15550100");
  });
});
