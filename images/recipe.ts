// The ImageRecipe: everything that decides the bytes of a pibx Raspberry Pi image, as plain data.
// `imageRecipe(lab, bundle)` derives it from the lab; the builder never reads the lab itself.
import type { Lab } from "../schemas/generated/lab.ts";
import { BASE_PACKAGES, PACKAGE_LOCK } from "./base-packages.ts";
import { dscpCodePoint } from "./dscp.ts";
import { RecipeError } from "./errors.ts";
import { canonicalJson, sha256Hex } from "./recipe-hash.ts";

export type Board = "pi3" | "pi4" | "pi5";

export interface StaticNetwork {
  readonly mode: "static";
  /** Address with prefix length, e.g. `172.16.0.10/24`. */
  readonly address: string;
  readonly gateway: string;
  readonly dns: readonly string[];
}

export interface DhcpNetwork {
  readonly mode: "dhcp";
}

export type NetworkConfig = StaticNetwork | DhcpNetwork;

/** The appliance bundle baked in at /opt/pibx/appliance.mjs. */
export interface ApplianceBundleRef {
  /** Where the bundle is on the build host (not part of the recipe hash). */
  readonly path: string;
  readonly sha256: string;
  /** pibx version the bundle was built from. */
  readonly version: string;
}

export interface ImageRecipe {
  readonly format: 1;
  readonly board: Board;
  readonly hostname: string;
  /** IANA time zone for /etc/localtime. */
  readonly timezone: string;
  readonly admin: {
    readonly user: string;
    readonly authorizedKeys: readonly string[];
    readonly sshPort: number;
  };
  readonly network: NetworkConfig;
  /** NTP servers for systemd-timesyncd; empty means Debian's pool. */
  readonly ntpServers: readonly string[];
  readonly ports: {
    readonly sipUdp?: number;
    readonly sipTcp?: number;
    readonly sipTls?: number;
    readonly rtpMin: number;
    readonly rtpMax: number;
    readonly provisioningHttp: number;
    readonly tftp: boolean;
    readonly adminApi: number;
  };
  /** DSCP code points (0–63) set on the appliance's outgoing packets by the firewall. */
  readonly dscp: { readonly sip: number; readonly rtp: number };
  /** Source networks allowed to reach the LAN-only services (SSH, provisioning, admin API, TFTP). */
  readonly lanSources: readonly string[];
  readonly distribution: {
    readonly suite: string;
    readonly arch: "arm64";
    readonly mirror: string;
    readonly components: readonly string[];
  };
  readonly packages: {
    /** Asked for by name. */
    readonly include: readonly string[];
    /** Every installed package pinned to a version; empty means resolve now and record. */
    readonly pinned: Readonly<Record<string, string>>;
  };
  readonly appliance: ApplianceBundleRef;
  readonly disk: { readonly sizeMiB: number; readonly bootMiB: number };
  /** Every timestamp in the image; also exported to the package scripts. */
  readonly sourceDateEpoch: number;
  /** sha256 of the canonical recipe without `hash` and `appliance.path`. */
  readonly hash: string;
}

export type RecipeDraft = Omit<ImageRecipe, "hash">;

/** The networks the LAN-only services accept: private ranges (RFC 1918, RFC 4193, link-local). */
export const PRIVATE_SOURCES: readonly string[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "fc00::/7",
  "fe80::/10",
];

export const DEFAULT_MIRROR = "http://deb.debian.org/debian";
const BOOT_MIB = 256;

export function recipeHash(draft: RecipeDraft | ImageRecipe): string {
  const { path: _path, ...bundle } = draft.appliance;
  const { hash: _hash, ...rest } = draft as ImageRecipe;
  return sha256Hex(canonicalJson({ ...rest, appliance: bundle }));
}

/** Validates a draft and seals it with its hash. */
export function finishRecipe(draft: RecipeDraft): ImageRecipe {
  validateRecipe(draft);
  return { ...draft, hash: recipeHash(draft) };
}

const HOSTNAME_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const USER_RE = /^[a-z_][a-z0-9_-]{0,31}$/;
const KEY_RE =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( [^\n\r]*)?$/;
const PACKAGE_RE = /^[a-z0-9][a-z0-9+.-]+$/;

function port(path: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new RecipeError(path, `port ${value} out of range`);
}

