import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diskLayout } from "../../disk-layout.ts";
import { ImageBuildError } from "../../errors.ts";
import { derivedIds } from "../../recipe-hash.ts";
import { TEST_KEY, testRecipe } from "../../test-recipe.ts";
import type { TreeEdit, TreeView } from "../tree-edit.ts";
import { applianceLayer, renderImageEnv, renderPibxService } from "./appliance.ts";
import { boardLayer } from "./board.ts";
import { hardeningLayer } from "./hardening.ts";
import type { LayerContext } from "./layer.ts";
import { networkLayer, renderNetworkdLan } from "./network.ts";

const BASE: Record<string, string> = {
  "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\nsshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n",
  "/etc/group": "root:x:0:\nshadow:x:42:\nsudo:x:27:\n",
  "/etc/shadow": "root:*:20000:0:99999:7:::\n",
  "/etc/gshadow": "root:*::\nshadow:*::\nsudo:*::\n",
};
const DIRS: Record<string, string[]> = {
  "/boot/firmware": [
    "bcm2711-rpi-4-b.dtb",
    "config.txt",
    "initrd.img-6.12.117+deb13-arm64",
    "start4.elf",
    "vmlinuz-6.12.117+deb13-arm64",
  ],
  "/etc/ssh": ["moduli", "ssh_host_ed25519_key", "ssh_host_ed25519_key.pub", "sshd_config"],
};
const view = (dirs = DIRS): TreeView => ({ readText: (p) => BASE[p], list: (p) => dirs[p] ?? [] });

function ctx(recipe = testRecipe(), tree = view()): LayerContext {
  const ids = derivedIds(recipe.hash);
  return {
    recipe,
    ids,
    layout: diskLayout(recipe.disk.sizeMiB, recipe.disk.bootMiB, ids.diskId),
    tree,
    bundle: new TextEncoder().encode("bundle"),
  };
}

function text(edits: TreeEdit[], path: string): string {
  const e = edits.find((x) => x.path === path);
  assert.ok(e && e.kind === "file", `no file ${path}`);
  return typeof e.content === "string" ? e.content : new TextDecoder().decode(e.content);
}

describe("board layer", () => {
  it("boots the kernel raspi-firmware installed, root by PARTUUID", () => {
    const c = ctx();
    const e = boardLayer.edits(c);
    assert.match(text(e, "/boot/firmware/config.txt"), /^kernel=vmlinuz-6\.12\.117\+deb13-arm64$/m);
    assert.match(text(e, "/boot/firmware/cmdline.txt"), new RegExp(`root=PARTUUID=${c.ids.diskId}-02 `));
    assert.match(text(e, "/etc/fstab"), new RegExp(`^PARTUUID=${c.ids.diskId}-01 +/boot/firmware`, "m"));
  });

  it("names the package at fault when the kernel is missing", () => {
    assert.throws(
      () => boardLayer.edits(ctx(testRecipe(), view({ "/boot/firmware": ["start4.elf"] }))),
      (e: unknown) => e instanceof ImageBuildError && e.subject === "linux-image-arm64",
    );
  });
});

describe("network layer", () => {
  it("configures DHCP with a MAC client id, or the static address", () => {
    assert.match(renderNetworkdLan(testRecipe()), /^DHCP=yes$/m);
    const s = renderNetworkdLan(
      testRecipe((d) => ({
        ...d,
        network: {
          mode: "static",
          address: "172.16.0.10/24",
          gateway: "172.16.0.1",
          dns: ["172.16.0.1", "9.9.9.9"],
        },
      })),
    );
    assert.match(
      s,
      /^Address=172\.16\.0\.10\/24\nGateway=172\.16\.0\.1\nDNS=172\.16\.0\.1\nDNS=9\.9\.9\.9$/m,
    );
    assert.doesNotMatch(s, /DHCP=/);
  });

  it("sets host name, time zone, firewall, NTP servers and the TFTP helper", () => {
    const e = networkLayer.edits(ctx(testRecipe((d) => ({ ...d, ntpServers: ["172.16.0.1"] }))));
    assert.equal(text(e, "/etc/hostname"), "pibx\n");
    assert.match(text(e, "/etc/hosts"), /127\.0\.1\.1\tpibx/);
    assert.deepEqual(
      e.find((x) => x.path === "/etc/localtime"),
      { kind: "symlink", path: "/etc/localtime", target: "../usr/share/zoneinfo/Europe/Paris" },
    );
    assert.match(text(e, "/etc/nftables.conf"), /policy drop/);
    assert.equal(text(e, "/etc/systemd/timesyncd.conf.d/pibx.conf"), "[Time]\nNTP=172.16.0.1\n");
    assert.equal(text(e, "/etc/modules-load.d/pibx-tftp.conf"), "nf_conntrack_tftp\n");
  });
});

