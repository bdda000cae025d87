// Boots the example image for real under qemu-system-aarch64 and checks it is a working PBX host:
// SSH with the lab's key only, pibx.service active, SIP OPTIONS answered through the forwarded
// port, the seed taken from the boot partition, host keys and machine id made on first boot, the
// root grown to the disk, the firewall with its DSCP marks loaded. Prints boot-to-SIP-ready time.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { kernelCommandLine } from "../../images/boot-config.ts";
import { buildImage } from "../../images/build/build-image.ts";
import { partitionBytes, partitionOffset } from "../../images/disk-layout.ts";
import { exampleRecipe } from "../../images/example-recipe.ts";
import { fixtureBundle } from "./fixture-bundle.ts";
import { imageTestsSkip } from "./gate.ts";
import { bootVm, freePort, readBootFile, type Vm, writeBootFile } from "./qemu.ts";
import { sipOptions } from "./sip-options.ts";
import { ssh, sshPasswordOnly } from "./ssh.ts";
import { testKeyPair } from "./test-key.ts";

const GROW_BYTES = 512 * 1024 * 1024;
const READY_TIMEOUT_MS = 20 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the image boots into a working PBX (qemu-system-aarch64)", { skip: imageTestsSkip }, () => {
  it("answers SSH with the lab key and SIP OPTIONS with 200 OK", { timeout: 90 * 60_000 }, async (t) => {
    const key = testKeyPair();
    const recipe = exampleRecipe({ bundle: fixtureBundle(), authorizedKeys: [key.publicKey] });
    const built = await buildImage(recipe, { compress: false });
    const { layout } = built.manifest;

    const dir = mkdtempSync(join(tmpdir(), "pibx-boot-"));
    let vm: Vm | undefined;
    try {
      // Boot a sparse copy, 512 MiB larger than the image, like a card bigger than the image.
      const disk = join(dir, "disk.img");
      execFileSync("cp", ["--sparse=always", built.image, disk]);
      execFileSync("truncate", ["-s", `+${GROW_BYTES}`, disk]);
      // The seed a real flash would drop on the boot partition: config and secrets, never in the image.
      const seed = join(dir, "pibx-seed.json");
      writeFileSync(seed, `${JSON.stringify({ secrets: { trunkPassword: "seed-secret-not-in-image" } })}\n`);
      const bootOffset = partitionOffset(layout.boot);
      writeBootFile(disk, bootOffset, seed, "pibx-seed.json");
      const config = readFileSync(readBootFile(disk, bootOffset, "config.txt", dir), "utf8");
      const kernel = readBootFile(disk, bootOffset, /^kernel=(.+)$/m.exec(config)![1]!, dir);
      const initrd = readBootFile(disk, bootOffset, /^initramfs (\S+)/m.exec(config)![1]!, dir);

      const sshPort = await freePort();
      const sipPort = await freePort();
      const consoleLog = join(dir, "console.log");
      vm = bootVm({
        image: disk,
        kernel,
        initrd,
        append: kernelCommandLine(recipe.board, layout.root.partuuid, "ttyAMA0"),
        sshPort,
        sipPort,
        guestSipPort: recipe.ports.sipUdp!,
        consoleLog,
      });
      const consoleTail = () =>
        existsSync(consoleLog) ? readFileSync(consoleLog, "utf8").split("\n").slice(-40).join("\n") : "";

      let answer: string | undefined;
      while (!answer?.startsWith("SIP/2.0 200")) {
        if (vm.process.exitCode !== null)
          assert.fail(`qemu exited (${vm.process.exitCode}): ${vm.stderr()}\n${consoleTail()}`);
        if (Date.now() - vm.started > READY_TIMEOUT_MS)
          assert.fail(`no SIP answer after ${READY_TIMEOUT_MS / 1000} s:\n${consoleTail()}`);
        answer = await sipOptions("127.0.0.1", sipPort, 2000);
        if (!answer) await sleep(1000);
      }
      const sipReady = (Date.now() - vm.started) / 1000;
      t.diagnostic(`boot to SIP ready: ${sipReady.toFixed(1)} s`);
      console.log(`boot to SIP ready: ${sipReady.toFixed(1)} s`);
      assert.match(answer, /^CSeq: 1 OPTIONS\r$/m);
      // The appliance read the seed the first boot moved into its state directory.
      assert.match(answer, /^Server: pibx-image-fixture \(seed present\)\r$/m);

      const target = { port: sshPort, user: recipe.admin.user, privateKey: key.privateKey };
      let r = ssh(target, "true");
      while (r.status !== 0) {
        if (Date.now() - vm.started > READY_TIMEOUT_MS)
          assert.fail(`no SSH login: ${r.stderr}\n${consoleTail()}`);
        await sleep(2000);
        r = ssh(target, "true");
      }
      t.diagnostic(`boot to SSH ready: ${((Date.now() - vm.started) / 1000).toFixed(1)} s`);
      const run = (cmd: string) => {
        const res = ssh(target, cmd);
        assert.equal(res.status, 0, `${cmd}: ${res.stderr}`);
        return res.stdout.trim();
      };

      assert.equal(run("systemctl is-active pibx"), "active");
      assert.match(run("systemctl show -p DynamicUser pibx"), /DynamicUser=yes/);
      for (const unit of ["ssh", "nftables", "systemd-networkd", "systemd-resolved", "systemd-timesyncd"]) {
        const state = ssh(target, `systemctl is-active ${unit}`).stdout.trim();
        const why =
          state === "active" ? "" : ssh(target, `sudo journalctl -b -u ${unit} --no-pager | tail -15`).stdout;
        assert.equal(state, "active", `${unit}:\n${why}`);
      }
      assert.equal(
        run("systemctl is-failed --quiet pibx-firstboot pibx-seed; echo $?"),
        "1",
        "first-boot units succeeded",
      );
      // No password login, even when asked for one.
      const pw = sshPasswordOnly(target);
      assert.notEqual(pw.status, 0);
      assert.match(pw.stderr, /Permission denied \(publickey\)/);
      // Seed moved, not copied.
      assert.equal(run("test -e /boot/firmware/pibx-seed.json && echo left || echo gone"), "gone");
      assert.equal(run("sudo cat /var/lib/private/pibx/seed.json"), readFileSync(seed, "utf8").trim());
      // Made on first boot, not baked in.
      assert.match(run("cat /etc/machine-id"), /^[0-9a-f]{32}$/);
      assert.match(run("ls /etc/ssh"), /ssh_host_ed25519_key\.pub/);
      // The root grew into the extra 512 MiB.
      const rootBytes = Number(run("findmnt -bno SIZE /"));
      t.diagnostic(
        `root file system: ${(rootBytes / 1048576).toFixed(0)} MiB (partition in the image: ${partitionBytes(layout.root) / 1048576} MiB)`,
      );
      assert.ok(rootBytes > partitionBytes(layout.root), `root is ${rootBytes} bytes, not grown`);
      // Firewall loaded with the DSCP marks; journal in RAM.
      const rules = run("sudo nft list ruleset");
      assert.match(rules, /policy drop/);
      assert.match(rules, /udp sport 10000-10999 ip dscp set ef/);
      assert.equal(run("ls -A /var/log/journal 2>/dev/null | wc -l"), "0", "nothing journaled to the card");
      assert.notEqual(run("ls -A /run/log/journal | wc -l"), "0", "journal in RAM");
      assert.equal(run("cat /proc/sys/kernel/hostname"), recipe.hostname);
    } finally {
      await vm?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
