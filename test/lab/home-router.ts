// The home router: the consumer ISP box. nftables NAT (masquerade out 203.0.113.2 for the home LAN
// and the lab behind it, stateful forward filter) and miniupnpd offering UPnP IGD and NAT-PMP on the
// LAN side, allowed to map ports to the LAN. Config generated per run.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DaemonRecord, startDaemonAndWait } from "./daemon.ts";
import { STUN_PORT } from "./provider.ts";
import { boxDir } from "./run-dir.ts";
import { must } from "./shell.ts";
import { addressOf, interfaceOf, netnsOf } from "./topology.ts";

export const UPNP_HTTP_PORT = 5000;
export const IGD_URL = `http://${addressOf("home-router", "home-lan")}:${UPNP_HTTP_PORT}/rootDesc.xml`;
const FILTER_TABLE = "pibx-filter";
const NAT_TABLE = "pibx-nat";

/** The home router's nftables ruleset, with the empty chains miniupnpd fills in (pure). */
export function homeRouterRuleset(): string {
  const wan = interfaceOf("home-router", "wan");
  const lan = interfaceOf("home-router", "home-lan");
  return `
table inet ${FILTER_TABLE} {
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "${lan}" accept
    jump miniupnpd
  }
  chain miniupnpd {
  }
}
table inet ${NAT_TABLE} {
  chain prerouting {
    type nat hook prerouting priority -100; policy accept;
    jump prerouting_miniupnpd
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    jump postrouting_miniupnpd
    oifname "${wan}" ip saddr { 192.168.1.0/24, 172.16.0.0/24 } masquerade
  }
  chain prerouting_miniupnpd {
  }
  chain postrouting_miniupnpd {
  }
}
`;
}

export function miniupnpdConfig(dir: string): string {
  return `ext_ifname=${interfaceOf("home-router", "wan")}
listening_ip=${interfaceOf("home-router", "home-lan")}
http_port=${UPNP_HTTP_PORT}
enable_upnp=yes
enable_natpmp=yes
# Any LAN host may map ports to any LAN address (the lab router maps to itself).
secure_mode=no
system_uptime=yes
notify_interval=60
clean_ruleset_interval=600
uuid=${randomUUID()}
lease_file=${join(dir, "upnp.leases")}
upnp_table_name=${FILTER_TABLE}
upnp_nat_table_name=${NAT_TABLE}
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
# 203.0.113.2 is a documentation address, which miniupnpd treats as private unless STUN proves
# that the outside sees it unchanged: the provider box runs a STUN server for that.
ext_perform_stun=yes
ext_stun_host=${addressOf("provider")}
ext_stun_port=${STUN_PORT}
allow 1024-65535 192.168.1.0/24 1024-65535
allow 1024-65535 172.16.0.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
`;
}

export async function startHomeRouter(runDir: string): Promise<DaemonRecord> {
  const dir = boxDir(runDir, "home-router");
  await must(["ip", "netns", "exec", netnsOf("home-router"), "nft", "-f", "-"], {
    input: homeRouterRuleset(),
  });
  const conf = join(dir, "miniupnpd.conf");
  writeFileSync(conf, miniupnpdConfig(dir));
  writeFileSync(join(dir, "upnp.leases"), "");
  return startDaemonAndWait(runDir, {
    box: "home-router",
    name: "miniupnpd",
    // -d: foreground with debug output to the log.
    argv: ["miniupnpd", "-d", "-f", conf, "-P", join(dir, "miniupnpd.pid")],
    listens: [{ proto: "tcp", port: UPNP_HTTP_PORT }],
    // The IGD answers a status query from the home LAN.
    probe: { box: "lab-router", argv: ["upnpc", "-u", IGD_URL, "-s"] },
  });
}
