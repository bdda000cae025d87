// `show ip interface brief`: each interface's address as IOS holds it now — for `ip address dhcp`,
// the lease (`unassigned` until one is bound). Pure parser; the reading takes an open IosShell.
//
//   Interface                  IP-Address      OK? Method Status                Protocol
//   FastEthernet0/0            192.168.1.57    YES DHCP   up                    up
//   FastEthernet0/1            172.16.0.1      YES NVRAM  up                    up
import { IosCommandError } from "../router-errors.ts";
import { iosErrorIn } from "./ios-output.ts";
import type { IosShell } from "./ios-shell.ts";

export interface IosInterfaceAddress {
  name: string;
  /** Absent while `unassigned`. */
  address?: string;
  /** How it was set: `NVRAM`, `manual`, `DHCP`, `unset`… */
  method: string;
}

const ROW = /^(\S+)\s+(\d{1,3}(?:\.\d{1,3}){3}|unassigned)\s+(?:YES|NO)\s+(\S+)\s/;

export function parseIpInterfaceBrief(output: string): IosInterfaceAddress[] {
  const rows: IosInterfaceAddress[] = [];
  for (const line of output.split("\n")) {
    const m = ROW.exec(line);
    if (!m) continue;
    rows.push({ name: m[1]!, method: m[3]!, ...(m[2] !== "unassigned" ? { address: m[2]! } : {}) });
  }
  return rows;
}

export async function readInterfaceAddresses(shell: IosShell): Promise<IosInterfaceAddress[]> {
  const out = await shell.exec("show ip interface brief");
  const error = iosErrorIn(out);
  if (error) throw new IosCommandError("show ip interface brief", 0, out, error);
  return parseIpInterfaceBrief(out);
}
