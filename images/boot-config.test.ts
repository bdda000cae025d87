import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  kernelCommandLine,
  renderCmdlineTxt,
  renderConfigTxt,
  renderFstab,
  renderRaspiFirmwareDefaults,
} from "./boot-config.ts";

const k = { kernel: "vmlinuz-6.12.117+deb13-arm64", initrd: "initrd.img-6.12.117+deb13-arm64" };

describe("config.txt", () => {
  it("boots the named kernel and initramfs in 64-bit mode with the upstream device trees", () => {
    const t = renderConfigTxt("pi4", k);
    assert.match(t, /^arm_64bit=1$/m);
    assert.match(t, /^upstream_kernel=1$/m);
    assert.match(t, /^enable_uart=1$/m);
    assert.match(t, /^kernel=vmlinuz-6\.12\.117\+deb13-arm64$/m);
    assert.match(t, /^initramfs initrd\.img-6\.12\.117\+deb13-arm64$/m);
    assert.match(renderConfigTxt("pi3", k), /Raspberry Pi 3/);
  });
});

describe("cmdline.txt", () => {
  it("is one line naming the root by PARTUUID", () => {
    const t = renderCmdlineTxt("pi4", "0a1b2c3d-02");
    assert.equal(t.split("\n").length, 2);
    assert.equal(
      t,
      "console=tty0 console=ttyS1,115200 root=PARTUUID=0a1b2c3d-02 rw fsck.repair=yes net.ifnames=0 rootwait\n",
    );
  });

  it("sets a CMA pool on the Pi 3 only, as raspi-firmware does", () => {
    assert.match(kernelCommandLine("pi3", "0a1b2c3d-02"), / cma=64M /);
    assert.doesNotMatch(kernelCommandLine("pi4", "0a1b2c3d-02"), /cma=/);
    assert.doesNotMatch(kernelCommandLine("pi5", "0a1b2c3d-02"), /cma=/);
  });

  it("takes other consoles (the emulator's serial port)", () => {
    assert.match(kernelCommandLine("pi4", "0a1b2c3d-02", "ttyAMA0"), /^console=ttyAMA0 root=/);
  });
});

describe("fstab and raspi-firmware defaults", () => {
  it("mounts root and boot by PARTUUID", () => {
    const t = renderFstab("0a1b2c3d-01", "0a1b2c3d-02");
    assert.match(t, /^PARTUUID=0a1b2c3d-02 +\/ +ext4 +defaults,noatime/m);
    assert.match(t, /^PARTUUID=0a1b2c3d-01 +\/boot\/firmware +vfat .*umask=0077/m);
  });

  it("keeps the PARTUUID root across kernel upgrades", () => {
    assert.match(renderRaspiFirmwareDefaults("0a1b2c3d-02"), /^ROOTPART="PARTUUID=0a1b2c3d-02"$/m);
  });
});
