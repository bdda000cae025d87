// A plan for the Linux router: ordered steps, each a self-contained POSIX script (so the plan shown
// is exactly what runs) with a readable account of why it is needed.

export interface LinuxStep {
  /** What the step converges (`nft inet pibx`, `dnsmasq`, `tc eth0`, `address eth1`…). */
  piece: string;
  action: "create" | "update" | "delete" | "start";
  /** The difference found, one line each (`+ rule`, `- rule`, `rate 20000kbit, was 10000kbit`). */
  detail: string[];
  script: string;
}

export interface LinuxPlan {
  steps: LinuxStep[];
}

const SIGN = { create: "+", update: "~", delete: "-", start: ">" } as const;

/** The plan for people (diff previews, logs): no secret ever enters a plan. */
export function describeLinuxPlan(plan: LinuxPlan): string {
  return plan.steps
    .flatMap((s) => [`${SIGN[s.action]} ${s.piece} (${s.action})`, ...s.detail.map((d) => `    ${d}`)])
    .join("\n");
}
