import assert from "node:assert/strict";
import { test } from "node:test";
import { Logger, ManualClock, StateError } from "../../base/index.ts";
import { createResponse, type SipRequest } from "../message/index.ts";
import type { MessageSource } from "../transport/index.ts";
import { edges } from "./fsm.ts";
import { INVITE_SERVER_TABLE } from "./invite-server-table.ts";
import { NON_INVITE_SERVER_TABLE } from "./non-invite-server-table.ts";
import { InviteServerTransaction, NonInviteServerTransaction } from "./server-transaction.ts";
import { FakeSender, flush, request, TCP_SOURCE, UDP_SOURCE } from "./testing.ts";
import { resolveTimers } from "./timers.ts";

function setup<T extends InviteServerTransaction | NonInviteServerTransaction>(
  make: (deps: ConstructorParameters<typeof InviteServerTransaction>[3], req: SipRequest) => T,
  method: string,
) {
  const clock = new ManualClock();
  const transport = new FakeSender(() => clock.now());
  const req = request(method);
  const tx = make({ transport, clock, timers: resolveTimers(), logger: Logger.silent() }, req);
  const seen = { acks: 0, timeouts: 0, errors: 0, terminated: 0 };
  tx.events.on("ack", () => seen.acks++);
  tx.events.on("timeout", () => seen.timeouts++);
  tx.events.on("transportError", () => seen.errors++);
  tx.events.on("terminated", () => seen.terminated++);
  const reply = (status: number) => tx.respond(createResponse(req, status, { toTag: "local" }));
  return { clock, transport, req, tx, seen, reply };
}

const ist = (source: MessageSource = UDP_SOURCE) =>
  setup((deps, req) => new InviteServerTransaction("k", req, source, deps), "INVITE");
const nist = (source: MessageSource = UDP_SOURCE) =>
  setup((deps, req) => new NonInviteServerTransaction("k", req, source, deps), "REGISTER");

