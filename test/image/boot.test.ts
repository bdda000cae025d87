// Boots the example image, built with the real appliance bundle (dist/appliance.mjs), for real under
// qemu-system-aarch64 and checks it is a working PBX host: the seed's appliance config installed
// from the boot partition as root:_pibx 0640, the real appliance (as the static _pibx user)
// answering SIP OPTIONS through the forwarded port, SSH with the lab's key only, a config pushed the
// way infra/providers/appliance-remote.ts pushes it and reloaded ("config reloaded"), host keys and
// machine id made on first boot, the root grown to the disk, the firewall with its DSCP marks
// loaded. Prints boot-to-SIP-ready time.
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
import {
  defaultApplianceRemote,
  pushCommands,
  remoteCommand,
} from "../../infra/providers/appliance-remote.ts";
import { applianceBundle } from "./appliance-bundle.ts";
import { imageTestsSkip } from "./gate.ts";
import { bootVm, freePort, readBootFile, type Vm, writeBootFile } from "./qemu.ts";
import { seedApplianceConfig } from "./seed-config.ts";
import { sipOptions } from "./sip-options.ts";
import { ssh, sshPasswordOnly } from "./ssh.ts";
import { testKeyPair } from "./test-key.ts";

const GROW_BYTES = 512 * 1024 * 1024;
const READY_TIMEOUT_MS = 20 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the image boots into a working PBX (qemu-system-aarch64)", { skip: imageTestsSkip }, () => {
  it("answers SSH with the lab key and SIP OPTIONS with 200 OK", { timeout: 90 * 60_000 }, async (t) => {
    const key = testKeyPair();
    const recipe = exampleRecipe({ bundle: applianceBundle(), authorizedKeys: [key.publicKey] });
    const ports = { sipUdpPort: recipe.ports.sipUdp!, sipTcpPort: recipe.ports.sipTcp! };
    const built = await buildImage(recipe, { compress: false });
    const { layout } = built.manifest;

    const dir = mkdtempSync(join(tmpdir(), "pibx-boot-"));
    let vm: Vm | undefined;
    try {
      // Boot a sparse copy, 512 MiB larger than the image, like a card bigger than the image.
      const disk = join(dir, "disk.img");
      execFileSync("cp", ["--sparse=always", built.image, disk]);
      execFileSync("truncate", ["-s", `+${GROW_BYTES}`, disk]);
      // The seed a real flash would drop on the boot partition: the appliance config with its
      // secrets, never in the image (images/README.md, "The seed").
      const seed = join(dir, "pibx-seed.json");
      const seedConfig = seedApplianceConfig(ports);
      writeFileSync(seed, `${JSON.stringify({ applianceConfig: seedConfig })}\n`);
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
      // The real appliance (not a fixture), running on the config the first boot took from the seed.
      assert.match(answer, /^Allow: .*OPTIONS.*REGISTER/m);

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
      assert.equal(run("systemctl show -p User --value pibx"), "_pibx");
      assert.equal(run("ps -o user= -p $(systemctl show -p MainPID --value pibx)"), "_pibx");
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
      // Seed installed as the appliance config, readable by the service's group only, and gone from the card.
      assert.equal(run("test -e /boot/firmware/pibx-seed.json && echo left || echo gone"), "gone");
      assert.equal(run("stat -c '%U:%G %a' /etc/pibx/appliance.json"), "root:_pibx 640");
      assert.deepEqual(JSON.parse(run("sudo cat /etc/pibx/appliance.json")), seedConfig);
      assert.notEqual(
        ssh(target, "cat /etc/pibx/appliance.json").status,
        0,
        "the admin reads it only with sudo",
      );

      // A changed config pushed the way the provider does: upload to a temp file, swap it in
      // (root:_pibx 0640, the old one kept as .previous), reload, "config reloaded" in the journal.
      const remote = defaultApplianceRemote;
      const push = pushCommands(remote, "boottest");
      const changed = seedApplianceConfig({ ...ports, name: "Boot test, pushed" });
      const logLines = () => run(remoteCommand(remote, remote.logCommand!)).split("\n");
      const before = logLines().length;
      const up = ssh(target, push.upload, [], `${JSON.stringify(changed, null, 2)}\n`);
      assert.equal(up.status, 0, `upload: ${up.stderr}`);
      run(push.swap);
      assert.equal(run("stat -c '%U:%G %a' /etc/pibx/appliance.json"), "root:_pibx 640");
      assert.deepEqual(JSON.parse(run("sudo cat /etc/pibx/appliance.json.previous")), seedConfig);
      const reloadAt = Date.now();
      run("sudo -n systemctl reload pibx");
      let after: string[] = [];
      while (!after.some((l) => /config (reloaded|rejected)/.test(l))) {
        if (Date.now() - reloadAt > remote.reloadTimeoutMs * 4)
          assert.fail(`no reload line:\n${logLines().slice(-20).join("\n")}`);
        await sleep(500);
        after = logLines().slice(before);
      }
      assert.ok(
        after.some((l) => l.includes("config reloaded")),
        `reload rejected:\n${after.join("\n")}`,
      );
      t.diagnostic(`pushed config reloaded in ${((Date.now() - reloadAt) / 1000).toFixed(1)} s`);
      assert.equal(run("systemctl is-active pibx"), "active");
      const again = await sipOptions("127.0.0.1", sipPort, 5000);
      assert.match(again ?? "", /^SIP\/2\.0 200/, "SIP still answered after the reload");

      // A config the appliance refuses is logged "config rejected" and the running one stays;
      // the provider then puts .previous back.
      const bad = pushCommands(remote, "boottest-bad");
      const mark = logLines().length;
      const upBad = ssh(target, bad.upload, [], `${JSON.stringify({ ...changed, version: 99 })}\n`);
      assert.equal(upBad.status, 0, `upload: ${upBad.stderr}`);
      run(bad.swap);
      run("sudo -n systemctl reload pibx");
      const badAt = Date.now();
      let rejected: string[] = [];
      while (!rejected.some((l) => /config (reloaded|rejected)/.test(l))) {
        if (Date.now() - badAt > remote.reloadTimeoutMs * 4)
          assert.fail(`no reload line:\n${logLines().slice(-20).join("\n")}`);
        await sleep(500);
        rejected = logLines().slice(mark);
      }
      assert.ok(
        rejected.some((l) => l.includes("config rejected")),
        rejected.join("\n"),
      );
      run(bad.restore);
      assert.deepEqual(JSON.parse(run("sudo cat /etc/pibx/appliance.json")), changed);
      assert.equal(run("systemctl is-active pibx"), "active");

      // Without a config the service waits (skipped by its condition), it does not crash-loop.
      run("sudo -n systemctl stop pibx && sudo -n mv /etc/pibx/appliance.json /etc/pibx/appliance.json.away");
      run("sudo -n systemctl start pibx");
      assert.equal(ssh(target, "systemctl is-active pibx").stdout.trim(), "inactive");
      assert.equal(run("systemctl show -p ConditionResult --value pibx"), "no");
      assert.equal(run("systemctl show -p NRestarts --value pibx"), "0");
      run(
        "sudo -n mv /etc/pibx/appliance.json.away /etc/pibx/appliance.json && sudo -n systemctl start pibx",
      );
      assert.equal(run("systemctl is-active pibx"), "active");
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
