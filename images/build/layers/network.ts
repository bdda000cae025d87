// Layer 3, the network: host name, time zone, the LAN link (systemd-networkd, static or DHCP),
// DNS (systemd-resolved), time (systemd-timesyncd) and the nftables firewall with the DSCP marks.
import { renderNftables } from "../../firewall.ts";
import type { ImageRecipe } from "../../recipe.ts";
import { file, symlink, type TreeEdit } from "../tree-edit.ts";
import type { Layer } from "./layer.ts";

export function renderNetworkdLan(r: ImageRecipe): string {
  const head = [
    "# pibx: the Pi's wired LAN port (eth0 with net.ifnames=0).",
    "[Match]",
    "Type=ether",
    "Name=eth* en*",
    "",
    "[Network]",
  ];
  if (r.network.mode === "dhcp") {
    // A MAC-based client id, so the lab router's DHCP reservation for the Pi keeps working.
    return [
      ...head,
      "DHCP=yes",
      "IPv6AcceptRA=yes",
      "",
      "[DHCPv4]",
      "ClientIdentifier=mac",
      "UseDomains=yes",
      "",
    ].join("\n");
  }
  return [
    ...head,
    `Address=${r.network.address}`,
    `Gateway=${r.network.gateway}`,
    ...r.network.dns.map((d) => `DNS=${d}`),
    "IPv6AcceptRA=yes",
    "",
  ].join("\n");
}

export function renderTimesyncd(r: ImageRecipe): string | undefined {
  if (r.ntpServers.length === 0) return undefined;
  return ["[Time]", `NTP=${r.ntpServers.join(" ")}`, ""].join("\n");
}

export const networkLayer: Layer = {
  name: "network",
  edits({ recipe: r }) {
    const edits: TreeEdit[] = [
      file("/etc/hostname", `${r.hostname}\n`),
      file(
        "/etc/hosts",
        `127.0.0.1\tlocalhost\n127.0.1.1\t${r.hostname}\n::1\t\tlocalhost ip6-localhost ip6-loopback\n`,
      ),
      symlink("/etc/localtime", `../usr/share/zoneinfo/${r.timezone}`),
      file("/etc/timezone", `${r.timezone}\n`),
      file("/etc/systemd/network/10-lan.network", renderNetworkdLan(r)),
      file("/etc/nftables.conf", renderNftables(r), 0o755),
    ];
    const ntp = renderTimesyncd(r);
    if (ntp) edits.push(file("/etc/systemd/timesyncd.conf.d/pibx.conf", ntp));
    // The TFTP conntrack helper must be loaded before nftables.service refers to it, or the whole
    // ruleset fails to load and the Pi would run with no firewall.
    if (r.ports.tftp) edits.push(file("/etc/modules-load.d/pibx-tftp.conf", "nf_conntrack_tftp\n"));
    return edits;
  },
};
