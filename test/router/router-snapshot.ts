// What the virtual lab's routers hold, as text to compare before pibx and after `pulumi destroy`:
// the lab router's nftables ruleset, qdiscs, addresses, routes, ip_forward, the dnsmasq processes of
// its namespace and pibx's files; the home router's ruleset (miniupnpd's chains), its UPnP mapping
// table as the IGD lists it, and miniupnpd's lease file.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { IGD_URL } from "../lab/home-router.ts";
import { DEFAULT_RUN_DIR, exec, netnsOf } from "../lab/index.ts";
import { run } from "../lab/shell.ts";

export interface RouterSnapshot {
  labRouter: Record<string, string>;
  homeRouter: Record<string, string>;
}

async function out(box: "lab-router" | "home-router", argv: string[]): Promise<string> {
  const r = await exec(box, argv, { timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`${argv.join(" ")} in ${box} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** Names of the processes running in a namespace, sorted (pids change; names must not). */
async function processNames(netns: string, only: RegExp): Promise<string> {
  const r = await run(["ip", "netns", "pids", netns]);
  const names: string[] = [];
  for (const pid of r.stdout.split(/\s+/).filter(Boolean)) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      if (only.test(comm)) names.push(comm);
    } catch {
      // exited meanwhile
    }
  }
  return names.sort().join("\n");
}

/** Every file under `dir` with its content ("absent" when the directory does not exist). */
function tree(dir: string): string {
  if (!existsSync(dir)) return "absent";
  const lines: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        lines.push(`${path}/`);
        walk(path);
      } else lines.push(`${path}:\n${readFileSync(path, "utf8")}`);
    }
  };
  walk(dir);
  return lines.join("\n");
}

const leaseFile = () => join(DEFAULT_RUN_DIR, "home-router", "upnp.leases");

/**
 * The UPnP mappings miniupnpd holds, from its lease file (`UDP:5060:192.168.1.2:5060:<expiry>:pibx:
 * SIP over UDP`, one a line; the file goes when the last mapping does), as `proto port->client:port
 * description`, sorted. `upnpc -l` would ask for them one by one: ≈90 s for the lab's 202.
 */
export function upnpMappings(): string[] {
  if (!existsSync(leaseFile())) return [];
  return readFileSync(leaseFile(), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [proto, port, client, internalPort, , ...description] = l.split(":");
      return `${proto} ${port}->${client}:${internalPort} ${description.join(":")}`;
    })
    .sort();
}

/** The DNAT rules miniupnpd added to the home router (its own nftables chain). */
export async function upnpDnatRules(): Promise<string[]> {
  const chain = await out("home-router", [
    "nft",
    "list",
    "chain",
    "inet",
    "pibx-nat",
    "prerouting_miniupnpd",
  ]);
  return chain.split("\n").filter((l) => / dnat /.test(l));
}

/** `pibxDirs`: the directories the lab router's pibx files live in (LinuxPaths). */
export async function snapshotLabRouter(pibxDirs: string[]): Promise<Record<string, string>> {
  return {
    nft: await out("lab-router", ["nft", "list", "ruleset"]),
    qdiscs: await out("lab-router", ["tc", "qdisc", "show"]),
    classes: await out("lab-router", ["tc", "class", "show", "dev", "eth0"]),
    addresses: await out("lab-router", ["ip", "-4", "-o", "addr", "show"]),
    routes: await out("lab-router", ["ip", "-4", "route", "show"]),
    ipForward: await out("lab-router", ["cat", "/proc/sys/net/ipv4/ip_forward"]),
    dnsmasq: await processNames(netnsOf("lab-router"), /^dnsmasq$/),
    files: pibxDirs.map(tree).join("\n"),
  };
}

/** The home router; its IGD listing asks entry by entry: take it while it holds few mappings. */
export async function snapshotHomeRouter(): Promise<Record<string, string>> {
  return {
    nft: await out("home-router", ["nft", "list", "ruleset"]),
    listing: (await out("lab-router", ["upnpc", "-u", IGD_URL, "-l"]))
      .split("\n")
      .filter((l) => /^\s*\d+\s+(UDP|TCP)\s/.test(l))
      .join("\n"),
    leases: upnpMappings().join("\n"),
  };
}

export async function snapshotRouters(pibxDirs: string[]): Promise<RouterSnapshot> {
  return { labRouter: await snapshotLabRouter(pibxDirs), homeRouter: await snapshotHomeRouter() };
}