describe("appliance layer", () => {
  it("installs the bundle, the settings and a hardened, enabled pibx.service", () => {
    const e = applianceLayer.edits(ctx());
    assert.equal(text(e, "/opt/pibx/appliance.mjs"), "bundle");
    const unit = text(e, "/etc/systemd/system/pibx.service");
    for (const line of [
      "ExecStart=/usr/bin/node /opt/pibx/appliance.mjs",
      "User=_pibx",
      "Group=_pibx",
      "StateDirectory=pibx",
      "ConditionPathExists=/etc/pibx/appliance.json",
      "Environment=NODE_ENV=production PIBX_STATE_DIR=/var/lib/pibx PIBX_CONFIG=/etc/pibx/appliance.json",
      "ExecReload=/bin/kill -HUP $MAINPID",
      "RestartPreventExitStatus=64 78",
      "ReadOnlyPaths=/etc/pibx",
      "ProtectSystem=strict",
      "NoNewPrivileges=yes",
      "Restart=on-failure",
      "PrivateDevices=yes",
    ]) {
      assert.match(unit, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`, "m"), line);
    }
    assert.doesNotMatch(unit, /MemoryDenyWriteExecute/);
    assert.doesNotMatch(unit, /DynamicUser/);
    assert.ok(
      e.some(
        (x) => x.kind === "symlink" && x.path === "/etc/systemd/system/multi-user.target.wants/pibx.service",
      ),
    );
    assert.ok(
      e.some(
        (x) =>
          x.kind === "symlink" && x.path === "/etc/systemd/system/multi-user.target.wants/pibx-seed.service",
      ),
    );
  });

  it("installs the seed's appliance config as root:_pibx 0640, removes the seed and starts pibx", () => {
    const e = applianceLayer.edits(ctx());
    const script = text(e, "/usr/local/sbin/pibx-seed");
    assert.match(script, /applianceConfig/);
    assert.match(script, /^chown root:_pibx "\$tmp"$/m);
    assert.match(script, /^chmod 0640 "\$tmp"$/m);
    assert.match(script, /^mv -f "\$tmp" "\$config"$/m);
    assert.match(script, /^config=\/etc\/pibx\/appliance\.json$/m);
    assert.match(script, /^rm -f "\$seed"$/m);
    assert.match(script, /^systemctl --no-block start pibx\.service$/m);
    assert.match(text(e, "/etc/systemd/system/pibx-seed.service"), /^Before=pibx\.service$/m);
  });

  it("grants CAP_NET_BIND_SERVICE only when a port is below 1024", () => {
    assert.match(renderPibxService(testRecipe()), /^CapabilityBoundingSet=CAP_NET_BIND_SERVICE$/m); // TFTP on 69
    const high = renderPibxService(testRecipe((d) => ({ ...d, ports: { ...d.ports, tftp: false } })));
    assert.match(high, /^CapabilityBoundingSet=$/m);
    assert.match(high, /^AmbientCapabilities=$/m);
  });

  it("passes the recipe's ports and marks to the appliance, and no secret", () => {
    const env = renderImageEnv(testRecipe());
    assert.match(env, /^PIBX_SIP_UDP_PORT=5060$/m);
    assert.match(env, /^PIBX_RTP_MIN=10000$/m);
    assert.match(env, /^PIBX_DSCP_RTP=46$/m);
    assert.doesNotMatch(env, /PIBX_SIP_TLS_PORT/);
  });
});

describe("hardening layer", () => {
  const e = hardeningLayer.edits(ctx());

  it("creates the admin with the lab's keys only, and sudo", () => {
    assert.match(text(e, "/etc/passwd"), /^pibx:x:1000:1000:/m);
    assert.equal(text(e, "/home/pibx/.ssh/authorized_keys"), `${TEST_KEY}\n`);
    const keys = e.find((x) => x.path === "/home/pibx/.ssh/authorized_keys");
    assert.ok(keys?.kind === "file" && keys.mode === 0o600 && keys.owner?.uid === 1000);
    assert.equal(text(e, "/etc/sudoers.d/pibx-admin"), "pibx ALL=(ALL:ALL) NOPASSWD: ALL\n");
  });

  it("adds the appliance's static _pibx account with a fixed id, locked and without a shell", () => {
    assert.match(
      text(e, "/etc/passwd"),
      /^_pibx:x:900:900:pibx appliance:\/var\/lib\/pibx:\/usr\/sbin\/nologin$/m,
    );
    assert.match(text(e, "/etc/group"), /^_pibx:x:900:$/m);
    assert.match(text(e, "/etc/shadow"), /^_pibx:!:/m);
    assert.match(text(e, "/etc/gshadow"), /^_pibx:!::$/m);
  });

  it("turns off password and root login in sshd", () => {
    const c = text(e, "/etc/ssh/sshd_config.d/pibx.conf");
    assert.match(c, /^PasswordAuthentication no$/m);
    assert.match(c, /^PermitRootLogin no$/m);
    assert.match(c, /^AllowUsers pibx$/m);
    assert.match(text(e, "/etc/shadow"), /^root:\*:/m);
  });

  it("bakes no host keys and no machine id; host keys are made at boot", () => {
    assert.ok(e.some((x) => x.kind === "remove" && x.path === "/etc/ssh/ssh_host_ed25519_key"));
    assert.ok(e.some((x) => x.kind === "remove" && x.path === "/etc/ssh/ssh_host_ed25519_key.pub"));
    assert.ok(!e.some((x) => x.path === "/etc/ssh/moduli"));
    assert.equal(text(e, "/etc/machine-id"), "");
    assert.match(
      text(e, "/etc/systemd/system/ssh.service.d/pibx-hostkeys.conf"),
      /ExecStartPre=\nExecStartPre=\/usr\/bin\/ssh-keygen -A\n/,
    );
  });

  it("keeps the journal in RAM and grows the root on first boot", () => {
    assert.match(text(e, "/etc/systemd/journald.conf.d/pibx.conf"), /^Storage=volatile$/m);
    assert.match(text(e, "/usr/local/sbin/pibx-firstboot"), /resize2fs/);
    assert.ok(
      e.some(
        (x) => x.kind === "symlink" && x.path.endsWith("multi-user.target.wants/pibx-firstboot.service"),
      ),
    );
  });
});

describe("apt sources", () => {
  it("includes the security archive", () => {
    const e = hardeningLayer.edits(ctx());
    assert.match(text(e, "/etc/apt/sources.list.d/debian.sources"), /Suites: trixie-security\n/);
    assert.ok(e.some((x) => x.kind === "remove" && x.path === "/etc/apt/sources.list"));
  });
});
