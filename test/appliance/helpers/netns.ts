// A throwaway network namespace joined to the host by a veth pair, for tests that need a
// distinct source address (a scanner's). Named `pxt-*`, not `pibx-*`: the virtual lab's teardown
// removes every `pibx-*` namespace, including ones another test is using. remove() is
// idempotent and deleting the namespace removes the veth pair with it.
import { execFileSync } from "node:child_process";

export interface TestNetns {
  readonly name: string;
  /** The host side's address (bind the appliance here). */
  readonly hostAddress: string;
  /** The namespace side's address (the scanner's source). */
  readonly nsAddress: string;
  /** argv prefix to run a command inside the namespace. */
  exec(argv: readonly string[]): string[];
  remove(): void;
}

function ip(args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

export function createTestNetns(tag: string, subnet: number): TestNetns {
  const name = `pxt-${tag}-${process.pid}`.slice(0, 30);
  const short = `${tag.slice(0, 4)}${process.pid % 100000}`;
  const hostIf = `px${short}h`.slice(0, 15);
  const nsIf = `px${short}n`.slice(0, 15);
  const hostAddress = `10.231.${subnet}.1`;
  const nsAddress = `10.231.${subnet}.2`;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    try {
      ip(["netns", "del", name]);
    } catch {
      // already gone
    }
    try {
      ip(["link", "del", hostIf]);
    } catch {
      // removed with the namespace
    }
  };
  try {
    ip(["netns", "add", name]);
    ip(["link", "add", hostIf, "type", "veth", "peer", "name", nsIf]);
    ip(["link", "set", nsIf, "netns", name]);
    ip(["addr", "add", `${hostAddress}/24`, "dev", hostIf]);
    ip(["link", "set", hostIf, "up"]);
    ip(["-n", name, "addr", "add", `${nsAddress}/24`, "dev", nsIf]);
    ip(["-n", name, "link", "set", nsIf, "up"]);
    ip(["-n", name, "link", "set", "lo", "up"]);
  } catch (err) {
    remove();
    throw err;
  }
  return {
    name,
    hostAddress,
    nsAddress,
    exec: (argv) => ["ip", "netns", "exec", name, ...argv],
    remove,
  };
}
