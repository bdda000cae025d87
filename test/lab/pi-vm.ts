// `npm run lab` (default): the pi box holds a real Pi image booted under qemu-system-aarch64. The
// image is the lab's (images/: recipe from lab.yaml, cached by recipe hash), with one stable admin
// key of the virtual lab baked in (kept in the cache, so an unchanged lab reuses its image); each
// run boots a sparse copy with the seed config on its boot partition, as a user would flash a card
// and drop pibx-seed.json on it. In the pi's namespace a bridge joins the box's lab-LAN link and
// qemu's tap, so the guest itself is 172.16.0.10 on the lab LAN: same address, same firewall, same
// sshd as on a Pi.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { kernelCommandLine } from "../../images/boot-config.ts";
import { buildImage } from "../../images/build/build-image.ts";
import type { Progress } from "../../images/build/progress.ts";
import { partitionOffset } from "../../images/disk-layout.ts";
import { type ApplianceBundleRef, imageRecipe } from "../../images/recipe.ts";
import type { Lab } from "../../schemas/index.ts";
import { readBootFile, writeBootFile } from "../image/qemu.ts";
import { type DaemonRecord, isRunning, logTail, startDaemon, stopDaemon } from "./daemon.ts";
import { exec } from "./lab.ts";
import { LabError } from "./lab-error.ts";
import { boxDir } from "./run-dir.ts";
import { must } from "./shell.ts";
import { sleep } from "./sleep.ts";
import { type BoxName, interfaceOf, netnsOf } from "./topology.ts";

const BRIDGE = "pibx-pi-br";
const TAP = "pibx-pi-tap";
/** A locally administered MAC (QEMU's OUI) for the guest's LAN port. */
const GUEST_MAC = "52:54:00:ac:10:0a";

/** The virtual lab's admin key for its images: stable, so the recipe (and its cached image) is too. */
export function imageAdminKey(): { privateKey: string; publicKey: string } {
  const dir = join(process.env.PIBX_CACHE ?? join(homedir(), ".cache", "pibx"), "lab", "ssh");
  const privateKey = join(dir, "id_ed25519");
  if (!existsSync(privateKey)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync("ssh-keygen", [
      "-q",
      "-t",
      "ed25519",
      "-N",
      "",
      "-C",
      "pibx-virtual-lab-image",
      "-f",
      privateKey,
    ]);
  }
  return { privateKey, publicKey: readFileSync(`${privateKey}.pub`, "utf8").trim() };
}

/** The lab as the image sees it: the admin key of the virtual lab instead of the file's placeholder. */
export function labForImage(lab: Lab, publicKey: string): Lab {
  return {
    ...lab,
    appliance: { ...lab.appliance, ssh: { ...lab.appliance.ssh, authorizedKeys: [publicKey] } },
  };
}

export interface PiImage {
  readonly image: string;
  readonly sha256: string;
  readonly cached: boolean;
  readonly kernelCommandLine: string;
  readonly bootOffset: number;
}

/** Builds (or finds in the cache) the lab's image; the builder's progress goes to `logFile`. */
export async function buildLabImage(lab: Lab, bundle: ApplianceBundleRef, logFile: string): Promise<PiImage> {
  const recipe = imageRecipe(lab, bundle);
  const line = (t: string) => writeFileSync(logFile, `${t}\n`, { flag: "a" });
  const progress: Progress = {
    step: (name, detail) => line(`${name}${detail ? `: ${detail}` : ""}`),
    note: (t) => line(`  ${t}`),
    bytes: () => {},
    done: (t) => line(`  ${t}`),
  };
  const built = await buildImage(recipe, { compress: false, progress });
  const m = built.manifest;
  return {
    image: built.image,
    sha256: m.image.sha256,
    cached: built.cached,
    kernelCommandLine: kernelCommandLine(recipe.board, m.layout.root.partuuid, "ttyAMA0"),
    bootOffset: partitionOffset(m.layout.boot),
  };
}

const GATE = "pibx_pi_boot";

/**
 * Puts the guest on the lab LAN in place of the pi box's own address, with SSH to it closed except
 * from `probeFrom` until the appliance is ready (openSshGate): the appliance drops a SIGHUP that
 * arrives while it starts, so a config pushed then would never be confirmed.
 */
async function bridgeTap(runDir: string, guest: string, probeFrom: string): Promise<void> {
  const ns = netnsOf("pi");
  const link = interfaceOf("pi", "lab-lan");
  // The box's own sshd and address make way for the guest's.
  await stopDaemon(runDir, "pi", "sshd");
  await must(["ip", "netns", "exec", ns, "nft", "-f", "-"], {
    input: [
      `table bridge ${GATE} {`,
      "\tchain forward {",
      "\t\ttype filter hook forward priority filter; policy accept;",
      `\t\tip daddr ${guest} ip saddr != ${probeFrom} tcp dport 22 drop`,
      "\t}",
      "}",
      "",
    ].join("\n"),
  });
  await must(["ip", "-n", ns, "tuntap", "add", "dev", TAP, "mode", "tap"]);
  await must(["ip", "-n", ns, "-batch", "-"], {
    input: [
      `addr flush dev ${link}`,
      `link add ${BRIDGE} type bridge`,
      `link set ${BRIDGE} type bridge stp_state 0 forward_delay 0`,
      `link set ${link} master ${BRIDGE}`,
      `link set ${TAP} master ${BRIDGE} up`,
      `link set ${BRIDGE} up`,
      "",
    ].join("\n"),
  });
}

