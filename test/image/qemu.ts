// Boots an image under qemu-system-aarch64 (-M virt, cortex-a72, 2 CPUs, 1 GiB): the image's own
// kernel and initramfs, the whole image as a virtio disk (root found by PARTUUID, like on the Pi),
// user-mode networking with SSH and SIP forwarded to 127.0.0.1 only.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { join } from "node:path";

export interface BootOptions {
  readonly image: string;
  readonly kernel: string;
  readonly initrd: string;
  readonly append: string;
  readonly sshPort: number;
  readonly sipPort: number;
  readonly guestSipPort: number;
  readonly consoleLog: string;
}

export interface Vm {
  readonly process: ChildProcess;
  /** What qemu itself wrote to stderr (why it failed to start). */
  stderr(): string;
  readonly started: number;
  stop(): Promise<void>;
}

export function bootVm(o: BootOptions): Vm {
  const args = [
    ...["-M", "virt", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024"],
    ...["-display", "none", "-monitor", "none", "-serial", `file:${o.consoleLog}`],
    ...["-kernel", o.kernel, "-initrd", o.initrd, "-append", o.append],
    ...["-drive", `file=${o.image},if=virtio,format=raw,cache=unsafe`],
    ...[
      "-netdev",
      `user,id=n0,hostfwd=tcp:127.0.0.1:${o.sshPort}-:22,hostfwd=udp:127.0.0.1:${o.sipPort}-:${o.guestSipPort}`,
    ],
    ...["-device", "virtio-net-pci,netdev=n0,romfile="],
    "-no-reboot",
  ];
  const child = spawn("qemu-system-aarch64", args, { stdio: ["ignore", "ignore", "pipe"] });
  const started = Date.now();
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err = (err + c.toString("utf8")).slice(-4000);
  });
  let stopped: Promise<void> | undefined;
  return {
    process: child,
    started,
    stderr: () => err,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      });
      return stopped;
    },
  };
}

/** A port free for both TCP and UDP on 127.0.0.1 at the moment of asking. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket("udp4");
      u.once("error", () => resolve(false));
      u.bind(port, "127.0.0.1", () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/** Reads a file from the image's FAT boot partition (mtools, no mount). */
export function readBootFile(image: string, offset: number, name: string, dest: string): string {
  const out = join(dest, name);
  execFileSync("mcopy", ["-n", "-o", "-i", `${image}@@${offset}`, `::/${name}`, out], {
    env: { ...process.env, MTOOLS_SKIP_CHECK: "1" },
  });
  return out;
}

export function writeBootFile(image: string, offset: number, src: string, name: string): void {
  execFileSync("mcopy", ["-o", "-i", `${image}@@${offset}`, src, `::/${name}`], {
    env: { ...process.env, MTOOLS_SKIP_CHECK: "1" },
  });
}
