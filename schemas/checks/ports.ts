// The appliance's listening ports do not collide (per protocol): SIP UDP/TCP/TLS, provisioning
// HTTP and TFTP, admin API, SSH and the RTP range.
import type { Lab } from "../generated/lab.ts";
import { formatPath, type LabPath } from "../load/path.ts";
import { error, type Finding } from "./finding.ts";
import { formatRange, overlaps, type PortRange } from "./port-ranges.ts";

interface Listener {
  readonly name: string;
  readonly protocol: "udp" | "tcp";
  readonly range: PortRange;
  readonly path: LabPath;
}

export function listeners(lab: Lab): Listener[] {
  const a = lab.appliance;
  const one = (port: number): PortRange => ({ first: port, last: port });
  const list: Listener[] = [];
  list.push({ name: "SSH", protocol: "tcp", range: one(a.ssh.port), path: ["appliance", "ssh", "port"] });
  list.push({
    name: "the admin API",
    protocol: "tcp",
    range: one(a.admin.port),
    path: ["appliance", "admin", "port"],
  });
  if (a.provisioning.tftp)
    list.push({
      name: "the TFTP server",
      protocol: "udp",
      range: one(69),
      path: ["appliance", "provisioning", "tftp"],
    });
  if (a.sip.udp.enabled)
    list.push({
      name: "SIP over UDP",
      protocol: "udp",
      range: one(a.sip.udp.port),
      path: ["appliance", "sip", "udp", "port"],
    });
  if (a.sip.tcp.enabled)
    list.push({
      name: "SIP over TCP",
      protocol: "tcp",
      range: one(a.sip.tcp.port),
      path: ["appliance", "sip", "tcp", "port"],
    });
  if (a.sip.tls.enabled)
    list.push({
      name: "SIP over TLS",
      protocol: "tcp",
      range: one(a.sip.tls.port),
      path: ["appliance", "sip", "tls", "port"],
    });
  list.push({
    name: "the provisioning HTTP server",
    protocol: "tcp",
    range: one(a.provisioning.httpPort),
    path: ["appliance", "provisioning", "httpPort"],
  });
  list.push({
    name: "the RTP range",
    protocol: "udp",
    range: { first: a.rtp.min, last: a.rtp.max },
    path: ["appliance", "rtp"],
  });
  return list;
}

export function checkPorts(lab: Lab): Finding[] {
  const findings: Finding[] = [];
  const all = listeners(lab);
  all.forEach((listener, i) => {
    const clash = all
      .slice(0, i)
      .find((l) => l.protocol === listener.protocol && overlaps(l.range, listener.range));
    if (clash !== undefined) {
      findings.push(
        error(
          listener.path,
          `${listener.protocol.toUpperCase()} port ${formatRange(listener.range)} of ${listener.name} collides with ${clash.name} (${formatPath(clash.path)})`,
        ),
      );
    }
  });
  return findings;
}
