// The lab router: a plain Linux box (sshd, ip_forward on; nftables, dnsmasq and tc installed but
// left unconfigured) that pibx's Linux router backend converges.
//
// TEST SCAFFOLDING: configureLabRouterByHand() and startDhcpServer() stand in for that backend so
// the lab's own tests can run before it exists. Nothing else should call them; delete them once
// the router backend converges the lab router.
import { join } from "node:path";
import { type DaemonRecord, startDaemonAndWait, stopDaemon } from "./daemon.ts";
import { boxDir, currentSettings } from "./run-dir.ts";
import { must } from "./shell.ts";
import { addressOf, interfaceOf, netnsOf } from "./topology.ts";

export const SCAFFOLD_TABLE = "pibx-lab-scaffold";

/** SCAFFOLDING: masquerade the lab LAN out of 192.168.1.2 and forward SIP (5060 udp/tcp) to the pi. */
export async function configureLabRouterByHand(): Promise<void> {
  const wan = interfaceOf("lab-router", "home-lan");
  const pi = addressOf("pi");
  const ruleset = `
table ip ${SCAFFOLD_TABLE}
delete table ip ${SCAFFOLD_TABLE}
table ip ${SCAFFOLD_TABLE} {
  chain prerouting {
    type nat hook prerouting priority -100; policy accept;
    iifname "${wan}" meta l4proto { tcp, udp } th dport 5060 dnat to ${pi}
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    oifname "${wan}" ip saddr 172.16.0.0/24 masquerade
  }
}
`;
  await must(["ip", "netns", "exec", netnsOf("lab-router"), "nft", "-f", "-"], { input: ruleset });
}

export interface DhcpServerOptions {
  /** Option 66, TFTP server name. */
  readonly tftpServer?: string;
  /** Option 150, Cisco TFTP server address(es). */
  readonly ciscoTftp?: readonly string[];
  /** Option 160, provisioning URL. */
  readonly provisioningUrl?: string;
}

/** SCAFFOLDING: dnsmasq on the lab LAN, DHCP only, with options 66/150/160. */
export async function startDhcpServer(opts: DhcpServerOptions = {}): Promise<DaemonRecord> {
  const { runDir } = currentSettings();
  const dir = boxDir(runDir, "lab-router");
  const pi = addressOf("pi");
  const tftp = opts.tftpServer ?? pi;
  const cisco = opts.ciscoTftp ?? [pi];
  const url = opts.provisioningUrl ?? `http://${pi}/provisioning/$MA.xml`;
  await stopDaemon(runDir, "lab-router", "dnsmasq");
  return startDaemonAndWait(runDir, {
    box: "lab-router",
    name: "dnsmasq",
    argv: [
      "dnsmasq",
      "--keep-in-foreground",
      "--log-facility=-",
      "--log-dhcp",
      // No /etc/dnsmasq.conf, no DNS, nothing outside the run directory.
      "--conf-file=/dev/null",
      "--port=0",
      `--interface=${interfaceOf("lab-router", "lab-lan")}`,
      "--bind-interfaces",
      `--pid-file=${join(dir, "dnsmasq.pid")}`,
      `--dhcp-leasefile=${join(dir, "dnsmasq.leases")}`,
      "--dhcp-range=172.16.0.100,172.16.0.199,255.255.255.0,1h",
      "--dhcp-authoritative",
      // No quotes: without a shell they would reach the phone. 66 is a known string option; 160 is
      // unknown to dnsmasq but a URL does not look like an address, so it goes out as a string.
      `--dhcp-option=option:tftp-server,${tftp}`,
      `--dhcp-option=150,${cisco.join(",")}`,
      `--dhcp-option=160,${url}`,
    ],
    listens: [{ proto: "udp", port: 67 }],
  });
}
