import assert from "node:assert/strict";
import { test } from "node:test";
import { Logger, ManualClock, type TransactionTimeoutError, type TransportError } from "../../base/index.ts";
import {
  getCSeq,
  getHeader,
  getHeaders,
  getTo,
  type SipRequest,
  type SipResponse,
} from "../message/index.ts";
import type { Target } from "../transport/index.ts";
import { InviteClientTransaction, NonInviteClientTransaction } from "./client-transaction.ts";
import { edges } from "./fsm.ts";
import { INVITE_CLIENT_TABLE } from "./invite-client-table.ts";
import { NON_INVITE_CLIENT_TABLE } from "./non-invite-client-table.ts";
import { FakeSender, flush, request, responseTo } from "./testing.ts";
import { resolveTimers } from "./timers.ts";

const UDP: Target = { protocol: "UDP", address: "192.0.2.20", port: 5060 };
const TCP: Target = { protocol: "TCP", address: "192.0.2.20", port: 5060 };

function setup<T>(
  make: (deps: ConstructorParameters<typeof InviteClientTransaction>[3], req: SipRequest) => T,
  method: string,
) {
  const clock = new ManualClock();
  const transport = new FakeSender(() => clock.now());
  const req = request(method, { extra: ["Route: <sip:proxy.example.com;lr>"] });
  const tx = make({ transport, clock, timers: resolveTimers(), logger: Logger.silent() }, req);
  return { clock, transport, req, tx };
}

function ict(target: Target = UDP) {
  const h = setup((deps, req) => new InviteClientTransaction("k", req, target, deps), "INVITE");
  const seen: {
    responses: SipResponse[];
    timeouts: TransactionTimeoutError[];
    errors: TransportError[];
    terminated: number;
  } = {
    responses: [],
    timeouts: [],
    errors: [],
    terminated: 0,
  };
  h.tx.events.on("response", (r) => seen.responses.push(r));
  h.tx.events.on("timeout", (e) => seen.timeouts.push(e));
  h.tx.events.on("transportError", (e) => seen.errors.push(e));
  h.tx.events.on("terminated", () => seen.terminated++);
  return { ...h, seen };
}

function nict(target: Target = UDP) {
  const h = setup((deps, req) => new NonInviteClientTransaction("k", req, target, deps), "OPTIONS");
  const seen = { responses: [] as SipResponse[], timeouts: 0, errors: 0, terminated: 0 };
  h.tx.events.on("response", (r) => seen.responses.push(r));
  h.tx.events.on("timeout", () => seen.timeouts++);
  h.tx.events.on("transportError", () => seen.errors++);
  h.tx.events.on("terminated", () => seen.terminated++);
  return { ...h, seen };
}

test("INVITE client over UDP: Timer A doubles, Timer B times out at 64*T1", () => {
  const { tx, clock, transport, seen } = ict();
  tx.start();
  clock.advance(64 * 500);
  assert.deepEqual(
    transport.requests("INVITE").map((s) => s.at),
    [0, 500, 1500, 3500, 7500, 15500, 31500],
  );
  assert.equal(tx.state, "terminated");
  assert.equal(seen.timeouts.length, 1);
  assert.equal(seen.timeouts[0]!.timer, "B");
  assert.equal(seen.terminated, 1);
  assert.equal(clock.pending, 0);
});

test("T1 and T2 are configurable: the schedules scale", () => {
  const clock = new ManualClock();
  const transport = new FakeSender(() => clock.now());
  const timers = resolveTimers({ T1: 100, T2: 400 });
  const tx = new NonInviteClientTransaction("k", request("OPTIONS"), UDP, {
    transport,
    clock,
    timers,
    logger: Logger.silent(),
  });
  tx.start();
  clock.advance(64 * 100);
  assert.deepEqual(
    transport.requests().map((s) => s.at),
    [0, 100, 300, 700, 1100, 1500, 1900, 2300, 2700, 3100, 3500, 3900, 4300, 4700, 5100, 5500, 5900, 6300],
  );
  assert.equal(tx.state, "terminated");
});

