import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NANP } from "../pbx/blacklist/phone-number.ts";
import { type InboundTrunk, trunkSettings } from "../pbx/trunk/index.ts";
import { formatUri, parseMessage, type SipRequest } from "../sip/index.ts";
import type { MessageSource } from "../sip/transport/index.ts";
import { isPrivateAddress, OutsideLegs } from "./outside-legs.ts";

const TOKEN = "pibx-0123456789abcdefghijklmn";
const trunk: InboundTrunk = {
  settings: trunkSettings({
    name: "provider",
    host: "203.0.113.10",
    username: "15550123",
    password: "x",
    dids: [{ number: "15550123", destination: { extension: "100" } }],
  }),
  endpoints: () => [{ address: "203.0.113.10", port: 5060 }],
  contactUser: TOKEN,
};

const from = (address: string): MessageSource => ({
  protocol: "UDP",
  remote: { address, port: 5060 },
  local: { address: "172.16.0.10", port: 5060 },
});

function invite(user: string, via = "203.0.113.10"): SipRequest {
  const text = [
    `INVITE sip:${user}@203.0.113.2 SIP/2.0`,
    `Via: SIP/2.0/UDP ${via};branch=z9hG4bKt1`,
    "Max-Forwards: 69",
    "From: <sip:15550199@203.0.113.10>;tag=f1",
    "To: <sip:15550123@203.0.113.10>",
    "Call-ID: t1",
    "CSeq: 1 INVITE",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  return parseMessage(Buffer.from(text)) as SipRequest;
}

describe("OutsideLegs", () => {
  const legs = new OutsideLegs(() => ({ address: "203.0.113.2", port: 5060 }));
  const recognizer = legs.recognizer(() => [trunk], NANP);

  it("a call the recogniser took as from the trunk is answered with the public address", () => {
    const req = invite(TOKEN);
    assert.equal(recognizer.recognize(req, from("203.0.113.10")).kind, "trunk");
    assert.equal(legs.mediaAddress(req), "203.0.113.2");
    assert.equal(formatUri(legs.contact(req, from("203.0.113.10"))!), "sip:pibx@203.0.113.2:5060");
  });

  it("a provider at a private address (a VPN) is still answered with the public address", () => {
    const vpn: InboundTrunk = { ...trunk, endpoints: () => [{ address: "10.8.0.1", port: 5060 }] };
    const r = legs.recognizer(() => [vpn], NANP);
    const req = invite(TOKEN, "10.8.0.1");
    assert.equal(r.recognize(req, from("10.8.0.1")).kind, "trunk");
    assert.equal(legs.mediaAddress(req), "203.0.113.2");
    assert.equal(formatUri(legs.contact(req, from("10.8.0.1"))!), "sip:pibx@203.0.113.2:5060");
  });

  it("a phone calling from the internet (through the forwards) gets the public address too", () => {
    const req = invite("100", "198.51.100.30");
    recognizer.recognize(req, from("198.51.100.30"));
    assert.equal(legs.mediaAddress(req), "203.0.113.2");
    assert.equal(formatUri(legs.contact(req, from("198.51.100.30"))!), "sip:pibx@203.0.113.2:5060");
    // Behind a NAT of its own: received= names where it came from (RFC 3261 §18.2.1).
    const natted = invite("100", "192.168.5.7;received=198.51.100.31");
    assert.equal(legs.mediaAddress(natted), "203.0.113.2");
  });

  it("a phone's call, and a spoofed one from the internet, keep the LAN addresses", () => {
    const phone = invite("101", "172.16.0.20");
    recognizer.recognize(phone, from("172.16.0.20"));
    assert.equal(legs.mediaAddress(phone), undefined);
    assert.equal(legs.contact(phone, from("172.16.0.20")), undefined);
    // From the provider's address but without our Contact token: not the trunk.
    const spoof = invite("pibx-guess", "192.168.1.2");
    assert.equal(recognizer.recognize(spoof, from("192.168.1.2")).kind, "not-trunk");
    assert.equal(legs.mediaAddress(spoof), undefined);
  });

  it("private ranges: RFC 1918, shared, loopback, link-local, ULA; IPv4-mapped read as IPv4", () => {
    for (const a of [
      "10.1.2.3",
      "172.16.0.10",
      "172.31.255.255",
      "192.168.1.2",
      "100.64.0.1",
      "127.0.0.1",
      "169.254.1.1",
      "fd00::1",
      "fe80::1",
      "::1",
      "::ffff:192.168.1.2",
    ])
      assert.equal(isPrivateAddress(a), true, a);
    for (const a of [
      "203.0.113.2",
      "198.51.100.30",
      "172.32.0.1",
      "8.8.8.8",
      "2001:db8::1",
      "::ffff:203.0.113.2",
    ])
      assert.equal(isPrivateAddress(a), false, a);
  });
});
