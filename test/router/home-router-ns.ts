// A consumer home router in a `pibxr-*` namespace: nftables NAT with the chains miniupnpd fills,
// and a real miniupnpd (UPnP IGD) on its LAN side in secure mode (a host may only map to itself).
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { inNs, must, run } from "./netns.ts";

export const UPNP_PORT = 5000;

export function homeRuleset(wan: string, lan: string): string {
  return `table inet pibxr_filter {
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "${lan}" accept
    jump miniupnpd
  }
  chain miniupnpd {
  }
}
table inet pibxr_nat {
  chain prerouting {
    type nat hook prerouting priority -100; policy accept;
    jump prerouting_miniupnpd
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    jump postrouting_miniupnpd
    oifname "${wan}" ip saddr 192.168.1.0/24 masquerade
  }
  chain prerouting_miniupnpd {
  }
  chain postrouting_miniupnpd {
  }
}
`;
}

/** A child process, stopped by `stop()` (SIGTERM, awaited). */
function stopper(child: ChildProcess) {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await new Promise((r) => child.once("exit", r));
    }
  };
}

/**
 * The lab's STUN server (test/lab/stun-server.ts) in the internet namespace: miniupnpd refuses a
 * documentation address as its external one unless STUN shows the outside sees it unchanged.
 */
export async function startStunServer(ns: string, address: string, port = 3478) {
  const server = new URL("../lab/stun-server.ts", import.meta.url).pathname;
  const child = spawn(
    "ip",
    ["netns", "exec", ns, process.execPath, "--import", "tsx", server, address, String(port)],
    {
      stdio: "ignore",
      cwd: new URL("../..", import.meta.url).pathname,
    },
  );
  for (let i = 0; i < 100; i++) {
    const r = await run(inNs(ns, ["ss", "-Huln", `sport = :${port}`]));
    if (r.stdout.includes(`:${port}`)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stop: stopper(child) };
}

export async function startHomeRouter(ns: string, dir: string, wan: string, lan: string, stunHost: string) {
  await must(inNs(ns, ["nft", "-f", "-"]), homeRuleset(wan, lan));
  await must(inNs(ns, ["sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"]));
  const conf = join(dir, "miniupnpd.conf");
  writeFileSync(join(dir, "upnp.leases"), "");
  writeFileSync(
    conf,
    `ext_ifname=${wan}
ext_perform_stun=yes
ext_stun_host=${stunHost}
ext_stun_port=3478
listening_ip=${lan}
http_port=${UPNP_PORT}
enable_upnp=yes
enable_natpmp=no
secure_mode=yes
system_uptime=yes
uuid=3d3cec3a-8cf0-11e0-98ee-001a6bd2d07b
lease_file=${join(dir, "upnp.leases")}
upnp_table_name=pibxr_filter
upnp_nat_table_name=pibxr_nat
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
allow 1024-65535 192.168.1.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
`,
  );
  const child: ChildProcess = spawn(
    "ip",
    ["netns", "exec", ns, "miniupnpd", "-d", "-f", conf, "-P", join(dir, "miniupnpd.pid")],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let log = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    log += d;
  });
  for (let i = 0; i < 50; i++) {
    const r = await run(inNs(ns, ["ss", "-Htln", `sport = :${UPNP_PORT}`]));
    if (r.stdout.includes(`:${UPNP_PORT}`)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    log: () => log,
    stop: stopper(child),
  };
}