export interface PiVm {
  readonly record: DaemonRecord;
  readonly consoleLog: string;
  readonly disk: string;
}

/**
 * Boots a copy of `image` with `seed` (the appliance config text) on its boot partition, as
 * `guest` on the lab LAN; until waitForPiVm sees the appliance ready, only `probeFrom` reaches its SSH.
 */
export async function bootPiVm(
  runDir: string,
  image: PiImage,
  seed: string,
  guest: string,
  probeFrom: string,
): Promise<PiVm> {
  const dir = boxDir(runDir, "pi");
  const bootDir = join(dir, "boot");
  rmSync(bootDir, { recursive: true, force: true });
  mkdirSync(bootDir, { recursive: true });
  const disk = join(dir, "disk.img");
  rmSync(disk, { force: true });
  execFileSync("cp", ["--sparse=always", image.image, disk]);
  // The seed holds secrets: written 0600, copied onto the card, removed here.
  const seedFile = join(bootDir, "pibx-seed.json");
  writeFileSync(seedFile, `${JSON.stringify({ applianceConfig: JSON.parse(seed) })}\n`, { mode: 0o600 });
  writeBootFile(disk, image.bootOffset, seedFile, "pibx-seed.json");
  rmSync(seedFile);
  const config = readFileSync(readBootFile(disk, image.bootOffset, "config.txt", bootDir), "utf8");
  const kernelName = /^kernel=(.+)$/m.exec(config)?.[1];
  const initrdName = /^initramfs (\S+)/m.exec(config)?.[1];
  if (!kernelName || !initrdName) throw new LabError("config.txt of the image names no kernel or initramfs");
  const kernel = readBootFile(disk, image.bootOffset, kernelName, bootDir);
  const initrd = readBootFile(disk, image.bootOffset, initrdName, bootDir);
  await bridgeTap(runDir, guest, probeFrom);
  const consoleLog = join(dir, "console.log");
  const record = startDaemon(runDir, {
    box: "pi",
    name: "qemu",
    argv: [
      "qemu-system-aarch64",
      ...["-M", "virt", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024"],
      ...["-display", "none", "-monitor", "none", "-serial", `file:${consoleLog}`],
      ...["-kernel", kernel, "-initrd", initrd, "-append", image.kernelCommandLine],
      ...["-drive", `file=${disk},if=virtio,format=raw,cache=unsafe`],
      ...["-netdev", `tap,id=n0,ifname=${TAP},script=no,downscript=no`],
      ...["-device", `virtio-net-pci,netdev=n0,mac=${GUEST_MAC},romfile=`],
      "-no-reboot",
    ],
  });
  return { record, consoleLog, disk };
}

export interface ReadyProbe {
  readonly address: string;
  readonly sipPort: number;
  readonly sshPort: number;
  readonly user: string;
  readonly privateKey: string;
  /** The box that may reach the guest's SSH while it boots. */
  readonly from: BoxName;
}

/**
 * Waits until the guest's appliance answers SIP OPTIONS (asked from the lab router) and has logged
 * "appliance ready" (read over SSH from `from`), then opens its SSH to everyone. Returns the seconds
 * from power-on to SIP.
 */
export async function waitForPiVm(vm: PiVm, p: ReadyProbe, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const alive = () => {
    if (!isRunning(vm.record))
      throw new LabError(`qemu exited (log ${vm.record.log})`, `${logTail(vm.record)}\n${consoleTail(vm)}`);
  };
  const late = (what: string) =>
    Date.now() - started > timeoutMs
      ? new LabError(`${what} within ${timeoutMs / 1000} s of power-on`, consoleTail(vm))
      : undefined;
  let sip: number | undefined;
  for (;;) {
    alive();
    const r = await exec("lab-router", ["sipsak", "-D", "2", "-s", `sip:ping@${p.address}:${p.sipPort}`], {
      timeoutMs: 10_000,
    });
    if (/SIP\/2\.0 200/.test(r.stdout) || r.code === 0) {
      sip = (Date.now() - started) / 1000;
      break;
    }
    const e = late(`the image did not answer SIP OPTIONS at ${p.address}:${p.sipPort}`);
    if (e) throw e;
    await sleep(2000);
  }
  const ssh = [
    "ssh",
    ...["-i", p.privateKey, "-p", String(p.sshPort)],
    ...["-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR"],
    // A fresh guest: its host key is made on first boot, and this is its own lab LAN.
    ...["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"],
    `${p.user}@${p.address}`,
    "sudo -n journalctl -u pibx.service -b -o cat --no-pager",
  ];
  for (;;) {
    alive();
    const r = await exec(p.from, ssh, { timeoutMs: 20_000 });
    if (r.stdout.includes('"appliance ready"')) break;
    const e = late(`the appliance in the image did not log "appliance ready"`);
    if (e) throw e;
    await sleep(2000);
  }
  await must(["ip", "netns", "exec", netnsOf("pi"), "nft", "delete", "table", "bridge", GATE]);
  return sip;
}

function consoleTail(vm: PiVm): string {
  try {
    return readFileSync(vm.consoleLog, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return "";
  }
}