test("INVITE client over TCP: no retransmission, Timer B still applies, Timer D is zero", () => {
  const a = ict(TCP);
  a.tx.start();
  a.clock.advance(64 * 500 - 1);
  assert.equal(a.transport.requests("INVITE").length, 1);
  assert.equal(a.tx.state, "calling");
  a.clock.advance(1);
  assert.equal(a.tx.state, "terminated");
  const b = ict(TCP);
  b.tx.start();
  b.tx.receiveResponse(responseTo(b.req, 486));
  assert.equal(b.tx.state, "terminated", "Timer D = 0 over reliable transports");
  assert.equal(b.transport.requests("ACK").length, 1);
});

test("INVITE client: a 1xx stops retransmissions and Timer B", () => {
  const { tx, clock, transport, seen } = ict();
  tx.start();
  clock.advance(600);
  tx.receiveResponse(responseTo(tx.request, 180));
  assert.equal(tx.state, "proceeding");
  assert.deepEqual(tx.runningTimers, []);
  clock.advance(100_000);
  assert.equal(transport.requests("INVITE").length, 2);
  assert.equal(tx.state, "proceeding");
  assert.equal(seen.responses.length, 1);
});

test("INVITE client: ACK for a non-2xx (RFC 3261 §17.1.1.3), resent for retransmissions, Timer D", () => {
  const { tx, clock, transport, seen, req } = ict();
  tx.start();
  const busy = responseTo(req, 486, "remote");
  tx.receiveResponse(busy);
  assert.equal(tx.state, "completed");
  const [ack] = transport.requests("ACK");
  assert.ok(ack);
  const a = ack.message as SipRequest;
  assert.deepEqual(ack.target, UDP);
  assert.deepEqual(a.uri, req.uri);
  assert.equal(getHeader(a, "Call-ID"), getHeader(req, "Call-ID"));
  assert.equal(getHeader(a, "From"), getHeader(req, "From"));
  assert.equal(getTo(a)!.params.get("tag"), "remote");
  assert.deepEqual(getCSeq(a), { seq: 1, method: "ACK" });
  assert.deepEqual(getHeaders(a, "Via"), getHeaders(req, "Via"));
  assert.deepEqual(getHeaders(a, "Route"), ["<sip:proxy.example.com;lr>"]);
  tx.receiveResponse(busy);
  assert.equal(transport.requests("ACK").length, 2);
  assert.equal(seen.responses.length, 1, "retransmissions are not passed up");
  clock.advance(32_000 - 1);
  assert.equal(tx.state, "completed");
  clock.advance(1);
  assert.equal(tx.state, "terminated");
});

test("INVITE client (RFC 6026): 2xx → Accepted, 2xx retransmissions reach the TU until Timer M", () => {
  const { tx, clock, transport, seen, req } = ict();
  tx.start();
  const ok = responseTo(req, 200);
  tx.receiveResponse(ok);
  assert.equal(tx.state, "accepted");
  tx.receiveResponse(ok);
  assert.equal(seen.responses.length, 2);
  assert.equal(transport.requests("ACK").length, 0, "the TU ACKs a 2xx, not the transaction");
  clock.advance(64 * 500);
  assert.equal(tx.state, "terminated");
});

test("INVITE client: transport error in Calling informs the TU", async () => {
  const { tx, transport, seen } = ict();
  transport.mode = "fail";
  tx.start();
  await flush();
  assert.equal(tx.state, "terminated");
  assert.equal(seen.errors.length, 1);
});

