// /etc/pibx/dnsmasq.conf: the intent's DHCP pools (and DNS when the router must answer it), for a
// dnsmasq pibx starts with `--conf-file` (the system's /etc/dnsmasq.conf is not read).
//
// Syntax (dnsmasq(8), checked with dnsmasq 2.90 and dhclient): `dhcp-option=tag:<pool>,<code>,…`;
// an IP option is a comma-separated address list; a text option is written in double quotes, which
// dnsmasq removes (a quoted value is always sent as text, also when it looks like an address, and
// may contain commas); inside quotes `\\` and `\"` are escapes. `$` is not special.

import { prefixToMask } from "../ipv4.ts";
import { RouterIntentError } from "../router-errors.ts";
import type { DhcpLease, DhcpOption, DhcpPool, RouterIntent } from "../router-intent.ts";
import { poolRanges } from "./dhcp-ranges.ts";
import type { DnsmasqFile, LinuxPaths } from "./linux-desired-state.ts";

export function dnsmasqQuote(value: string, path: string): string {
  // RFC 2132 §2: an option carries at most 255 bytes.
  if (Buffer.byteLength(value) > 255) throw new RouterIntentError(path, "longer than 255 bytes");
  if (/[\x00-\x1f\x7f]/.test(value)) throw new RouterIntentError(path, "control characters cannot be sent");
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

export function dnsmasqLease(lease: DhcpLease): string {
  if (lease === "infinite") return "infinite";
  const minutes = (lease.days * 24 + lease.hours) * 60 + lease.minutes;
  // dnsmasq's shortest lease is two minutes.
  if (minutes < 2) throw new RouterIntentError("lease", "dnsmasq's shortest lease is 2 minutes");
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

function optionLine(tag: string, o: DhcpOption, path: string): string {
  const value = o.kind === "ip" ? o.addresses.join(",") : dnsmasqQuote(o.value, path);
  return `dhcp-option=tag:${tag},${o.code},${value}`;
}

function poolLines(intent: RouterIntent, pool: DhcpPool, i: number): string[] {
  const path = `dhcpPools[${i}]`;
  const tag = pool.name.replace(/[^A-Za-z0-9_-]/g, "_");
  const own = intent.interfaces.flatMap((f) =>
    f.addressing.kind === "static" ? [f.addressing.address] : [],
  );
  const mask = prefixToMask(pool.subnet.prefixLength);
  const lease = dnsmasqLease(pool.lease);
  const lines = [`# pool ${pool.name}: ${pool.subnet.network}/${pool.subnet.prefixLength}`];
  for (const r of poolRanges(pool, own, path))
    lines.push(`dhcp-range=set:${tag},${r.from},${r.to},${mask},${lease}`);
  if (pool.defaultRouter.length)
    lines.push(`dhcp-option=tag:${tag},option:router,${pool.defaultRouter.join(",")}`);
  if (pool.dnsServers.length)
    lines.push(`dhcp-option=tag:${tag},option:dns-server,${pool.dnsServers.join(",")}`);
  if (pool.domainName)
    lines.push(
      `dhcp-option=tag:${tag},option:domain-name,${dnsmasqQuote(pool.domainName, `${path}.domainName`)}`,
    );
  pool.options.forEach((o, j) => {
    lines.push(optionLine(tag, o, `${path}.options[${j}]`));
  });
  return lines;
}

export function renderDnsmasq(intent: RouterIntent, paths: LinuxPaths): DnsmasqFile | undefined {
  if (intent.dhcpPools.length === 0 && !intent.dnsServer) return undefined;
  const pidFile = `${paths.runDir}/dnsmasq.pid`;
  const inside = intent.interfaces.filter((i) => i.role === "inside").map((i) => i.name);
  const lines = [
    "# Written by pibx from lab.yaml: a change made here is reverted by the next `pulumi up`.",
    `pid-file=${pidFile}`,
    `dhcp-leasefile=${paths.stateDir}/dnsmasq.leases`,
    // Only the inside interfaces, bound one by one: another DHCP/DNS server may use the others.
    ...inside.map((n) => `interface=${n}`),
    "bind-interfaces",
    // Port 0 turns DNS off; otherwise dnsmasq forwards to the servers in /etc/resolv.conf.
    ...(intent.dnsServer ? [`domain=${intent.domainName}`] : ["port=0"]),
    "dhcp-authoritative",
    ...intent.dhcpPools.flatMap((p, i) => poolLines(intent, p, i)),
  ];
  return { path: `${paths.configDir}/dnsmasq.conf`, pidFile, content: `${lines.join("\n")}\n` };
}