test("INVITE server over UDP: Timer G doubles to T2, Timer H without ACK times out", () => {
  const { tx, clock, transport, seen, reply } = ist();
  reply(486);
  clock.advance(64 * 500);
  assert.deepEqual(
    transport.responses(486).map((s) => s.at),
    [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
  );
  assert.equal(tx.state, "terminated");
  assert.equal(seen.timeouts, 1);
  assert.equal(clock.pending, 0);
  assert.deepEqual(transport.sent[0]!.source, UDP_SOURCE, "responses go back the way the request came");
});

test("INVITE server: ACK → Confirmed, ACK retransmissions absorbed, Timer I = T4", () => {
  const { tx, clock, transport, reply, req } = ist();
  reply(180);
  tx.receiveRequest(req); // INVITE retransmission → 180 again
  assert.equal(transport.responses(180).length, 2);
  reply(404);
  clock.advance(1000);
  const ack = request("ACK", { toTag: "local" });
  tx.receiveRequest(ack);
  assert.equal(tx.state, "confirmed");
  assert.deepEqual(tx.runningTimers, ["I"]);
  const before = transport.sent.length;
  tx.receiveRequest(ack);
  tx.receiveRequest(req);
  assert.equal(transport.sent.length, before, "absorbed in Confirmed");
  clock.advance(5000);
  assert.equal(tx.state, "terminated");
});

test("INVITE server over TCP: no Timer G; Timer I is zero", () => {
  const { tx, clock, transport, reply } = ist(TCP_SOURCE);
  reply(500);
  clock.advance(10_000);
  assert.equal(transport.responses(500).length, 1);
  tx.receiveRequest(request("ACK", { toTag: "local" }));
  assert.equal(tx.state, "terminated");
});

test("INVITE server (RFC 6026): 2xx → Accepted; INVITE absorbed; TU retransmits 2xx; ACK to TU; Timer L", () => {
  const { tx, clock, transport, seen, reply, req } = ist();
  reply(200);
  assert.equal(tx.state, "accepted");
  tx.receiveRequest(req);
  assert.equal(transport.responses(200).length, 1, "INVITE retransmission absorbed");
  reply(200);
  assert.equal(transport.responses(200).length, 2);
  tx.receiveRequest(request("ACK", { toTag: "local" }));
  assert.equal(seen.acks, 1);
  clock.advance(32_000);
  assert.equal(tx.state, "terminated");
});

test("a TU response the table forbids is rejected by the guard", () => {
  const a = ist();
  a.reply(404);
  assert.throws(() => a.reply(200), StateError);
  const b = nist();
  b.reply(200);
  assert.throws(() => b.reply(200), StateError);
  assert.throws(() => b.reply(100), StateError);
  assert.throws(() => b.tx.respond(createResponse(b.req, 99)), RangeError);
});

test("non-INVITE server: retransmissions absorbed in Trying, answered later; Timer J = 64*T1 over UDP", () => {
  const { tx, clock, transport, reply, req } = nist();
  tx.receiveRequest(req);
  assert.equal(transport.sent.length, 0);
  reply(100);
  tx.receiveRequest(req);
  assert.equal(transport.responses(100).length, 2);
  reply(200);
  tx.receiveRequest(req);
  assert.equal(transport.responses(200).length, 2);
  clock.advance(32_000 - 1);
  assert.equal(tx.state, "completed");
  clock.advance(1);
  assert.equal(tx.state, "terminated");
});

test("non-INVITE server over TCP: Timer J is zero", () => {
  const { tx, reply } = nist(TCP_SOURCE);
  reply(200);
  assert.equal(tx.state, "terminated");
});

type Ist = ReturnType<typeof ist>;
const istReach: Record<string, (h: Ist) => void> = {
  proceeding: () => {},
  accepted: (h) => h.reply(200),
  completed: (h) => h.reply(486),
  confirmed: (h) => {
    h.reply(486);
    h.tx.receiveRequest(request("ACK", { toTag: "local" }));
  },
};
const istTrigger: Record<string, (h: Ist) => Promise<void> | void> = {
  request: (h) => h.tx.receiveRequest(h.req),
  ack: (h) => h.tx.receiveRequest(request("ACK", { toTag: "local" })),
  tu1xx: (h) => h.reply(180),
  tu2xx: (h) => h.reply(200),
  tu300to699: (h) => h.reply(480),
  timerG: (h) => h.clock.advance(500),
  timerH: (h) => h.clock.advance(32_000),
  timerI: (h) => h.clock.advance(5000),
  timerL: (h) => h.clock.advance(32_000),
  transportError: async (h) => {
    h.transport.mode = "fail";
    if (h.tx.state === "proceeding") h.reply(180);
    else if (h.tx.state === "accepted") h.reply(200);
    else h.tx.receiveRequest(h.req); // resend the final response
    await flush();
  },
};

for (const { state, event, edge } of edges(INVITE_SERVER_TABLE)) {
  test(`INVITE server edge ${state} --${event}--> ${edge.next}`, async () => {
    const h = ist();
    istReach[state]!(h);
    assert.equal(h.tx.state, state);
    await istTrigger[event]!(h);
    assert.equal(h.tx.state, edge.next);
  });
}

type Nist = ReturnType<typeof nist>;
const nistReach: Record<string, (h: Nist) => void> = {
  trying: () => {},
  proceeding: (h) => h.reply(100),
  completed: (h) => h.reply(200),
};
const nistTrigger: Record<string, (h: Nist) => Promise<void> | void> = {
  request: (h) => h.tx.receiveRequest(h.req),
  tu1xx: (h) => h.reply(100),
  tu2xx: (h) => h.reply(200),
  tu300to699: (h) => h.reply(403),
  timerJ: (h) => h.clock.advance(32_000),
  transportError: async (h) => {
    h.transport.mode = "fail";
    if (h.tx.state === "proceeding") h.reply(100);
    else h.tx.receiveRequest(h.req);
    await flush();
  },
};

for (const { state, event, edge } of edges(NON_INVITE_SERVER_TABLE)) {
  test(`non-INVITE server edge ${state} --${event}--> ${edge.next}`, async () => {
    const h = nist();
    nistReach[state]!(h);
    assert.equal(h.tx.state, state);
    await nistTrigger[event]!(h);
    assert.equal(h.tx.state, edge.next);
  });
}
