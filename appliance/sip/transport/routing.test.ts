import assert from "node:assert/strict";
import { test } from "node:test";
import {
  getTopVia,
  parseMessage,
  type SipRequest,
  type SipResponse,
  viaReceived,
  viaRport,
} from "../message/index.ts";
import { responseIsForUs, responseTarget, stampReceived, stampSentBy } from "./routing.ts";

function req(via: string): SipRequest {
  return parseMessage(
    Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nVia: ${via}\r\nCSeq: 1 OPTIONS\r\n\r\n`),
  ) as SipRequest;
}
function res(via: string): SipResponse {
  return parseMessage(Buffer.from(`SIP/2.0 200 OK\r\nVia: ${via}\r\nCSeq: 1 OPTIONS\r\n\r\n`)) as SipResponse;
}

test("§18.2.1: received added only when the host differs from the source address", () => {
  const same = req("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1");
  assert.equal(stampReceived(same, { address: "192.0.2.1", port: 5060 }), same);
  const nat = stampReceived(req("SIP/2.0/UDP phone.local:5060;branch=z9hG4bK1"), {
    address: "198.51.100.7",
    port: 40000,
  });
  const v = getTopVia(nat)!;
  assert.equal(viaReceived(v), "198.51.100.7");
  assert.equal(viaRport(v), undefined);
});

test("RFC 3581 §4: rport without value gets the source port, and received is always added", () => {
  const r = stampReceived(req("SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bK1, SIP/2.0/UDP p2"), {
    address: "192.0.2.1",
    port: 61000,
  });
  assert.equal(
    r.headers[0]!.value,
    "SIP/2.0/UDP 192.0.2.1:5060;rport=61000;branch=z9hG4bK1;received=192.0.2.1, SIP/2.0/UDP p2",
  );
});

test("malformed top Via: ParseError", () => {
  assert.throws(() => stampReceived(req("garbage"), { address: "1.2.3.4", port: 1 }));
});

test("§18.2.2 targets: received + rport, received + sent-by port, maddr, sent-by, connection reuse", () => {
  assert.deepEqual(responseTarget(res("SIP/2.0/UDP h:5070;received=198.51.100.7;rport=40000")), {
    protocol: "UDP",
    address: "198.51.100.7",
    port: 40000,
  });
  assert.deepEqual(responseTarget(res("SIP/2.0/UDP h:5070;received=198.51.100.7")), {
    protocol: "UDP",
    address: "198.51.100.7",
    port: 5070,
  });
  assert.deepEqual(responseTarget(res("SIP/2.0/UDP h;maddr=239.1.1.1")), {
    protocol: "UDP",
    address: "239.1.1.1",
    port: 5060,
  });
  assert.deepEqual(responseTarget(res("SIP/2.0/TLS [2001:db8::1]")), {
    protocol: "TLS",
    address: "2001:db8::1",
    port: 5061,
  });
  const src = {
    protocol: "TCP" as const,
    remote: { address: "1.1.1.1", port: 1 },
    local: { address: "2.2.2.2", port: 5060 },
    connectionId: 4,
  };
  assert.equal(responseTarget(res("SIP/2.0/TCP h;received=1.1.1.1"), src).connectionId, 4);
  const udp = {
    protocol: "UDP" as const,
    remote: { address: "1.1.1.1", port: 40000 },
    local: { address: "2.2.2.2", port: 5060 },
  };
  assert.deepEqual(responseTarget(res("SIP/2.0/TLS h;received=1.1.1.1;rport=40000"), udp), {
    protocol: "UDP",
    address: "1.1.1.1",
    port: 40000,
  });
  assert.deepEqual(responseTarget(res("SIP/2.0/TCP h:5080;received=1.1.1.1;rport=4000")), {
    protocol: "TCP",
    address: "1.1.1.1",
    port: 5080,
  });
});

test("§18.1.1: sent-by and transport stamped, rport requested, branch kept", () => {
  const r = stampSentBy(
    req("SIP/2.0/UDP placeholder;branch=z9hG4bKx"),
    "TCP",
    { address: "2001:db8::5", port: 5062 },
    { rport: true },
  );
  assert.equal(r.headers[0]!.value, "SIP/2.0/TCP [2001:db8::5]:5062;branch=z9hG4bKx;rport");
});

test("§18.1.2: responses for another sent-by are not ours", () => {
  const ours = [{ address: "192.0.2.1", port: 5060 }];
  assert.ok(responseIsForUs(res("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1"), ours));
  assert.ok(!responseIsForUs(res("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1"), ours));
  assert.ok(!responseIsForUs(res("SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1"), ours));
  assert.ok(
    responseIsForUs(res("SIP/2.0/UDP pbx.example.com;branch=z9hG4bK1"), [{ address: "0.0.0.0", port: 5060 }]),
  );
});
