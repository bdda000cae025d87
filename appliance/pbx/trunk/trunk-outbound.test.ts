import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeHa1, computeResponse } from "../../sip/auth/index.ts";
import {
  formatNameAddr,
  formatUri,
  getAuthValues,
  parseMessage,
  type SipRequest,
  type SipResponse,
  sipUri,
} from "../../sip/index.ts";
import { planTrunkLeg, trunkRequestUri } from "./trunk-outbound.ts";
import { trunkSettings } from "./trunk-settings.ts";

const settings = trunkSettings({
  name: "provider",
  host: "203.0.113.10",
  username: "15550123",
  password: "trunk-secret",
});

const plan = (callerId: Parameters<typeof planTrunkLeg>[0]["callerId"], s = settings) =>
  planTrunkLeg({
    settings: s,
    number: "15550199",
    callerId,
    contact: { user: "pibx-token", address: "203.0.113.2", port: 5060 },
    cnonce: () => "cn",
  });

function challenge(status: 401 | 407, value: string): SipResponse {
  const name = status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  const text = [
    `SIP/2.0 ${status} Auth`,
    "Via: SIP/2.0/UDP 172.16.0.10;branch=z9hG4bKx",
    "From: <sip:15550123@203.0.113.10>;tag=1",
    "To: <sip:15550199@203.0.113.10>;tag=2",
    "Call-ID: c",
    "CSeq: 1 INVITE",
    `${name}: ${value}`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  return parseMessage(Buffer.from(text)) as SipResponse;
}

const inviteTo = (uri: ReturnType<typeof trunkRequestUri>): SipRequest => ({
  kind: "request",
  method: "INVITE",
  uri,
  version: "SIP/2.0",
  headers: [],
  body: Buffer.alloc(0),
});

describe("the trunk B-leg plan", () => {
  it("sends the number to the trunk's host, with the caller ID in From (RFC 3261 §8.1.1)", () => {
    const p = plan({ number: "15550123", name: "Virtual Lab", header: "from" });
    assert.equal(formatUri(p.requestUri), "sip:15550199@203.0.113.10;user=phone");
    assert.equal(formatNameAddr(p.to), "<sip:15550199@203.0.113.10>");
    assert.equal(formatNameAddr(p.from), '"Virtual Lab" <sip:15550123@203.0.113.10>');
    assert.deepEqual(p.headers, []);
    // Our Contact names the registration's token at the public address.
    assert.equal(formatUri(p.contact), "sip:pibx-token@203.0.113.2:5060");
  });

  it("asserts the caller ID in P-Asserted-Identity with the account in From (RFC 3325 §9.1)", () => {
    const p = plan({ number: "15550100", header: "pai" });
    assert.equal(formatNameAddr(p.from), "<sip:15550123@203.0.113.10>");
    assert.deepEqual(p.headers, [["P-Asserted-Identity", "<sip:15550100@203.0.113.10>"]]);
  });

  it("withholds the caller ID with an anonymous From and Privacy: id (RFC 3323 §4.1.1.3, RFC 3325 §9.3)", () => {
    const p = plan({ number: "15550100", header: "from", privacy: true });
    assert.equal(formatNameAddr(p.from), '"Anonymous" <sip:anonymous@anonymous.invalid>');
    assert.deepEqual(p.headers, [
      ["P-Asserted-Identity", "<sip:15550100@203.0.113.10>"],
      ["Privacy", "id"],
    ]);
  });

  it("presents the account's user without a configured caller ID; names the domain and non-default port", () => {
    const s = trunkSettings({ ...settings, domain: "sip.example.net", port: 5080, transport: "TCP" });
    const p = plan({ header: "from" }, s);
    assert.equal(formatNameAddr(p.from), "<sip:15550123@sip.example.net>");
    assert.equal(formatUri(p.requestUri), "sip:15550199@203.0.113.10:5080;transport=tcp;user=phone");
    assert.equal(formatUri(p.contact), "sip:pibx-token@203.0.113.2:5060;transport=tcp");
    assert.equal(formatUri(trunkRequestUri(s, "*97")), "sip:*97@203.0.113.10:5080;transport=tcp");
  });

  it("answers a 407 with Proxy-Authorization over the Request-URI as sent (RFC 3261 §22.3)", () => {
    const p = plan({ header: "from" });
    const req = inviteTo(p.requestUri);
    const h = p.authenticate(challenge(407, 'Digest realm="203.0.113.10", nonce="n1"'), req);
    assert.ok(h);
    assert.equal(h.name, "Proxy-Authorization");
    const params = getAuthValues(
      { headers: [{ name: "Authorization", value: h.value }] },
      "Authorization",
    )[0]!.params;
    const uri = formatUri(p.requestUri);
    assert.equal(params.get("uri"), uri);
    assert.equal(params.get("username"), "15550123");
    const ha1 = computeHa1("MD5", "15550123", "203.0.113.10", "trunk-secret");
    assert.equal(
      params.get("response"),
      computeResponse({ algorithm: "MD5", ha1, method: "INVITE", uri, nonce: "n1" }),
    );
  });

  it("answers 401 with Authorization, uses authUsername, and gives up when the fresh answer is refused", () => {
    const s = trunkSettings({ ...settings, authUsername: "auth-user" });
    const p = plan({ header: "from" }, s);
    const req = inviteTo(p.requestUri);
    const first = p.authenticate(challenge(401, 'Digest realm="r", nonce="n1", qop="auth"'), req);
    assert.equal(first?.name, "Authorization");
    assert.match(first?.value ?? "", /username="auth-user"/);
    // Challenged again without stale=true: the password is wrong, no loop (RFC 7616 §3.3).
    assert.equal(p.authenticate(challenge(401, 'Digest realm="r", nonce="n2", qop="auth"'), req), undefined);
  });

  it("retries a stale nonce at most twice, never the same nonce again", () => {
    const p = plan({ header: "from" });
    const req = inviteTo(p.requestUri);
    assert.ok(p.authenticate(challenge(407, 'Digest realm="r", nonce="n1"'), req));
    assert.ok(p.authenticate(challenge(407, 'Digest realm="r", nonce="n2", stale=true'), req));
    assert.equal(p.authenticate(challenge(407, 'Digest realm="r", nonce="n2", stale=true'), req), undefined);
    const q = plan({ header: "from" });
    assert.ok(q.authenticate(challenge(407, 'Digest realm="r", nonce="a"'), req));
    assert.ok(q.authenticate(challenge(407, 'Digest realm="r", nonce="b", stale=true'), req));
    assert.ok(q.authenticate(challenge(407, 'Digest realm="r", nonce="c", stale=true'), req));
    assert.equal(q.authenticate(challenge(407, 'Digest realm="r", nonce="d", stale=true'), req), undefined);
  });

  it("gives up on a challenge it cannot answer", () => {
    const p = plan({ header: "from" });
    const req = inviteTo(sipUri("203.0.113.10", { user: "15550199" }));
    assert.equal(p.authenticate(challenge(401, 'Basic realm="r"'), req), undefined);
  });
});
