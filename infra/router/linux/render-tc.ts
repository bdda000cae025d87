// Voice queueing on the outside interface: HTB rather than `prio`. `prio` is strict for every band
// and so cannot give signalling a share without starving the rest; HTB gives each class a rate, and
// among classes within their rate it serves the lowest `prio` first. So EF (prio 0, rate = the
// class's priority percent) is strict priority up to its share, like IOS's LLQ; CS3 (prio 1) is
// guaranteed its bandwidth percent; the rest (prio 2) gets what is left, and every class may borrow
// up to the link rate when the others are idle. Packets are put in their class by nftables
// (`meta priority set 1:<minor>`, which HTB honours before any filter), so tc carries no filters.
import { RouterIntentError } from "../router-errors.ts";
import type { RouterIntent } from "../router-intent.ts";
import type { HtbClass, LinuxRenderOptions, TcShaping } from "./linux-desired-state.ts";
import { classMinor } from "./voice-marks.ts";

export const DEFAULT_LINK_KBIT = 100_000;

export function renderTc(intent: RouterIntent, options: LinuxRenderOptions = {}): TcShaping[] {
  const link = options.linkRateKbit ?? DEFAULT_LINK_KBIT;
  const out: TcShaping[] = [];
  for (const iface of intent.interfaces) {
    if (!iface.qosPolicyOut) continue;
    const path = `qosPolicies.${iface.qosPolicyOut}`;
    const policy = intent.qosPolicies.find((p) => p.name === iface.qosPolicyOut);
    if (!policy) throw new RouterIntentError(path, "not declared");
    const rate = (percent: number) => Math.max(8, Math.round((link * percent) / 100 / 8) * 8);
    const classes: HtbClass[] = policy.classes.map((c, i) => {
      const percent = c.priorityPercent ?? c.bandwidthPercent ?? 1;
      return {
        minor: classMinor(i),
        name: c.name,
        rateKbit: rate(percent),
        ceilKbit: link,
        prio: c.priorityPercent !== undefined ? 0 : 1,
      };
    });
    const reserved = policy.classes.reduce((s, c) => s + (c.priorityPercent ?? c.bandwidthPercent ?? 1), 0);
    if (reserved >= 100) throw new RouterIntentError(path, `classes reserve ${reserved}% of the link`);
    const defaultMinor = classMinor(policy.classes.length);
    classes.push({
      minor: defaultMinor,
      name: "default",
      rateKbit: rate(100 - reserved),
      ceilKbit: link,
      prio: 2,
    });
    out.push({
      device: iface.name,
      linkKbit: link,
      classes,
      defaultMinor,
      ...(policy.fairQueueDefault ? { defaultLeaf: options.fairQueueQdisc ?? "fq_codel" } : {}),
    });
  }
  return out;
}

/** The commands that build the hierarchy from scratch (the plan deletes the old root first). */
export function tcCommands(s: TcShaping): string[] {
  const dev = `dev ${s.device}`;
  const lines = [
    `tc qdisc add ${dev} root handle 1: htb default ${s.defaultMinor}`,
    `tc class add ${dev} parent 1: classid 1:1 htb rate ${s.linkKbit}kbit ceil ${s.linkKbit}kbit`,
    // An explicit quantum: HTB's rate/r2q is far off at 100 Mb/s (and warns).
    ...s.classes.map(
      (c) =>
        `tc class add ${dev} parent 1:1 classid 1:${c.minor} htb rate ${c.rateKbit}kbit ceil ${c.ceilKbit}kbit prio ${c.prio} quantum 1514`,
    ),
  ];
  if (s.defaultLeaf)
    lines.push(`tc qdisc add ${dev} parent 1:${s.defaultMinor} handle ${s.defaultMinor}: ${s.defaultLeaf}`);
  return lines;
}
