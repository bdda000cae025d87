// An outgoing INVITE challenged with 401/407 (RFC 3261 §22.2, §8.1.3.5): the transaction layer
// ACKs the challenge, the session resends the INVITE with the credentials its callback gives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { getCSeq, getHeader, getHeaders, parseUri, type SipRequest, sipUri } from "../message/index.ts";
import type { InviteSession } from "./invite-session.ts";
import type { InviteAuthenticator } from "./session-context.ts";
import { ANSWER, pair, SDP } from "./test-calls.ts";

const CHALLENGE: Array<[string, string]> = [["Proxy-Authenticate", 'Digest realm="provider", nonce="n1"']];

function start(authenticate?: InviteAuthenticator) {
  const p = pair({ sessionTimer: false });
  const a = p.alice.dialogs.invite({
    to: sipUri("192.0.2.2", { user: "15550199" }),
    from: parseUri("sip:15550123@provider.test"),
    offer: SDP,
    ...(authenticate ? { authenticate } : {}),
  });
  p.net.deliverAll();
  return { ...p, a };
}

const invites = (net: ReturnType<typeof pair>["net"]): SipRequest[] =>
  net.requests("INVITE", "192.0.2.1:5060");
const branchOf = (r: SipRequest) => /branch=([^;,\s]+)/.exec(getHeaders(r, "Via")[0] ?? "")?.[1];

test("a 407 is ACKed and the INVITE resent with Proxy-Authorization: same Call-ID, CSeq + 1, new branch", () => {
  const seen: number[] = [];
  const { net, a, incoming } = start((challenge, req) => {
    seen.push(challenge.status);
    assert.equal(getCSeq(req)?.seq, 1, "the callback sees the request that was challenged");
    return { name: "Proxy-Authorization", value: 'Digest username="u", response="x"' };
  });
  incoming[0]!.reject(407, CHALLENGE);
  net.deliverAll();
  assert.deepEqual(seen, [407]);
  // RFC 3261 §17.1.1.3: the client transaction ACKs the non-2xx final response itself.
  const acks = net.requests("ACK", "192.0.2.1:5060");
  assert.equal(acks.length, 1);
  assert.equal(getCSeq(acks[0]!)?.seq, 1);
  const [first, second] = invites(net);
  assert.ok(first && second, "the INVITE was sent again");
  assert.equal(getHeader(second, "Call-ID"), getHeader(first, "Call-ID"));
  assert.equal(getHeader(second, "From"), getHeader(first, "From"), "same From tag");
  assert.equal(getCSeq(second)?.seq, 2);
  assert.notEqual(branchOf(second), branchOf(first));
  assert.equal(getHeader(second, "Proxy-Authorization"), 'Digest username="u", response="x"');
  assert.deepEqual(second.body, first.body, "the same offer");
  assert.equal(a.terminated, false);
  // The second INVITE is answered: the session goes on as any call; the ACK carries CSeq 2.
  incoming[1]!.answer(ANSWER);
  net.deliverAll();
  assert.equal(a.state, "confirmed");
  const ack2 = net.requests("ACK", "192.0.2.1:5060")[1]!;
  assert.equal(getCSeq(ack2)?.seq, 2);
  a.close();
  net.deliverAll();
  const bye = net.requests("BYE", "192.0.2.1:5060")[0]!;
  assert.equal(getCSeq(bye)?.seq, 3, "in-dialog requests continue after the retried INVITE's CSeq");
});

test("credentials replace the ones sent before; the number of answers is bounded", () => {
  let n = 0;
  const { net, a, incoming } = start(() => ({ name: "Proxy-Authorization", value: `Digest try=${++n}` }));
  for (let i = 0; i < 4; i++) {
    const s = incoming[i];
    assert.ok(s, `INVITE ${i + 1} arrived`);
    s.reject(407, CHALLENGE);
    net.deliverAll();
  }
  const sent = invites(net);
  assert.equal(sent.length, 4, "the first INVITE and three answers, then the 407 is final");
  assert.deepEqual(
    sent.map((r) => getHeaders(r, "Proxy-Authorization")),
    [[], ["Digest try=1"], ["Digest try=2"], ["Digest try=3"]],
  );
  assert.equal(a.terminated, true);
  assert.deepEqual(a.termination, { cause: "rejected", by: "remote", status: 407 });
});

test("without a callback, or when it gives up, the challenge ends the call with its status", () => {
  const plain = start();
  plain.incoming[0]!.reject(401, [["WWW-Authenticate", 'Digest realm="r", nonce="n"']]);
  plain.net.deliverAll();
  assert.deepEqual(plain.a.termination, { cause: "rejected", by: "remote", status: 401 });
  assert.equal(invites(plain.net).length, 1);

  const refused = start(() => undefined);
  refused.incoming[0]!.reject(407, CHALLENGE);
  refused.net.deliverAll();
  assert.deepEqual(refused.a.termination, { cause: "rejected", by: "remote", status: 407 });
  assert.equal(invites(refused.net).length, 1);
});

test("a call given up while the authenticated INVITE rings is cancelled on that INVITE's transaction", () => {
  const { net, a, incoming } = start(() => ({ name: "Authorization", value: "Digest x" }));
  incoming[0]!.reject(401, [["WWW-Authenticate", 'Digest realm="r", nonce="n"']]);
  net.deliverAll();
  const retry: InviteSession = incoming[1]!;
  retry.progress(180);
  net.deliverAll();
  a.close();
  net.deliverAll();
  const cancel = net.requests("CANCEL", "192.0.2.1:5060")[0];
  assert.ok(cancel, "CANCEL sent");
  assert.equal(
    branchOf(cancel),
    branchOf(invites(net)[1]!),
    "RFC 3261 §9.1: the CANCEL matches the INVITE it cancels",
  );
  assert.equal(getCSeq(cancel)?.seq, 2);
  assert.equal(retry.termination?.cause, "cancel");
  assert.equal(a.termination?.cause, "cancel");
});
