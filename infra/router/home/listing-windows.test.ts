// Which ports a UPnP listing asks for: the wanted ones (and a previous plan's), in windows narrow
// enough that no answer holds more mappings than miniupnpd 2.3.1 survives (igd-client.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { requireLab } from "../../../schemas/index.ts";
import { deriveRouterIntent } from "../derive-router-intent.ts";
import { deriveHomeForwards } from "./home-forwards.ts";
import { LIST_WINDOW_PORTS, listingWindows } from "./igd-client.ts";
import { portsOf, wantedMappings } from "./plan-upnp.ts";

const lab = requireLab(new URL("../../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);
const want = wantedMappings(deriveHomeForwards(lab, deriveRouterIntent(lab))!);

test("the example lab's 202 mappings occupy three ranges", () => {
  assert.deepEqual(portsOf(want), [
    { protocol: "TCP", from: 5060, to: 5060 },
    { protocol: "UDP", from: 5060, to: 5060 },
    { protocol: "UDP", from: 10000, to: 10199 },
  ]);
});

test("listed in windows of at most LIST_WINDOW_PORTS ports, overlaps merged", () => {
  const windows = listingWindows([...portsOf(want), { protocol: "UDP", from: 10150, to: 10249 }]);
  assert.deepEqual(windows, [
    { protocol: "TCP", from: 5060, to: 5060 },
    { protocol: "UDP", from: 5060, to: 5060 },
    { protocol: "UDP", from: 10000, to: 10099 },
    { protocol: "UDP", from: 10100, to: 10199 },
    { protocol: "UDP", from: 10200, to: 10249 },
  ]);
  assert.ok(windows.every((w) => w.to - w.from + 1 <= LIST_WINDOW_PORTS));
  assert.deepEqual(listingWindows([]), []);
});
