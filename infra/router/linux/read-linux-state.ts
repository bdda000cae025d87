// Reading the router: one script prints every section between markers (JSON where the tool has a
// reliable one: `nft -j list tables`, `tc -j qdisc/filter`, `ip -j addr/route`; nft's table
// listing as text, the form the renderer writes; `tc class` as text, since iproute2 6.1 prints
// HTB classes without JSON), and a pure parser turns it into LinuxActualState.
import type { CommandRunner } from "./command-runner.ts";
import { DNSMASQ_ALIVE } from "./dnsmasq-process.ts";
import type { LinkActual, LinuxActualState, TcActual, TcClassActual } from "./linux-actual-state.ts";
import { type LinuxPaths, OWNED_TABLES, tableKey } from "./linux-desired-state.ts";
import { LinuxSessionError, LinuxStateError } from "./linux-errors.ts";
import { shellQuote } from "./shell-quote.ts";

const section = (name: string, command: string): string =>
  `printf '@@pibx:begin %s\\n' '${name}'; ( ${command} ) 2>/dev/null; rc=$?; printf '\\n@@pibx:end %s %s\\n' '${name}' "$rc"`;

/** The dump script for the owned pieces, `devices` being the interfaces whose qdiscs pibx may own. */
export function readStateScript(paths: LinuxPaths, devices: string[]): string {
  const conf = shellQuote(`${paths.configDir}/dnsmasq.conf`);
  const pid = shellQuote(`${paths.runDir}/dnsmasq.pid`);
  return [
    section("nft-tables", "nft -j list tables"),
    ...OWNED_TABLES.map((t) => section(`nft:${t.family}:${t.name}`, `nft list table ${t.family} ${t.name}`)),
    section("dnsmasq-conf", `base64 -w0 ${conf}`),
    section("dnsmasq-pid", `${DNSMASQ_ALIVE}; p=$(cat ${pid}) && alive "$p" && echo "$p"`),
    ...devices.flatMap((d) => [
      section(`tc-qdisc:${d}`, `tc -j qdisc show dev ${shellQuote(d)}`),
      section(`tc-class:${d}`, `tc class show dev ${shellQuote(d)}`),
      section(`tc-filter:${d}`, `tc -j filter show dev ${shellQuote(d)}`),
    ]),
    section("ip-addr", "ip -j addr show"),
    section("ip-route", "ip -j -4 route show default"),
    section("ip-forward", "cat /proc/sys/net/ipv4/ip_forward"),
    "",
  ].join("\n");
}

interface Section {
  text: string;
  ok: boolean;
}

export function splitSections(dump: string): Map<string, Section> {
  const out = new Map<string, Section>();
  const re = /@@pibx:begin (\S+)\n([\s\S]*?)\n@@pibx:end \1 (\d+)\n/g;
  for (const m of dump.matchAll(re)) out.set(m[1]!, { text: m[2]!, ok: m[3] === "0" });
  return out;
}

function json<T>(name: string, s: Section | undefined): T {
  if (!s?.ok) throw new LinuxStateError(name, "the command failed on the router");
  try {
    return JSON.parse(s.text) as T;
  } catch {
    throw new LinuxStateError(name, `not JSON: ${s.text.slice(0, 200)}`);
  }
}

const UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, tbit: 1e12 };

export function parseRate(text: string): number | undefined {
  const m = /^([\d.]+)([a-z]*bit)$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : undefined;
}

/** `class htb 1:10 parent 1:1 leaf 10: prio 0 rate 20Mbit ceil 100Mbit burst …` (one a line). */
export function parseTcClasses(text: string): TcClassActual[] {
  const out: TcClassActual[] = [];
  for (const line of text.split("\n")) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== "class" || !words[2]) continue;
    const c: TcClassActual = { classid: words[2] };
    for (let i = 3; i < words.length; i++) {
      const [k, v] = [words[i], words[i + 1]];
      if (k === "parent" && v) c.parent = v;
      else if (k === "prio" && v) c.prio = Number(v);
      else if (k === "rate" && v) c.rateBits = parseRate(v);
      else if (k === "ceil" && v) c.ceilBits = parseRate(v);
    }
    out.push(c);
  }
  return out;
}

