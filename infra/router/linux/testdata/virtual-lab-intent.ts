// The virtual lab's router intent, derived from examples/virtual-lab/lab.yaml, and the router state
// that matches a desired state exactly (what a converged router reports).
import { requireLab } from "../../../../schemas/index.ts";
import { deriveRouterIntent } from "../../derive-router-intent.ts";
import type { RouterIntent } from "../../router-intent.ts";
import type { LinuxActualState } from "../linux-actual-state.ts";
import { type LinuxDesiredState, tableKey } from "../linux-desired-state.ts";

export function virtualLabIntent(): RouterIntent {
  const lab = requireLab(new URL("../../../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);
  return deriveRouterIntent(lab)!;
}

export function convergedState(d: LinuxDesiredState): LinuxActualState {
  return {
    tables: [
      ...d.tables.map((t) => ({ family: t.family, name: t.name })),
      { family: "inet", name: "firewalld" },
    ],
    tableText: Object.fromEntries(d.tables.map((t) => [tableKey(t), t.text])),
    dnsmasq: { content: d.dnsmasq!.content, pid: 4242 },
    tc: Object.fromEntries(
      d.shaping.map((s) => [
        s.device,
        {
          root: { kind: "htb", handle: "1:", defaultMinor: s.defaultMinor },
          leaves: s.defaultLeaf ? [{ kind: s.defaultLeaf, parent: `1:${s.defaultMinor}` }] : [],
          classes: [
            { classid: "1:1", rateBits: s.linkKbit * 1000, ceilBits: s.linkKbit * 1000 },
            ...s.classes.map((c) => ({
              classid: `1:${c.minor}`,
              parent: "1:1",
              prio: c.prio,
              rateBits: c.rateKbit * 1000,
              ceilBits: c.ceilKbit * 1000,
            })),
          ],
          filterCount: 0,
        },
      ]),
    ),
    links: [
      { name: "lo", up: true, inet: [] },
      ...d.addresses.map((a) => ({
        name: a.device,
        up: true,
        inet: [{ address: a.address, prefixLength: a.prefixLength }],
      })),
    ],
    defaultGateways: d.defaultGateway ? [d.defaultGateway] : [],
    ipForward: true,
  };
}
