// `manual`: the forwards as a checklist to type into the home router's web interface, exactly.
import type { HomeForwardPlan } from "./home-forwards.ts";

export function manualChecklist(plan: HomeForwardPlan): string {
  const rows = plan.forwards.map((f, i) => {
    const ports = f.from === f.to ? `${f.from}` : `${f.from}-${f.to}`;
    return [`${i + 1}`, f.protocol.toUpperCase(), ports, plan.internalClient, ports, f.purpose];
  });
  const header = ["#", "Protocol", "External port", "Internal IP", "Internal port", "Purpose"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `  ${cells.map((x, c) => x.padEnd(widths[c]!)).join("  ")}`.trimEnd();
  const where = `${plan.routerAddress}${plan.outsideAddress ? ` (public address ${plan.outsideAddress})` : ""}`;
  return [
    `Home router ${where}: add these port forwards in its web interface`,
    `(usually under "Port forwarding", "NAT" or "Virtual servers"), one line each:`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `Where the router asks for one port only, enter the range's first and last port, or one forward per port.`,
    `Turn off the router's SIP ALG ("SIP helper") if it has one: pibx does its own NAT traversal.`,
    ...(plan.leasedOn
      ? [
          `${plan.internalClient} is the lab router's DHCP lease on ${plan.leasedOn}: reserve it for the lab router in the`,
          `home router's DHCP settings ("address reservation", "static lease"), or these forwards break when it changes.`,
        ]
      : []),
    "",
    "Path of each forward:",
    ...plan.chain.map((c) => `  ${c}`),
    "",
  ].join("\n");
}
