// Creating the lab's namespaces, bridges, veths, addresses and routes (the wiring of topology.ts).
// Every link is created directly inside namespaces (`ip link add … netns …`), so nothing ever
// appears in the host's namespace and no box has a path to the host's interfaces.
import { must } from "./shell.ts";
import { allNamespaces, boxes, segments } from "./topology.ts";

async function batch(netns: string, lines: readonly string[]): Promise<void> {
  if (lines.length > 0) await must(["ip", "-n", netns, "-batch", "-"], { input: `${lines.join("\n")}\n` });
}

async function sysctl(netns: string, settings: Record<string, string>): Promise<void> {
  const args = Object.entries(settings).map(([k, v]) => `${k}=${v}`);
  await must(["ip", "netns", "exec", netns, "sysctl", "-q", "-w", ...args]);
}

export async function createNetwork(): Promise<void> {
  for (const ns of allNamespaces) await must(["ip", "netns", "add", ns]);
  const forwarding = new Set([
    ...segments.map((s) => s.netns),
    ...boxes.filter((b) => b.forwarding).map((b) => b.netns),
  ]);
  await Promise.all(
    allNamespaces.map((ns) =>
      sysctl(ns, {
        // The lab is IPv4-only (as LAB.md draws it); IPv6 would only add router solicitations and DAD noise.
        "net.ipv6.conf.all.disable_ipv6": "1",
        "net.ipv6.conf.default.disable_ipv6": "1",
        "net.ipv4.ip_forward": forwarding.has(ns) ? "1" : "0",
      }),
    ),
  );

  await Promise.all(
    segments.map((s) =>
      batch(s.netns, [
        "link set lo up",
        `link add ${s.bridge} type bridge`,
        // No STP and no forwarding delay: ports forward at once.
        `link set ${s.bridge} type bridge stp_state 0 forward_delay 0`,
        ...s.addresses.map((a) => `addr add ${a} dev ${s.bridge}`),
        `link set ${s.bridge} up`,
      ]),
    ),
  );

  for (const b of boxes) {
    for (const i of b.interfaces) {
      const segment = segments.find((s) => s.name === i.segment)!;
      await must([
        "ip",
        "link",
        "add",
        "name",
        i.name,
        "netns",
        b.netns,
        "type",
        "veth",
        "peer",
        "name",
        i.switchPort,
        "netns",
        segment.netns,
      ]);
    }
  }

  await Promise.all(
    segments.map((s) =>
      batch(
        s.netns,
        boxes
          .flatMap((b) => b.interfaces)
          .filter((i) => i.segment === s.name)
          .map((i) => `link set ${i.switchPort} master ${s.bridge} up`),
      ),
    ),
  );

  await Promise.all(
    boxes.map((b) =>
      batch(b.netns, [
        "link set lo up",
        ...b.interfaces.flatMap((i) => [
          ...(i.address ? [`addr add ${i.address} dev ${i.name}`] : []),
          `link set ${i.name} up`,
        ]),
        ...b.routes.map((r) => `route add ${r.to} via ${r.via}`),
      ]),
    ),
  );
}
