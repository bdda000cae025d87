// Layer 5, hardening: key-only SSH for the lab's admin (no passwords anywhere, no root login), host
// keys made on first boot (never baked in), an empty machine-id, journald in RAM, first boot growing
// the root partition to the card, and nothing in the image that is a secret or unique to one Pi.
import { withAdminAccount, withServiceAccount } from "../../accounts.ts";
import { ImageBuildError } from "../../errors.ts";
import type { ImageRecipe } from "../../recipe.ts";
import { dir, file, remove, type TreeEdit } from "../tree-edit.ts";
import { type Layer, wantedBy } from "./layer.ts";

export function renderSshdConfig(r: ImageRecipe): string {
  return [
    "# pibx: key-only login for the lab's admin. The first match wins, so this overrides sshd_config.",
    `Port ${r.admin.sshPort}`,
    "PermitRootLogin no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "AuthenticationMethods publickey",
    `AllowUsers ${r.admin.user}`,
    "X11Forwarding no",
    "",
  ].join("\n");
}

/** Debian's ssh.service runs `sshd -t` first, which fails without host keys: make them, then test. */
export const SSH_HOSTKEYS_DROPIN = [
  "[Service]",
  "ExecStartPre=",
  "ExecStartPre=/usr/bin/ssh-keygen -A",
  "ExecStartPre=/usr/sbin/sshd -t",
  "",
].join("\n");

/** Security updates too, not only the release the image was built from (deb822, as trixie writes it). */
export function renderAptSources(r: ImageRecipe): string {
  const d = r.distribution;
  const comps = d.components.join(" ");
  return [
    `Types: deb\nURIs: ${d.mirror}\nSuites: ${d.suite} ${d.suite}-updates\nComponents: ${comps}\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
    `Types: deb\nURIs: http://security.debian.org/debian-security\nSuites: ${d.suite}-security\nComponents: ${comps}\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
  ].join("\n");
}

export const JOURNALD_CONF = [
  "# pibx: logs live in RAM and are rate-limited, to spare the SD card.",
  "[Journal]",
  "Storage=volatile",
  "RuntimeMaxUse=32M",
  "RateLimitIntervalSec=30s",
  "RateLimitBurst=2000",
  "ForwardToSyslog=no",
  "",
].join("\n");

export const FIRSTBOOT_SCRIPT = `#!/bin/sh
# pibx first boot: grow the root partition to the end of the card and the file system with it.
set -eu
root=$(findmnt -no SOURCE /)
disk=/dev/$(lsblk -no PKNAME "$root")
part=$(cat "/sys/class/block/\${root#/dev/}/partition")
echo "pibx-firstboot: growing partition $part of $disk"
# sfdisk rewrites only the table; partx tells the kernel the new size of the mounted partition.
echo ", +" | sfdisk --no-reread --no-tell-kernel -N "$part" "$disk" || echo "pibx-firstboot: partition not grown"
partx -u -n "$part" "$disk"
resize2fs "$root"
touch /var/lib/pibx-firstboot.done
`;

export const FIRSTBOOT_SERVICE = [
  "[Unit]",
  "Description=pibx first boot: grow the root file system to the card",
  "ConditionPathExists=!/var/lib/pibx-firstboot.done",
  "After=local-fs.target",
  "",
  "[Service]",
  "Type=oneshot",
  "ExecStart=/usr/local/sbin/pibx-firstboot",
  "",
  "[Install]",
  "WantedBy=multi-user.target",
  "",
].join("\n");

export const hardeningLayer: Layer = {
  name: "hardening",
  edits({ recipe: r, tree }) {
    const read = (p: string) => {
      const t = tree.readText(p);
      if (t === undefined) throw new ImageBuildError("hardening", "missing from the base system", p);
      return t;
    };
    const day = Math.floor(r.sourceDateEpoch / 86400);
    const admin = withAdminAccount(
      {
        passwd: read("/etc/passwd"),
        group: read("/etc/group"),
        shadow: read("/etc/shadow"),
        gshadow: read("/etc/gshadow"),
      },
      r.admin.user,
      day,
    );
    // The appliance's static account (pibx.service's User=/Group=), after the admin so the admin keeps 1000.
    const acc = { ...withServiceAccount(admin), uid: admin.uid, gid: admin.gid };
    const owner = { uid: acc.uid, gid: acc.gid };
    const home = `/home/${r.admin.user}`;
    const hostKeys = tree.list("/etc/ssh").filter((f) => f.startsWith("ssh_host_"));
    const edits: TreeEdit[] = [
      file("/etc/passwd", acc.passwd),
      file("/etc/group", acc.group),
      file("/etc/shadow", acc.shadow, 0o640, { uid: 0, gid: shadowGid(acc.group) }),
      file("/etc/gshadow", acc.gshadow, 0o640, { uid: 0, gid: shadowGid(acc.group) }),
      dir(home, 0o750, owner),
      dir(`${home}/.ssh`, 0o700, owner),
      file(`${home}/.ssh/authorized_keys`, `${r.admin.authorizedKeys.join("\n")}\n`, 0o600, owner),
      file(`/etc/sudoers.d/pibx-admin`, `${r.admin.user} ALL=(ALL:ALL) NOPASSWD: ALL\n`, 0o440),
      file("/etc/ssh/sshd_config.d/pibx.conf", renderSshdConfig(r)),
      file("/etc/systemd/system/ssh.service.d/pibx-hostkeys.conf", SSH_HOSTKEYS_DROPIN),
      ...hostKeys.map((k) => remove(`/etc/ssh/${k}`)),
      file("/etc/systemd/journald.conf.d/pibx.conf", JOURNALD_CONF),
      remove("/etc/apt/sources.list"),
      file("/etc/apt/sources.list.d/debian.sources", renderAptSources(r)),
      file("/usr/local/sbin/pibx-firstboot", FIRSTBOOT_SCRIPT, 0o755),
      file("/etc/systemd/system/pibx-firstboot.service", FIRSTBOOT_SERVICE),
      wantedBy("multi-user.target", "pibx-firstboot.service"),
      // Empty: systemd makes a unique id on first boot (and treats that boot as the first).
      file("/etc/machine-id", "", 0o444),
    ];
    return edits;
  },
};

function shadowGid(group: string): number {
  const row = group.split("\n").find((l) => l.startsWith("shadow:"));
  return row ? Number(row.split(":")[2]) : 42;
}
