// A real dhclient in a test namespace asking for options 66/150/160; its script dumps the
// variables dhclient hands it, so the test reads what came over the wire.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface DhcpProbe {
  /** The BOUND lease's variables (`new_provisioning_url`, …), or undefined after `timeoutMs`. */
  lease(timeoutMs: number): Promise<Record<string, string> | undefined>;
  stop(): Promise<void>;
}

const CONF = `timeout 30;
retry 1;
initial-interval 1;
option cisco-tftp code 150 = array of ip-address;
option provisioning-url code 160 = text;
request subnet-mask, routers, domain-name-servers, tftp-server-name, cisco-tftp, provisioning-url;
`;

export function startDhcpProbe(ns: string, device: string, dir: string): DhcpProbe {
  const out = join(dir, "lease.env");
  const script = join(dir, "dhclient-dump");
  writeFileSync(join(dir, "dhclient.conf"), CONF);
  // Only records: the test needs the options, not a configured interface.
  writeFileSync(
    script,
    `#!/bin/sh\ncase "$reason" in BOUND|REBOOT) env | grep '^new_' > "${out}.tmp" && mv "${out}.tmp" "${out}" ;; esac\nexit 0\n`,
  );
  chmodSync(script, 0o755);
  const child: ChildProcess = spawn(
    "ip",
    [
      ...["netns", "exec", ns, "dhclient", "-4", "-d", "-1"],
      ...["-cf", join(dir, "dhclient.conf"), "-sf", script],
      ...["-lf", join(dir, "dhclient.leases"), "-pf", join(dir, "dhclient.pid"), device],
    ],
    { stdio: "ignore" },
  );
  return {
    async lease(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (existsSync(out)) {
          const vars: Record<string, string> = {};
          for (const line of readFileSync(out, "utf8").split("\n")) {
            const eq = line.indexOf("=");
            if (eq > 0) vars[line.slice(0, eq)] = line.slice(eq + 1);
          }
          return vars;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      return undefined;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill();
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
}
