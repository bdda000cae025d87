// The two nftables tables pibx owns, written exactly as `nft list table` prints them (so a plan
// compares the router's listing with this text): `inet pibx` holds the forward filter and the
// DSCP marking/queue steering at mangle priority; `ip pibx_nat` the port forwards and masquerade.
import { inSubnet } from "../ipv4.ts";
import { RouterIntentError } from "../router-errors.ts";
import type { PortForward, RouterIntent, RouterInterface } from "../router-intent.ts";
import type { NftTable } from "./linux-desired-state.ts";
import { nftDscp } from "./nft-dscp.ts";
import { type PortMatch, voiceMarks } from "./voice-marks.ts";

const T = "\t";

function table(family: NftTable["family"], name: string, chains: string[][]): NftTable {
  const body = chains.map((c) => c.join("\n")).join("\n\n");
  return { family, name, text: `table ${family} ${name} {\n${body}\n}\n` };
}

function chain(name: string, hook: string, rules: string[]): string[] {
  return [`${T}chain ${name} {`, `${T}${T}${hook}`, ...rules.map((r) => `${T}${T}${r}`), `${T}}`];
}

const ports = (from: number, to: number): string => (from === to ? `${from}` : `${from}-${to}`);
const q = (name: string): string => `"${name}"`;

function insideInterfaceFor(intent: RouterIntent, address: string): RouterInterface | undefined {
  return intent.interfaces.find(
    (i) =>
      i.role === "inside" &&
      i.addressing.kind === "static" &&
      inSubnet(address, i.addressing.address, i.addressing.prefixLength),
  );
}

function checkForward(f: PortForward, i: number): void {
  const path = `portForwards[${i}]`;
  const outsideEnd = f.outsidePortStart + (f.ports.to - f.ports.from);
  if (f.ports.from > f.ports.to || f.outsidePortStart < 1 || outsideEnd > 65535)
    throw new RouterIntentError(path, `bad port range ${f.ports.from}-${f.ports.to}`);
  // nft's dnat to a port range picks ports from it; it does not shift a range one to one.
  if (f.ports.to > f.ports.from && f.outsidePortStart !== f.ports.from)
    throw new RouterIntentError(path, "a forwarded port range must keep its port numbers on Linux");
}

function forwardFilter(intent: RouterIntent): string[] {
  const inside = intent.interfaces.filter((i) => i.role === "inside");
  const outside = intent.interfaces.filter((i) => i.role === "outside");
  const rules = ["ct state established,related accept"];
  for (const i of inside)
    for (const o of outside) rules.push(`iifname ${q(i.name)} oifname ${q(o.name)} accept`);
  for (const f of intent.portForwards) {
    const to = insideInterfaceFor(intent, f.insideAddress);
    const oif = to ? ` oifname ${q(to.name)}` : "";
    rules.push(
      `iifname ${q(f.outsideInterface)}${oif} ip daddr ${f.insideAddress} ${f.protocol} dport ${ports(f.ports.from, f.ports.to)} accept`,
    );
  }
  return chain("forward", "type filter hook forward priority filter; policy drop;", rules);
}

const portMatch = (p: PortMatch): string =>
  `${p.source ? `ip saddr ${p.source} ` : ""}${p.protocol} sport ${ports(p.from, p.to)}`;

/** Marking first (so a packet is queued by its new mark), then `meta priority` picks the HTB class. */
function voiceChain(intent: RouterIntent): string[] | undefined {
  const marks: string[] = [];
  const steer: string[] = [];
  for (const iface of intent.interfaces) {
    if (!iface.qosPolicyOut) continue;
    const policy = intent.qosPolicies.find((p) => p.name === iface.qosPolicyOut);
    if (!policy)
      throw new RouterIntentError(`interfaces.${iface.name}.qosPolicyOut`, `no policy ${iface.qosPolicyOut}`);
    const oif = `oifname ${q(iface.name)}`;
    for (const c of voiceMarks(intent, policy)) {
      if (c.setDscp !== undefined)
        for (const p of c.ports) marks.push(`${oif} ${portMatch(p)} ip dscp set ${nftDscp(c.setDscp)}`);
      for (const v of c.dscp) steer.push(`${oif} ip dscp ${nftDscp(v)} meta priority set 1:${c.minor}`);
      if (c.dscp.length === 0)
        for (const p of c.ports) steer.push(`${oif} ${portMatch(p)} meta priority set 1:${c.minor}`);
    }
  }
  if (marks.length + steer.length === 0) return undefined;
  return chain("postrouting", "type filter hook postrouting priority mangle; policy accept;", [
    ...marks,
    ...steer,
  ]);
}

function natTable(intent: RouterIntent): NftTable | undefined {
  const nat = intent.nat;
  if (!nat && intent.portForwards.length === 0) return undefined;
  const pre = intent.portForwards.map((f) => {
    const outside = ports(f.outsidePortStart, f.outsidePortStart + f.ports.to - f.ports.from);
    const target =
      f.ports.from === f.outsidePortStart ? f.insideAddress : `${f.insideAddress}:${f.ports.from}`;
    return `iifname ${q(f.outsideInterface)} ${f.protocol} dport ${outside} dnat to ${target}`;
  });
  const post = (nat?.insideNetworks ?? []).map(
    (n) => `oifname ${q(nat!.outsideInterface)} ip saddr ${n.network}/${n.prefixLength} masquerade`,
  );
  return table("ip", "pibx_nat", [
    chain("prerouting", "type nat hook prerouting priority dstnat; policy accept;", pre),
    chain("postrouting", "type nat hook postrouting priority srcnat; policy accept;", post),
  ]);
}

export function renderNftTables(intent: RouterIntent): NftTable[] {
  intent.portForwards.forEach(checkForward);
  const voice = voiceChain(intent);
  const filter = table("inet", "pibx", voice ? [forwardFilter(intent), voice] : [forwardFilter(intent)]);
  const nat = natTable(intent);
  return nat ? [filter, nat] : [filter];
}

/** The `nft -f` file that replaces the table in one transaction (creating it first so the delete never fails). */
export function nftReplaceScript(t: NftTable): string {
  return `table ${t.family} ${t.name}\ndelete table ${t.family} ${t.name}\n${t.text}`;
}
