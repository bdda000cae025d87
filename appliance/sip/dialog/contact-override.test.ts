// Our Contact per dialog (RFC 3261 §8.1.1.8, §12.1.1): the public address toward a trunk or a
// phone on the internet, the layer's LAN Contact for everyone else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { getHeader, parseUri, sipUri } from "../message/index.ts";
import { ANSWER, pair, SDP } from "./test-calls.ts";

test("an outgoing INVITE carries the Contact it is given; its dialog keeps it", () => {
  const { net, alice, incoming } = pair({ sessionTimer: false });
  const a = alice.dialogs.invite({
    to: sipUri("192.0.2.2", { user: "bob" }),
    from: parseUri("sip:alice@example.com"),
    offer: SDP,
    contact: parseUri("sip:pibx-token@203.0.113.2:5060"),
  });
  net.deliverAll();
  assert.equal(getHeader(incoming[0]!.request, "Contact"), "<sip:pibx-token@203.0.113.2:5060>");
  incoming[0]!.answer(ANSWER);
  net.deliverAll();
  assert.equal(a.state, "confirmed");
  // The peer's dialog targets what we sent (RFC 3261 §12.1.2: the remote target is our Contact).
  assert.equal(
    incoming[0]!.dialog?.remoteTarget.type === "sip" && incoming[0]!.dialog.remoteTarget.host,
    "203.0.113.2",
  );
  // A call without the option keeps the layer's Contact.
  alice.dialogs.invite({
    to: sipUri("192.0.2.2", { user: "bob" }),
    from: parseUri("sip:alice@example.com"),
    offer: SDP,
  });
  net.deliverAll();
  assert.equal(getHeader(incoming[1]!.request, "Contact"), "<sip:alice@192.0.2.1:5060>");
});

test("contactFor chooses our Contact in the answers to an incoming INVITE", () => {
  const seen: string[] = [];
  const { net, incoming, call } = pair(
    { sessionTimer: false },
    {
      sessionTimer: false,
      contactFor: (_req, source) => {
        seen.push(source.remote.address);
        return source.remote.address === "192.0.2.1" ? parseUri("sip:pibx@203.0.113.2:5060") : undefined;
      },
    },
  );
  const a = call();
  net.deliverAll();
  assert.deepEqual(seen, ["192.0.2.1"]);
  incoming[0]!.progress(180);
  incoming[0]!.answer(ANSWER);
  net.deliverAll();
  const answers = net
    .responses(undefined, "192.0.2.2:5060")
    .filter((r) => r.status === 180 || r.status === 200);
  assert.deepEqual(
    answers.map((r) => getHeader(r, "Contact")),
    ["<sip:pibx@203.0.113.2:5060>", "<sip:pibx@203.0.113.2:5060>"],
  );
  assert.equal(a.dialog?.remoteTarget.type === "sip" && a.dialog.remoteTarget.host, "203.0.113.2");
});
