// What the base system installs on top of Debian's essential set, and the lock that pins every
// installed package to one version so a rebuild resolves the same set wherever and whenever it runs.
import lock from "./packages/trixie-arm64.json" with { type: "json" };

/** The packages the image asks for by name (their dependencies come along, pinned by the lock). */
export const BASE_PACKAGES: readonly string[] = [
  // init, devices, modules
  "systemd-sysv",
  "udev",
  "kmod",
  "dbus",
  "libnss-systemd", // resolves DynamicUser= accounts
  // kernel and Raspberry Pi boot firmware (Debian's own, not the Raspberry Pi OS fork)
  "linux-image-arm64",
  "raspi-firmware",
  "initramfs-tools",
  // network, time, firewall, remote access
  "systemd-resolved",
  "systemd-timesyncd",
  "iproute2",
  "nftables",
  "openssh-server",
  "ca-certificates",
  "sudo",
  // first boot grows the root partition and file system
  "fdisk",
  "e2fsprogs",
  "util-linux",
  // the appliance's runtime (trixie's Node 20)
  "nodejs",
  "tzdata",
  "procps",
  // IVR and voicemail prompts are spoken and converted when a config is applied
  "espeak-ng",
  "sox",
];

export interface PackageLock {
  readonly suite: string;
  readonly arch: string;
  readonly sourceDateEpoch: number;
  /** Every installed package, name → exact Debian version. Empty: resolve and record. */
  readonly packages: Readonly<Record<string, string>>;
}

export const PACKAGE_LOCK: PackageLock = lock;

/** Parses `dpkg-query -W -f '${Package}\t${Version}\n'` output into name → version, sorted by name. */
export function parseDpkgList(text: string): Record<string, string> {
  const rows = text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.split("\t") as [string, string?]);
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, string> = {};
  for (const [name, version] of rows) if (version) out[name] = version;
  return out;
}

export interface LockDrift {
  /** Installed at another version than the lock pins. */
  readonly changed: readonly { name: string; locked: string; installed: string }[];
  /** Installed but not in the lock (the dependency set moved). */
  readonly added: readonly string[];
  /** In the lock but not installed. */
  readonly missing: readonly string[];
}

export function lockDrift(
  locked: Readonly<Record<string, string>>,
  installed: Readonly<Record<string, string>>,
): LockDrift {
  const changed = Object.entries(installed)
    .filter(([n, v]) => locked[n] !== undefined && locked[n] !== v)
    .map(([name, v]) => ({ name, locked: locked[name]!, installed: v }));
  const added = Object.keys(installed).filter((n) => locked[n] === undefined);
  const missing = Object.keys(locked).filter((n) => installed[n] === undefined);
  return { changed, added, missing };
}

/** apt preferences that pin every locked package to its version (priority > 1000 also allows downgrades). */
export function aptPins(packages: Readonly<Record<string, string>>): string {
  return Object.entries(packages)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, version]) => `Package: ${name}\nPin: version ${version}\nPin-Priority: 1001\n`)
    .join("\n");
}
