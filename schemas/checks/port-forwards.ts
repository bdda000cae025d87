// Explicit port forwards are well-formed ranges and open the enabled SIP transports' ports.
import type { Lab } from "../generated/lab.ts";
import { error, type Finding, warning } from "./finding.ts";
import { uncovered } from "./port-ranges.ts";

export function checkPortForwards(lab: Lab): Finding[] {
  const forwards = lab.network.portForwards;
  if (forwards === undefined) return [];
  const findings: Finding[] = [];
  forwards.forEach((f, i) => {
    if (f.endPort !== undefined && f.endPort < f.port) {
      findings.push(error(["network", "portForwards", i, "endPort"], `must not be below port (${f.port})`));
    }
  });
  const { udp, tcp, tls } = lab.appliance.sip;
  const wanted = [
    { name: "SIP over UDP", protocol: "udp", transport: udp },
    { name: "SIP over TCP", protocol: "tcp", transport: tcp },
    { name: "SIP over TLS", protocol: "tcp", transport: tls },
  ] as const;
  for (const { name, protocol, transport } of wanted) {
    if (!transport.enabled) continue;
    const ranges = forwards
      .filter((f) => f.protocol === protocol)
      .map((f) => ({ first: f.port, last: f.endPort ?? f.port }));
    if (uncovered({ first: transport.port, last: transport.port }, ranges).length > 0) {
      findings.push(
        warning(
          ["network", "portForwards"],
          `${protocol.toUpperCase()} port ${transport.port} (${name}) is not forwarded: trunk calls and remote phones cannot reach the appliance`,
        ),
      );
    }
  }
  return findings;
}