interface QdiscJson {
  kind: string;
  handle: string;
  root?: boolean;
  parent?: string;
  options?: { default?: string };
}

function parseTc(device: string, sections: Map<string, Section>): TcActual {
  const qdiscs = json<QdiscJson[]>(`tc-qdisc:${device}`, sections.get(`tc-qdisc:${device}`));
  const rootJson = qdiscs.find((q) => q.root);
  const filters = sections.get(`tc-filter:${device}`);
  let filterCount = 0;
  if (filters?.ok && filters.text.trim()) filterCount = (JSON.parse(filters.text) as unknown[]).length;
  const defaultHex = rootJson?.options?.default;
  return {
    ...(rootJson
      ? {
          root: {
            kind: rootJson.kind,
            handle: rootJson.handle,
            ...(defaultHex ? { defaultMinor: Number(defaultHex).toString(16) } : {}),
          },
        }
      : {}),
    leaves: qdiscs.filter((q) => !q.root && q.parent).map((q) => ({ kind: q.kind, parent: q.parent! })),
    classes: parseTcClasses(sections.get(`tc-class:${device}`)?.text ?? ""),
    filterCount,
  };
}

interface AddrJson {
  ifname: string;
  flags?: string[];
  addr_info?: { family: string; local: string; prefixlen: number; scope: string }[];
}

export function parseLinuxState(dump: string, devices: string[]): LinuxActualState {
  const s = splitSections(dump);
  const tablesJson = json<{ nftables: { table?: { family: string; name: string } }[] }>(
    "nft-tables",
    s.get("nft-tables"),
  );
  const tables = tablesJson.nftables.flatMap((e) =>
    e.table ? [{ family: e.table.family, name: e.table.name }] : [],
  );
  const tableText: Record<string, string> = {};
  for (const t of OWNED_TABLES) {
    const sec = s.get(`nft:${t.family}:${t.name}`);
    if (sec?.ok) tableText[tableKey(t)] = sec.text;
  }
  const conf = s.get("dnsmasq-conf");
  const pid = s.get("dnsmasq-pid");
  const links: LinkActual[] = json<AddrJson[]>("ip-addr", s.get("ip-addr")).map((l) => ({
    name: l.ifname,
    up: (l.flags ?? []).includes("UP"),
    inet: (l.addr_info ?? [])
      .filter((a) => a.family === "inet" && a.scope === "global")
      .map((a) => ({ address: a.local, prefixLength: a.prefixlen })),
  }));
  const routes = json<{ gateway?: string }[]>("ip-route", s.get("ip-route"));
  const forward = s.get("ip-forward");
  if (!forward?.ok) throw new LinuxStateError("ip-forward", "cannot read /proc/sys/net/ipv4/ip_forward");
  return {
    tables,
    tableText,
    dnsmasq: {
      ...(conf?.ok ? { content: Buffer.from(conf.text.trim(), "base64").toString("utf8") } : {}),
      ...(pid?.ok && /^\d+$/.test(pid.text.trim()) ? { pid: Number(pid.text.trim()) } : {}),
    },
    tc: Object.fromEntries(devices.map((d) => [d, parseTc(d, s)])),
    links,
    defaultGateways: routes.flatMap((r) => (r.gateway ? [r.gateway] : [])),
    ipForward: forward.text.trim() === "1",
  };
}

export async function readLinuxState(
  runner: CommandRunner,
  paths: LinuxPaths,
  devices: string[],
): Promise<LinuxActualState> {
  const r = await runner.run(readStateScript(paths, devices));
  if (!r.stdout.includes("@@pibx:end ip-forward"))
    throw new LinuxSessionError(
      "exec",
      `the state dump did not complete (exit ${r.code}): ${r.stderr.trim()}`,
    );
  return parseLinuxState(r.stdout, devices);
}
