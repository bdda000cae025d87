// The UPnP mappings pibx wants on the home router, and the change from what the IGD lists. A
// mapping is pibx's when its description starts with `pibx:` and it points at pibx's internal
// client; only those are ever changed or deleted. Pure.
import type { HomeForwardPlan } from "./home-forwards.ts";
import type { MappingProtocol, PortMapping, PortRange } from "./igd-client.ts";

export const DESCRIPTION_PREFIX = "pibx:";

export interface WantedMapping {
  protocol: MappingProtocol;
  externalPort: number;
  internalClient: string;
  internalPort: number;
  description: string;
}

export interface UpnpPlan {
  add: WantedMapping[];
  /** pibx's mappings that are no longer wanted, or must be rewritten. */
  remove: PortMapping[];
  /** Wanted ports someone else holds for another host: pibx will not take them. */
  conflicts: { wanted: WantedMapping; holder: PortMapping }[];
}

/** One UPnP mapping per port (AddPortMapping has no ranges). */
export function wantedMappings(plan: HomeForwardPlan): WantedMapping[] {
  return plan.forwards.flatMap((f) =>
    Array.from({ length: f.to - f.from + 1 }, (_, i) => ({
      protocol: f.protocol === "tcp" ? ("TCP" as const) : ("UDP" as const),
      externalPort: f.from + i,
      internalClient: plan.internalClient,
      internalPort: f.from + i,
      description: `${DESCRIPTION_PREFIX} ${f.purpose}`,
    })),
  );
}

/** The external ports a set of mappings occupies, as ranges (what a listing must cover). */
export function portsOf(want: readonly WantedMapping[]): PortRange[] {
  const out: PortRange[] = [];
  const sorted = [...want].sort(
    (a, b) => a.protocol.localeCompare(b.protocol) || a.externalPort - b.externalPort,
  );
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last?.protocol === w.protocol && w.externalPort === last.to + 1) last.to = w.externalPort;
    else out.push({ protocol: w.protocol, from: w.externalPort, to: w.externalPort });
  }
  return out;
}

export const isOwned = (m: PortMapping, internalClient: string): boolean =>
  m.description.startsWith(DESCRIPTION_PREFIX) && m.internalClient === internalClient;

const key = (p: MappingProtocol, port: number): string => `${p} ${port}`;

export function planUpnp(want: WantedMapping[], existing: PortMapping[], internalClient: string): UpnpPlan {
  const have = new Map(existing.map((m) => [key(m.protocol, m.externalPort), m]));
  const wantedKeys = new Set(want.map((w) => key(w.protocol, w.externalPort)));
  const plan: UpnpPlan = { add: [], remove: [], conflicts: [] };
  for (const w of want) {
    const m = have.get(key(w.protocol, w.externalPort));
    if (!m) {
      plan.add.push(w);
      continue;
    }
    const same =
      m.internalClient === w.internalClient &&
      m.internalPort === w.internalPort &&
      m.description === w.description &&
      m.enabled;
    if (same) continue;
    if (isOwned(m, internalClient)) {
      plan.remove.push(m);
      plan.add.push(w);
    } else if (m.internalClient === w.internalClient) {
      // Already forwarded to this host (by hand or an older run): pibx takes it over.
      plan.remove.push(m);
      plan.add.push(w);
    } else plan.conflicts.push({ wanted: w, holder: m });
  }
  for (const m of existing)
    if (isOwned(m, internalClient) && !wantedKeys.has(key(m.protocol, m.externalPort))) plan.remove.push(m);
  return plan;
}

/** Consecutive ports of one kind folded into a range, for people. */
function folded(
  ms: { protocol: string; externalPort: number; internalClient: string; description: string }[],
) {
  const out: string[] = [];
  const sorted = [...ms].sort(
    (a, b) => a.protocol.localeCompare(b.protocol) || a.externalPort - b.externalPort,
  );
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i]!;
    let j = i;
    while (
      j + 1 < sorted.length &&
      sorted[j + 1]!.protocol === first.protocol &&
      sorted[j + 1]!.externalPort === sorted[j]!.externalPort + 1 &&
      sorted[j + 1]!.description === first.description &&
      sorted[j + 1]!.internalClient === first.internalClient
    )
      j++;
    const last = sorted[j]!;
    const ports = first === last ? `${first.externalPort}` : `${first.externalPort}-${last.externalPort}`;
    out.push(`${first.protocol} ${ports} → ${first.internalClient} (${first.description})`);
    i = j + 1;
  }
  return out;
}

export function describeUpnpPlan(plan: UpnpPlan): string {
  return [
    ...folded(plan.remove).map((l) => `- ${l}`),
    ...folded(plan.add).map((l) => `+ ${l}`),
    ...plan.conflicts.map(
      (c) =>
        `! ${c.wanted.protocol} ${c.wanted.externalPort} is mapped to ${c.holder.internalClient}:${c.holder.internalPort} (${c.holder.description})`,
    ),
  ].join("\n");
}

export const isEmptyPlan = (p: UpnpPlan): boolean =>
  p.add.length + p.remove.length + p.conflicts.length === 0;