test("non-INVITE client over UDP: Timer E doubles to T2, Timer F at 64*T1", () => {
  const { tx, clock, transport, seen } = nict();
  tx.start();
  clock.advance(64 * 500);
  assert.deepEqual(
    transport.requests("OPTIONS").map((s) => s.at),
    [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
  );
  assert.equal(tx.state, "terminated");
  assert.equal(seen.timeouts, 1);
});

test("non-INVITE client: Proceeding retransmits every T2; final → Completed, Timer K = T4", () => {
  const { tx, clock, transport, seen, req } = nict();
  tx.start();
  clock.advance(100);
  tx.receiveResponse(responseTo(req, 100));
  assert.equal(tx.state, "proceeding");
  clock.advance(400); // E fires at 500 → next at 4500
  clock.advance(4000);
  assert.deepEqual(
    transport.requests("OPTIONS").map((s) => s.at),
    [0, 500, 4500],
  );
  tx.receiveResponse(responseTo(req, 200));
  assert.equal(tx.state, "completed");
  assert.deepEqual(tx.runningTimers, ["K"]);
  tx.receiveResponse(responseTo(req, 200));
  assert.equal(seen.responses.length, 2, "1xx and the first final only");
  clock.advance(5000);
  assert.equal(tx.state, "terminated");
});

test("non-INVITE client over TCP: no Timer E, Timer K zero", () => {
  const { tx, clock, transport, req } = nict(TCP);
  tx.start();
  clock.advance(10_000);
  assert.equal(transport.requests().length, 1);
  tx.receiveResponse(responseTo(req, 404));
  assert.equal(tx.state, "terminated");
});

// Every edge of both client tables, driven through the public API.
type Ict = ReturnType<typeof ict>;
const ictReach: Record<string, (h: Ict) => void> = {
  calling: (h) => h.tx.start(),
  proceeding: (h) => {
    h.tx.start();
    h.tx.receiveResponse(responseTo(h.req, 180));
  },
  completed: (h) => {
    h.tx.start();
    h.tx.receiveResponse(responseTo(h.req, 486));
  },
  accepted: (h) => {
    h.tx.start();
    h.tx.receiveResponse(responseTo(h.req, 200));
  },
};
const ictTrigger: Record<string, (h: Ict) => Promise<void> | void> = {
  timerA: (h) => h.clock.advance(500),
  timerB: (h) => h.clock.advance(32_000),
  timerD: (h) => h.clock.advance(32_000),
  timerM: (h) => h.clock.advance(32_000),
  resp1xx: (h) => h.tx.receiveResponse(responseTo(h.req, 183)),
  resp2xx: (h) => h.tx.receiveResponse(responseTo(h.req, 200)),
  resp300to699: (h) => h.tx.receiveResponse(responseTo(h.req, 603)),
  transportError: async (h) => {
    h.transport.settle(false);
    h.transport.mode = "fail";
    if (h.tx.state === "completed") h.tx.receiveResponse(responseTo(h.req, 486)); // the ACK resend fails
    await flush();
  },
};

for (const { state, event, edge } of edges(INVITE_CLIENT_TABLE)) {
  test(`INVITE client edge ${state} --${event}--> ${edge.next}`, async () => {
    const h = ict();
    if (event === "transportError") h.transport.mode = "defer";
    ictReach[state]!(h);
    assert.equal(h.tx.state, state);
    await ictTrigger[event]!(h);
    assert.equal(h.tx.state, edge.next);
  });
}

type Nict = ReturnType<typeof nict>;
const nictReach: Record<string, (h: Nict) => void> = {
  trying: (h) => h.tx.start(),
  proceeding: (h) => {
    h.tx.start();
    h.tx.receiveResponse(responseTo(h.req, 100));
  },
  completed: (h) => {
    h.tx.start();
    h.tx.receiveResponse(responseTo(h.req, 200));
  },
};
const nictTrigger: Record<string, (h: Nict) => Promise<void> | void> = {
  timerE: (h) => h.clock.advance(500),
  timerF: (h) => h.clock.advance(32_000),
  timerK: (h) => h.clock.advance(5000),
  resp1xx: (h) => h.tx.receiveResponse(responseTo(h.req, 180)),
  resp2xx: (h) => h.tx.receiveResponse(responseTo(h.req, 202)),
  resp300to699: (h) => h.tx.receiveResponse(responseTo(h.req, 500)),
  transportError: async (h) => {
    h.transport.settle(false);
    await flush();
  },
};

for (const { state, event, edge } of edges(NON_INVITE_CLIENT_TABLE)) {
  test(`non-INVITE client edge ${state} --${event}--> ${edge.next}`, async () => {
    const h = nict();
    if (event === "transportError") h.transport.mode = "defer";
    nictReach[state]!(h);
    assert.equal(h.tx.state, state);
    if (event === "timerE" && state === "proceeding") {
      h.clock.advance(500);
      assert.equal(h.transport.requests().length, 2);
    } else await nictTrigger[event]!(h);
    assert.equal(h.tx.state, edge.next);
  });
}
