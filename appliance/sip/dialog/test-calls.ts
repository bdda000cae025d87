// Two dialog stacks (alice at 192.0.2.1, bob at 192.0.2.2) on an in-memory network, for the
// call-flow tests of this folder.
import { ManualClock } from "../../base/index.ts";
import { parseUri, sipUri } from "../message/index.ts";
import type { Body } from "./body.ts";
import type { DialogLayerOptions } from "./dialog-layer.ts";
import type { InviteSession } from "./invite-session.ts";
import { createStack, MemoryNetwork } from "./testing.ts";

type StackOptions = Partial<Omit<DialogLayerOptions, "transactions" | "clock" | "ids" | "contact">>;

export const SDP: Body = {
  contentType: "application/sdp",
  body: Buffer.from("v=0\r\no=a 1 1 IN IP4 192.0.2.1\r\n"),
};
export const ANSWER: Body = {
  contentType: "application/sdp",
  body: Buffer.from("v=0\r\no=b 1 1 IN IP4 192.0.2.2\r\n"),
};

export function pair(opts: StackOptions = {}, bobOpts: StackOptions = opts) {
  const clock = new ManualClock();
  const net = new MemoryNetwork(clock);
  const alice = createStack(net, clock, { address: "192.0.2.1", user: "alice", seed: 1, ...opts });
  const bob = createStack(net, clock, { address: "192.0.2.2", user: "bob", seed: 2, ...bobOpts });
  const incoming: InviteSession[] = [];
  bob.dialogs.events.on("invite", (s) => incoming.push(s));
  const call = (offer: Body | null = SDP) =>
    alice.dialogs.invite({
      to: sipUri("192.0.2.2", { user: "bob" }),
      from: parseUri("sip:alice@example.com"),
      ...(offer ? { offer } : {}),
    });
  return { clock, net, alice, bob, incoming, call };
}

/** Sets up a confirmed call alice → bob; returns both sessions. */
export function established(opts: StackOptions = {}, bobOpts: StackOptions = opts) {
  const p = pair(opts, bobOpts);
  const a = p.call();
  p.net.deliverAll();
  const b = p.incoming[0]!;
  b.answer(ANSWER);
  p.net.deliverAll();
  return { ...p, a, b };
}
