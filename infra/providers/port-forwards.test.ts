// The PortForwards provider before its plan is known: a preview of a lab whose lab router takes its
// outside address by DHCP has no plan until the router reports its lease. No connection is made.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { HomeForwardPlan } from "../router/home/home-forwards.ts";
import {
  forwardsCheck,
  forwardsDiff,
  type PortForwardsInputs,
  type PortForwardsOutputs,
} from "./port-forwards.ts";

// What the engine sends for a value it has not computed yet (@pulumi/pulumi's rpc.unknownValue).
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const unknownPlan = { plan: UNKNOWN } as unknown as PortForwardsInputs;

test("an unknown plan passes the check as it is and previews as a change", async () => {
  assert.deepEqual(await forwardsCheck(unknownPlan), { inputs: unknownPlan });
  const olds = { plan: { kind: "manual" } } as unknown as PortForwardsOutputs;
  assert.deepEqual(await forwardsDiff(olds, unknownPlan), { changes: true });
});

test("a upnp plan without SSH access to the lab router fails the check, naming `via`", async () => {
  const plan: HomeForwardPlan = {
    kind: "upnp",
    routerAddress: "192.168.1.1",
    internalClient: "192.168.1.2",
    forwards: [],
    chain: [],
  };
  const r = await forwardsCheck({ plan });
  assert.deepEqual(
    r.failures?.map((f) => f.property),
    ["via"],
  );
});

test("the stored outputs and the checked inputs compare equal whatever their key order", async () => {
  const plan: HomeForwardPlan = {
    kind: "manual",
    routerAddress: "192.168.1.1",
    internalClient: "192.168.1.2",
    forwards: [{ purpose: "SIP over UDP", protocol: "udp", from: 5060, to: 5060 }],
    chain: [],
  };
  // As the engine delivers them: outputs with everything, inputs without checklist and mappings.
  const olds = { checklist: "…", livePlan: "", mappings: 0, plan } as PortForwardsOutputs;
  const reordered = JSON.parse(JSON.stringify({ plan: { ...plan }, livePlan: "" })) as PortForwardsInputs;
  reordered.plan = Object.fromEntries(Object.entries(plan).reverse()) as unknown as HomeForwardPlan;
  assert.deepEqual(await forwardsDiff(olds, reordered), { changes: false, replaces: [] });
  const other = { ...reordered, plan: { ...plan, internalClient: "192.168.1.3" } };
  assert.equal((await forwardsDiff(olds, other)).changes, true);
});