export function validateRecipe(r: RecipeDraft): void {
  if (!["pi3", "pi4", "pi5"].includes(r.board)) throw new RecipeError("board", `unknown board "${r.board}"`);
  if (!HOSTNAME_RE.test(r.hostname))
    throw new RecipeError("hostname", `"${r.hostname}" is not a host name label`);
  if (!USER_RE.test(r.admin.user) || r.admin.user === "root") {
    throw new RecipeError("admin.user", `"${r.admin.user}" is not a valid login name (root is not allowed)`);
  }
  if (r.admin.authorizedKeys.length === 0)
    throw new RecipeError("admin.authorizedKeys", "at least one key is needed");
  r.admin.authorizedKeys.forEach((k, i) => {
    if (!KEY_RE.test(k))
      throw new RecipeError(`admin.authorizedKeys[${i}]`, "not an OpenSSH public key line");
  });
  port("admin.sshPort", r.admin.sshPort);
  for (const [k, v] of Object.entries(r.ports)) if (typeof v === "number") port(`ports.${k}`, v);
  if (r.ports.rtpMin > r.ports.rtpMax) throw new RecipeError("ports.rtpMin", "RTP range is empty");
  dscpCodePoint(r.dscp.sip, "dscp.sip");
  dscpCodePoint(r.dscp.rtp, "dscp.rtp");
  if (!/^[0-9a-f]{64}$/.test(r.appliance.sha256))
    throw new RecipeError("appliance.sha256", "not a sha256 hex digest");
  for (const p of r.packages.include) {
    if (!PACKAGE_RE.test(p)) throw new RecipeError("packages.include", `"${p}" is not a Debian package name`);
  }
  if (r.disk.bootMiB < 64) throw new RecipeError("disk.bootMiB", "the boot partition needs at least 64 MiB");
  if (r.disk.sizeMiB < r.disk.bootMiB + 1024)
    throw new RecipeError("disk.sizeMiB", "the image needs at least 1 GiB of root");
  if (!Number.isInteger(r.sourceDateEpoch) || r.sourceDateEpoch < 0) {
    throw new RecipeError("sourceDateEpoch", "must be a non-negative integer");
  }
  if (r.network.mode === "static") {
    if (!/^[0-9.]+\/\d{1,2}$/.test(r.network.address))
      throw new RecipeError("network.address", "expected a.b.c.d/len");
    if (r.network.dns.length === 0)
      throw new RecipeError("network.dns", "a static network needs a DNS server");
  }
}

/** Derives the image recipe from a loaded lab and the appliance bundle to bake in. */
export function imageRecipe(lab: Lab, bundle: ApplianceBundleRef): ImageRecipe {
  const a = lab.appliance;
  const network: NetworkConfig =
    "dhcp" in a.lan
      ? { mode: "dhcp" }
      : { mode: "static", address: a.lan.address, gateway: a.lan.gateway, dns: a.lan.dns };
  const extra = [...a.image.extraPackages].sort();
  return finishRecipe({
    format: 1,
    board: a.board,
    hostname: a.hostname,
    timezone: lab.site.timezone,
    admin: { user: a.ssh.user, authorizedKeys: [...a.ssh.authorizedKeys], sshPort: a.ssh.port },
    network,
    ntpServers: [...a.image.ntpServers],
    ports: {
      sipUdp: a.sip.udp.enabled ? a.sip.udp.port : undefined,
      sipTcp: a.sip.tcp.enabled ? a.sip.tcp.port : undefined,
      sipTls: a.sip.tls.enabled ? a.sip.tls.port : undefined,
      rtpMin: a.rtp.min,
      rtpMax: a.rtp.max,
      provisioningHttp: a.provisioning.httpPort,
      tftp: a.provisioning.tftp,
      adminApi: a.admin.port,
    },
    dscp: {
      sip: dscpCodePoint(a.dscp.sip, "appliance.dscp.sip"),
      rtp: dscpCodePoint(a.dscp.rtp, "appliance.dscp.rtp"),
    },
    lanSources: [...PRIVATE_SOURCES, ...a.security.allowlist.filter((n) => !PRIVATE_SOURCES.includes(n))],
    distribution: defaultDistribution(),
    packages: {
      include: [...BASE_PACKAGES, ...extra.filter((p) => !BASE_PACKAGES.includes(p))],
      pinned: PACKAGE_LOCK.packages,
    },
    appliance: bundle,
    disk: { sizeMiB: Math.round(a.image.sizeGiB * 1024), bootMiB: BOOT_MIB },
    sourceDateEpoch: PACKAGE_LOCK.sourceDateEpoch,
  });
}

export function defaultDistribution(): ImageRecipe["distribution"] {
  return {
    suite: PACKAGE_LOCK.suite,
    arch: "arm64",
    mirror: DEFAULT_MIRROR,
    components: ["main", "non-free-firmware"],
  };
}
