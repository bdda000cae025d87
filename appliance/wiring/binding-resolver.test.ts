import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Binding } from "../pbx/registrar/index.ts";
import { parseUri } from "../sip/index.ts";
import { bindingResolver } from "./binding-resolver.ts";

function binding(uri: string, protocol: string, address: string, port: number): Binding {
  return {
    aor: "sip:100@pibx.test",
    uri,
    params: [],
    q: 1000,
    callId: "c",
    cseq: 1,
    expiresAt: Date.now() + 60_000,
    source: { protocol, address, port },
    user: "100",
  };
}

describe("bindingResolver", () => {
  const bindings: Record<string, Binding[]> = {
    "sip:100@pibx.test": [binding("sip:100@192.168.1.20:5060", "UDP", "203.0.113.2", 40123)],
    "sip:101@pibx.test": [binding("sip:101@10.0.0.5:5060;transport=tcp", "TCP", "203.0.113.2", 50000)],
  };
  const resolve = bindingResolver(
    { aorOf: (u) => `sip:${u}@pibx.test`, lookup: (aor) => bindings[aor] ?? [] },
    () => ["100", "101"],
  );

  it("a registered private Contact goes to where its REGISTER came from (the NAT mapping)", () => {
    assert.deepEqual(resolve(parseUri("sip:100@192.168.1.20:5060"), undefined), {
      protocol: "UDP",
      address: "203.0.113.2",
      port: 40123,
    });
  });

  it("a TCP binding and an unknown URI keep the URI's own target", () => {
    assert.equal(resolve(parseUri("sip:101@10.0.0.5:5060;transport=tcp"), undefined).address, "10.0.0.5");
    assert.deepEqual(resolve(parseUri("sip:15550100@203.0.113.10"), undefined), {
      protocol: "UDP",
      address: "203.0.113.10",
      port: 5060,
    });
  });
});
