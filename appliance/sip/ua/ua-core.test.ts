import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, RandomIdSource, SeededRandom } from "../../base/index.ts";
import { getHeader, type SipResponse } from "../message/index.ts";
import { TransactionLayer } from "../transaction/index.ts";
import { FakeSender, flush, request, UDP_SOURCE } from "../transaction/testing.ts";
import { optionsReply } from "./options-handler.ts";
import { UaCore } from "./ua-core.ts";

function setup() {
  const clock = new ManualClock();
  const sender = new FakeSender(() => clock.now());
  const ids = new RandomIdSource(new SeededRandom(1));
  const layer = new TransactionLayer({ transport: sender, clock, ids });
  const ua = new UaCore({ ids, acceptedContentTypes: ["application/sdp"] });
  layer.setUser(ua);
  const last = () => sender.responses().at(-1)?.message as SipResponse | undefined;
  return { clock, sender, layer, ua, last };
}

test("requests go to the handler of their method; the reply becomes a response with a To tag", async () => {
  const { layer, ua, last } = setup();
  ua.handle("OPTIONS", () => optionsReply({ allow: ua.allowedMethods }));
  layer.receive(request("OPTIONS"), UDP_SOURCE);
  await flush();
  const res = last()!;
  assert.equal(res.status, 200);
  assert.match(getHeader(res, "To")!, /;tag=/);
  assert.equal(getHeader(res, "Allow"), "ACK, OPTIONS");
  assert.equal(getHeader(res, "Accept"), "application/sdp");
});

test("a method without a handler gets 405 with Allow (RFC 3261 §8.2.1)", async () => {
  const { layer, ua, last } = setup();
  ua.handle("OPTIONS", () => ({ status: 200 }));
  layer.receive(request("SUBSCRIBE"), UDP_SOURCE);
  await flush();
  assert.equal(last()!.status, 405);
  assert.equal(getHeader(last()!, "Allow"), "ACK, OPTIONS");
});

test("inspections run before the handler: Require → 420, a foreign body → 415 (RFC 3261 §8.2.2-3)", async () => {
  const { layer, ua, last } = setup();
  let called = 0;
  ua.handle("REGISTER", () => {
    called++;
    return { status: 200 };
  });
  layer.receive(request("REGISTER", { extra: ["Require: foo"] }), UDP_SOURCE);
  await flush();
  assert.equal(last()!.status, 420);
  assert.equal(getHeader(last()!, "Unsupported"), "foo");
  const withBody = request("REGISTER", { branch: "z9hG4bK2", cseq: 2, extra: ["Content-Type: text/plain"] });
  withBody.body = Buffer.from("hello");
  layer.receive(withBody, UDP_SOURCE);
  await flush();
  assert.equal(last()!.status, 415);
  assert.equal(getHeader(last()!, "Accept"), "application/sdp");
  assert.equal(called, 0);
});

test("a handler that throws or rejects gets a 500, and the next request is still served", async () => {
  const { layer, ua, sender } = setup();
  ua.handle("REGISTER", () => {
    throw new Error("boom");
  });
  ua.handle("INVITE", async () => {
    throw new Error("async boom");
  });
  layer.receive(request("REGISTER"), UDP_SOURCE);
  layer.receive(request("INVITE", { branch: "z9hG4bK9" }), UDP_SOURCE);
  await flush();
  await flush();
  assert.equal(sender.responses(500).length, 2);
});

test("an ACK outside any transaction is absorbed silently", async () => {
  const { layer, ua, sender } = setup();
  ua.handle("INVITE", () => ({ status: 200 }));
  layer.receive(request("ACK", { toTag: "x" }), UDP_SOURCE);
  await flush();
  assert.equal(sender.sent.length, 0);
});
