// The desk phone's DHCP client: dhclient in the desk-phone namespace with its own config (asking for
// options 66, 150 and 160) and its own script, which configures the interface and records the lease
// and those options in dhcp-lease.json for the tests to read.
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DaemonRecord, startDaemon } from "./daemon.ts";
import { boxDir, currentSettings } from "./run-dir.ts";
import { sleep } from "./sleep.ts";
import { interfaceOf } from "./topology.ts";

export interface DhcpLease {
  readonly reason: string;
  readonly address: string;
  readonly netmask: string;
  readonly router?: string;
  /** Option 66. */
  readonly tftpServerName?: string;
  /** Option 150 (Cisco), addresses. */
  readonly ciscoTftp?: readonly string[];
  /** Option 160, the provisioning URL. */
  readonly provisioningUrl?: string;
}

const dhclientConf = `# Retry quickly and forever: the DHCP server may start long after the phone.
timeout 3600;
retry 2;
initial-interval 1;
backoff-cutoff 2;
option cisco-tftp code 150 = array of ip-address;
option provisioning-url code 160 = text;
request subnet-mask, routers, tftp-server-name, cisco-tftp, provisioning-url;
`;

// dhclient runs this instead of dhclient-script; it only needs to handle IPv4 on one interface.
const script = (leaseJson: string): string => `#!/bin/sh
# dhclient hands text options over shell-escaped (e.g. \\$MA): undo that, then quote as JSON.
json() {
  printf '%s' "$1" | sed -e 's/\\\\\\(.\\)/\\1/g' -e 's/\\\\/\\\\\\\\/g' -e 's/"/\\\\"/g' -e 's/^/"/' -e 's/$/"/'
}
case "$reason" in
  PREINIT) ip link set dev "$interface" up ;;
  BOUND|RENEW|REBIND|REBOOT)
    if [ -n "$old_ip_address" ] && [ "$old_ip_address" != "$new_ip_address" ]; then
      ip -4 addr flush dev "$interface"
    fi
    prefix=$(echo "$new_subnet_mask" | awk -F. '{n=0; for(i=1;i<=4;i++){x=$i; while(x){n+=x%2; x=int(x/2)}} print n}')
    ip addr replace "$new_ip_address/$prefix" dev "$interface"
    for r in $new_routers; do ip route replace default via "$r" dev "$interface"; break; done
    tmp="${leaseJson}.tmp"
    {
      printf '{"reason":%s,"address":%s,"netmask":%s' "$(json "$reason")" "$(json "$new_ip_address")" "$(json "$new_subnet_mask")"
      [ -n "$new_routers" ] && printf ',"router":%s' "$(json "\${new_routers%% *}")"
      [ -n "$new_tftp_server_name" ] && printf ',"tftpServerName":%s' "$(json "$new_tftp_server_name")"
      [ -n "$new_cisco_tftp" ] && printf ',"ciscoTftp":[%s]' "$(for a in $(echo "$new_cisco_tftp" | tr ',' ' '); do json "$a"; printf ','; done | sed 's/,$//')"
      [ -n "$new_provisioning_url" ] && printf ',"provisioningUrl":%s' "$(json "$new_provisioning_url")"
      printf '}\\n'
    } > "$tmp" && mv "$tmp" "${leaseJson}"
    ;;
  EXPIRE|FAIL|RELEASE|STOP)
    ip -4 addr flush dev "$interface"
    rm -f "${leaseJson}"
    ;;
esac
exit 0
`;

export function leasePath(runDir: string): string {
  return join(boxDir(runDir, "desk-phone"), "dhcp-lease.json");
}

export function startDhcpClient(runDir: string): DaemonRecord {
  const dir = boxDir(runDir, "desk-phone");
  const conf = join(dir, "dhclient.conf");
  const scriptPath = join(dir, "dhclient-script");
  writeFileSync(conf, dhclientConf);
  writeFileSync(scriptPath, script(leasePath(runDir)));
  chmodSync(scriptPath, 0o755);
  return startDaemon(runDir, {
    box: "desk-phone",
    name: "dhclient",
    argv: [
      "dhclient",
      "-4",
      "-d",
      "-v",
      "-cf",
      conf,
      "-sf",
      scriptPath,
      "-lf",
      join(dir, "dhclient.leases"),
      "-pf",
      join(dir, "dhclient.pid"),
      interfaceOf("desk-phone", "lab-lan"),
    ],
  });
}

/** The desk phone's current lease, if it has one. */
export function readDhcpLease(runDir?: string): DhcpLease | undefined {
  const path = leasePath(runDir ?? currentSettings().runDir);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as DhcpLease;
}

export async function waitForDhcpLease(timeoutMs: number, runDir?: string): Promise<DhcpLease | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lease = readDhcpLease(runDir);
    if (lease || Date.now() >= deadline) return lease;
    await sleep(200);
  }
}
