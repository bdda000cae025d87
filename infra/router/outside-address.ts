// The lab router's address on its outside interface, as the router itself reports it: the static
// one lab.yaml declares once converged, or the lease its DHCP client holds. The home router's
// forwards point there, so the LabRouter resource reads it after each convergence and at each
// preview (a new lease then shows as a change).
import type { RouterIntent, RouterInterface } from "./router-intent.ts";

export function outsideInterfaceOf(intent: RouterIntent): RouterInterface | undefined {
  return intent.interfaces.find((i) => i.role === "outside");
}

/** An interface's first global IPv4 address among the links a router lists. */
export function addressOn(
  links: readonly { name: string; inet: readonly { address: string }[] }[],
  device: string,
): string | undefined {
  return links.find((l) => l.name === device)?.inet[0]?.address;
}

export interface AddressWait {
  /** Longest wait for an address (0: read once). A DHCP client needs a few seconds after `up`. */
  timeoutMs: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** How long a DHCP outside interface is given to obtain its lease after convergence. */
export const DHCP_LEASE_WAIT: AddressWait = { timeoutMs: 60_000, intervalMs: 2000 };

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reads until an address appears or the wait is over; undefined when none came. */
export async function waitForAddress(
  read: () => Promise<string | undefined>,
  wait: AddressWait,
): Promise<string | undefined> {
  const sleep = wait.sleep ?? realSleep;
  const now = wait.now ?? Date.now;
  const deadline = now() + wait.timeoutMs;
  for (;;) {
    const address = await read();
    if (address !== undefined || now() >= deadline) return address;
    await sleep(wait.intervalMs);
  }
}
