// What an IOS router had, before pibx first changed it, in the places pibx writes without owning
// them outright: the managed sub-commands of the interfaces it names (address, NAT role, policy,
// shutdown — and the `ip virtual-reassembly` IOS turns on by itself with `ip nat inside/outside`
// and leaves behind) and the default route. pibx's own blocks and lines need no record: removing
// pibx removes them. `pulumi destroy` puts the baseline back, so the router ends as it began.
import { type ConfigNode, canonicalLine, node } from "./config-node.ts";
import type { IosDesiredConfig, IosSection } from "./ios-desired-config.ts";
import { interfaceName, ownsInterfaceLine } from "./ios-ownership.ts";
import type { IosPlan, PlanStep } from "./plan-ios.ts";

export interface IosBaseline {
  /** Interface name → its managed lines then (`no ip address` when it had none). */
  interfaces: Record<string, string[]>;
  /** `ip virtual-reassembly` was on, by interface. */
  virtualReassembly: Record<string, boolean>;
  /** The `ip route 0.0.0.0 0.0.0.0 …` lines then. */
  defaultRoutes: string[];
}

const VIRTUAL_REASSEMBLY = "ip virtual-reassembly";
const DEFAULT_ROUTE = /^ip route 0\.0\.0\.0 0\.0\.0\.0 /;

export function iosBaselineOf(desired: IosDesiredConfig, running: ConfigNode[]): IosBaseline {
  const interfaces: Record<string, string[]> = {};
  const virtualReassembly: Record<string, boolean> = {};
  for (const name of desired.ownership.interfaces) {
    const have = running.find((n) => interfaceName(n) === name)?.children ?? [];
    const lines = have.map((c) => canonicalLine(c.text)).filter(ownsInterfaceLine);
    interfaces[name] = lines.some((l) => /^(?:no )?ip address\b/.test(l))
      ? lines
      : ["no ip address", ...lines];
    virtualReassembly[name] = have.some((c) => canonicalLine(c.text) === VIRTUAL_REASSEMBLY);
  }
  const defaultRoutes = running.map((n) => canonicalLine(n.text)).filter((t) => DEFAULT_ROUTE.test(t));
  return { interfaces, virtualReassembly, defaultRoutes };
}

/**
 * The desired config that removes pibx and puts the baseline back: no pibx block or line, each
 * managed interface with its lines of then, the default route of then. The interface holding the
 * management address keeps its current address: the session pibx types into runs over it.
 */
export function iosRestoreConfig(
  desired: IosDesiredConfig,
  baseline: IosBaseline,
  running: ConfigNode[],
  managementAddress: string,
): IosDesiredConfig {
  const sections: IosSection[] = [];
  for (const [name, lines] of Object.entries(baseline.interfaces)) {
    const current = running
      .find((n) => interfaceName(n) === name)
      ?.children.map((c) => canonicalLine(c.text));
    const managed = current?.find((l) => l.startsWith(`ip address ${managementAddress} `));
    const restored = managed ? [managed, ...lines.filter((l) => !/^(?:no )?ip address\b/.test(l))] : lines;
    sections.push({
      id: `interface:${name}`,
      kind: "interface",
      nodes: [
        node(
          `interface ${name}`,
          restored.map((l) => node(l)),
        ),
      ],
      ...(restored.includes("shutdown") ? {} : { absent: ["shutdown"] }),
    });
  }
  if (desired.ownership.defaultRoute)
    sections.push({ id: "route:default", kind: "route", nodes: baseline.defaultRoutes.map((l) => node(l)) });
  return { sections, ownership: desired.ownership };
}

/** `no ip virtual-reassembly` where IOS turned it on with pibx's NAT roles (after they are gone). */
export function virtualReassemblySteps(baseline: IosBaseline, running: ConfigNode[]): PlanStep[] {
  return Object.entries(baseline.virtualReassembly).flatMap(([name, was]) => {
    const itf = running.find((n) => interfaceName(n) === name);
    const now = itf?.children.some((c) => canonicalLine(c.text) === VIRTUAL_REASSEMBLY) ?? false;
    return !was && now
      ? [
          {
            sectionId: `interface:${name}`,
            path: [itf!.text],
            command: `no ${VIRTUAL_REASSEMBLY}`,
            action: "remove" as const,
          },
        ]
      : [];
  });
}

/** The whole restoring plan: pibx's removal and the baseline's lines, then virtual-reassembly. */
export function withVirtualReassembly(plan: IosPlan, baseline: IosBaseline, running: ConfigNode[]): IosPlan {
  return { steps: [...plan.steps, ...virtualReassemblySteps(baseline, running)] };
}
