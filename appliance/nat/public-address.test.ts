import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMessage, type SipResponse } from "../sip/index.ts";
import { PublicAddressTracker, reflexiveFromResponse } from "./public-address.ts";

function response(via: string): SipResponse {
  return parseMessage(
    Buffer.from(
      `SIP/2.0 200 OK\r\nVia: ${via}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n`,
    ),
  ) as SipResponse;
}

describe("reflexiveFromResponse (RFC 3581 §4)", () => {
  const cases: Array<[string, ReturnType<typeof reflexiveFromResponse>]> = [
    [
      "SIP/2.0/UDP 172.16.0.10:5060;branch=z9hG4bK1;received=203.0.113.2;rport=40000",
      { address: "203.0.113.2", port: 40000 },
    ],
    ["SIP/2.0/UDP 172.16.0.10:5060;branch=z9hG4bK1;received=203.0.113.2", { address: "203.0.113.2" }],
    ["SIP/2.0/UDP 172.16.0.10:5060;branch=z9hG4bK1;rport=40000", { address: "172.16.0.10", port: 40000 }],
    ["SIP/2.0/UDP 172.16.0.10:5060;branch=z9hG4bK1;rport", undefined],
    ["SIP/2.0/UDP 172.16.0.10:5060;branch=z9hG4bK1", undefined],
  ];
  for (const [via, expected] of cases) {
    it(via, () => assert.deepEqual(reflexiveFromResponse(response(via)), expected));
  }
});

describe("PublicAddressTracker", () => {
  it("advertises the LAN address inside, the learned public one toward the trunk, and reports changes", () => {
    const t = new PublicAddressTracker({ address: "172.16.0.10", port: 5060 });
    const seen: string[] = [];
    t.events.on("changed", (c) =>
      seen.push(`${c.previous?.address ?? "-"}→${c.current.address}:${c.current.port}`),
    );
    assert.deepEqual(t.advertise("trunk"), { address: "172.16.0.10", port: 5060 }, "nothing learned yet");
    assert.equal(t.learn({ address: "203.0.113.2", port: 40000 }, "provider"), true);
    assert.equal(
      t.learn({ address: "203.0.113.2", port: 40000 }, "provider"),
      false,
      "same again: no change",
    );
    assert.deepEqual(t.advertise("trunk"), { address: "203.0.113.2", port: 40000 });
    assert.deepEqual(t.advertise("inside"), { address: "172.16.0.10", port: 5060 });
    assert.equal(
      t.learn({ address: "203.0.113.2" }, "stun"),
      true,
      "a STUN answer from another socket: address only",
    );
    assert.deepEqual(t.advertise("trunk"), { address: "203.0.113.2", port: 5060 });
    assert.deepEqual(seen, ["-→203.0.113.2:40000", "203.0.113.2→203.0.113.2:undefined"]);
    t.reset();
    assert.equal(t.current, undefined);
  });

  it("a static public address wins over anything learned", () => {
    const t = new PublicAddressTracker(
      { address: "172.16.0.10", port: 5060 },
      { address: "203.0.113.2", port: 5060 },
    );
    assert.equal(t.learn({ address: "198.51.100.99", port: 1 }, "provider"), false);
    assert.deepEqual(t.current, { address: "203.0.113.2", port: 5060, source: "static" });
    t.reset();
    assert.deepEqual(t.advertise("trunk"), { address: "203.0.113.2", port: 5060 });
  });
});
