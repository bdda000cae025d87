// TEST DOUBLE — `show ip interface brief` from the simulator's running-config: a static address as
// configured; `ip address dhcp` shows the lease the simulated ISP router hands out on that
// interface (only while it is not shut down), `unassigned` without one.
import type { SimRunningConfig } from "./sim-running-config.ts";

const cols = (cells: string[]): string =>
  [
    cells[0]!.padEnd(27),
    cells[1]!.padEnd(16),
    cells[2]!.padEnd(4),
    cells[3]!.padEnd(7),
    cells[4]!.padEnd(22),
    cells[5],
  ]
    .join("")
    .trimEnd();

export function showIpInterfaceBrief(config: SimRunningConfig, leases: Record<string, string>): string {
  const rows = [cols(["Interface", "IP-Address", "OK?", "Method", "Status", "Protocol"])];
  for (const n of config.nodes.filter((x) => x.text.startsWith("interface "))) {
    const name = n.text.slice("interface ".length);
    const shut = n.children.some((c) => c.text === "shutdown");
    const addr = n.children.find((c) => c.text.startsWith("ip address "))?.text.split(" ");
    let address = "unassigned";
    let method = "unset";
    if (addr?.[2] === "dhcp") {
      method = "DHCP";
      if (!shut && leases[name]) address = leases[name];
    } else if (addr?.[2]) {
      address = addr[2];
      method = "manual";
    }
    rows.push(
      cols([name, address, "YES", method, shut ? "administratively down" : "up", shut ? "down" : "up"]),
    );
  }
  return `${rows.join("\n")}\n`;
}
