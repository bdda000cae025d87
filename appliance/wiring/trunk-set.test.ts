import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Trunk } from "../../schemas/appliance-config/index.ts";
import { Logger, ManualClock, RandomIdSource, SeededRandom } from "../base/index.ts";
import { PublicAddressTracker } from "../nat/index.ts";
import { getCallId, type SipRequest, TransactionLayer } from "../sip/index.ts";
import { FakeSender } from "../sip/transaction/testing.ts";
import { TrunkSet } from "./trunk-set.ts";

const TRUNK: Trunk = {
  name: "provider",
  host: "203.0.113.10",
  port: 5060,
  transport: "UDP",
  username: "15550123",
  password: "first-password",
  register: true,
  expiresSeconds: 600,
  keepaliveSeconds: 0,
  didSource: "to",
  callerIdSource: "from",
  anySourcePort: false,
  extraInboundAddresses: ["203.0.113.11"],
  dids: [{ number: "15550123", destination: { ivr: "main" } }],
  outbound: { patterns: ["1555XXXX"], callerIdHeader: "from" },
  limits: { maxCalls: 4 },
};

function setup() {
  const clock = new ManualClock();
  const transport = new FakeSender(() => clock.now());
  const layer = new TransactionLayer({ transport, clock });
  layer.setUser({ onRequest: () => {} });
  let changes = 0;
  const set = new TrunkSet({
    clock,
    ids: new RandomIdSource(new SeededRandom(3)),
    random: new SeededRandom(5),
    sender: layer,
    logger: Logger.silent(),
    onChange: () => changes++,
  });
  const tracker = new PublicAddressTracker({ address: "172.16.0.10", port: 5060 });
  const registerCallIds = () =>
    new Set(
      transport.sent
        .map((s) => s.message as SipRequest)
        .filter((m) => m.method === "REGISTER")
        .map((m) => getCallId(m)),
    );
  return { set, tracker, registerCallIds, changes: () => changes };
}

describe("TrunkSet", () => {
  it("starts a registration per trunk and trusts the provider's addresses", async () => {
    const { set, tracker, registerCallIds, changes } = setup();
    const r = await set.apply([TRUNK], { mode: "provider" }, tracker);
    assert.deepEqual(r, { kept: [], started: ["provider"], stopped: [] });
    assert.equal(registerCallIds().size, 1);
    assert.deepEqual(set.trustedAddresses().sort(), ["203.0.113.10", "203.0.113.11"]);
    const inbound = set.inbound()[0]!;
    assert.match(inbound.contactUser ?? "", /^pibx-/);
    assert.deepEqual(inbound.endpoints(), [{ address: "203.0.113.10", port: 5060 }]);
    assert.ok(changes() > 0);
    set.close();
  });

  it("a reload with the same settings keeps the registration; a changed trunk is replaced", async () => {
    const { set, tracker, registerCallIds } = setup();
    await set.apply([TRUNK], { mode: "provider" }, tracker);
    const first = set.registration("provider");
    assert.deepEqual(await set.apply([structuredClone(TRUNK)], { mode: "provider" }, tracker), {
      kept: ["provider"],
      started: [],
      stopped: [],
    });
    assert.equal(set.registration("provider"), first);
    assert.equal(registerCallIds().size, 1, "no new registration for an unchanged trunk");
    await set.apply([{ ...TRUNK, password: "rotated-password" }], { mode: "provider" }, tracker);
    assert.notEqual(set.registration("provider"), first);
    assert.equal(first!.state, "closed");
    assert.equal(registerCallIds().size, 2);
    set.close();
  });

  it("a new public-address tracker restarts the trunks; a removed trunk is stopped", async () => {
    const { set, tracker } = setup();
    await set.apply([TRUNK], { mode: "provider" }, tracker);
    const first = set.registration("provider")!;
    const other = new PublicAddressTracker(
      { address: "172.16.0.10", port: 5060 },
      { address: "203.0.113.2" },
    );
    const r = await set.apply([TRUNK], { mode: "static", address: "203.0.113.2" }, other);
    assert.deepEqual(r.started, ["provider"]);
    assert.equal(first.state, "closed");
    assert.deepEqual(await set.apply([], undefined, other), { kept: [], started: [], stopped: ["provider"] });
    assert.deepEqual(set.statuses(), []);
    assert.deepEqual(set.trustedAddresses(), []);
  });
});
