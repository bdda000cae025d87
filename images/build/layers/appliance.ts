// Layer 4, the appliance: the bundled PBX at /opt/pibx/appliance.mjs run by Debian's Node under a
// hardened systemd unit, and the seed: per-lab config and secrets are never in the image; they are
// put on the boot partition as pibx-seed.json after flashing, moved into the state directory on
// first boot and deleted from the card. Later updates arrive over SSH.
import type { ImageRecipe } from "../../recipe.ts";
import { dir, file } from "../tree-edit.ts";
import { type Layer, wantedBy } from "./layer.ts";

export const BUNDLE_PATH = "/opt/pibx/appliance.mjs";
export const SEED_FILE = "/boot/firmware/pibx-seed.json";

/** Non-secret settings from the recipe, for the appliance to read at start. */
export function renderImageEnv(r: ImageRecipe): string {
  const p = r.ports;
  const vars: [string, string | number | undefined][] = [
    ["PIBX_VERSION", r.appliance.version],
    ["PIBX_IMAGE_RECIPE", r.hash],
    ["PIBX_SIP_UDP_PORT", p.sipUdp],
    ["PIBX_SIP_TCP_PORT", p.sipTcp],
    ["PIBX_SIP_TLS_PORT", p.sipTls],
    ["PIBX_RTP_MIN", p.rtpMin],
    ["PIBX_RTP_MAX", p.rtpMax],
    ["PIBX_PROVISIONING_HTTP_PORT", p.provisioningHttp],
    ["PIBX_TFTP", p.tftp ? 1 : 0],
    ["PIBX_ADMIN_PORT", p.adminApi],
    ["PIBX_DSCP_SIP", r.dscp.sip],
    ["PIBX_DSCP_RTP", r.dscp.rtp],
  ];
  return `${vars
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")}\n`;
}

function privilegedPorts(r: ImageRecipe): boolean {
  const p = r.ports;
  return [p.sipUdp, p.sipTcp, p.sipTls, p.provisioningHttp, p.adminApi, p.tftp ? 69 : undefined].some(
    (x) => x !== undefined && x < 1024,
  );
}

export function renderPibxService(r: ImageRecipe): string {
  // Binding 5060 needs no capability (>= 1024); TFTP (69) or a low SIP port does.
  const caps = privilegedPorts(r) ? "CAP_NET_BIND_SERVICE" : "";
  return [
    "[Unit]",
    "Description=pibx SIP PBX appliance",
    "Wants=network-online.target",
    "After=network-online.target nftables.service pibx-seed.service",
    "",
    "[Service]",
    "Type=exec",
    "EnvironmentFile=/etc/pibx/image.env",
    "Environment=NODE_ENV=production PIBX_STATE_DIR=/var/lib/pibx",
    `ExecStart=/usr/bin/node ${BUNDLE_PATH}`,
    "Restart=on-failure",
    "RestartSec=2s",
    "TimeoutStopSec=20s",
    // Its own throwaway user, and everything it may write is the state directory.
    "DynamicUser=yes",
    "StateDirectory=pibx",
    "StateDirectoryMode=0700",
    "UMask=0077",
    "ProtectSystem=strict",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "PrivateDevices=yes",
    "NoNewPrivileges=yes",
    `CapabilityBoundingSet=${caps}`,
    `AmbientCapabilities=${caps}`,
    "ProtectKernelTunables=yes",
    "ProtectKernelModules=yes",
    "ProtectKernelLogs=yes",
    "ProtectControlGroups=yes",
    "ProtectClock=yes",
    "ProtectHostname=yes",
    "ProtectProc=invisible",
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK",
    "RestrictNamespaces=yes",
    "RestrictRealtime=yes",
    "RestrictSUIDSGID=yes",
    "LockPersonality=yes",
    "SystemCallArchitectures=native",
    "SystemCallFilter=@system-service",
    "SystemCallErrorNumber=EPERM",
    // Not MemoryDenyWriteExecute: V8's JIT needs writable executable memory.
    "LimitNOFILE=65536",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

export const SEED_SCRIPT = `#!/bin/sh
# pibx: move the per-lab seed (config and secrets) from the boot partition into the appliance's
# state directory, then delete it from the card. The image itself never holds a secret.
set -eu
seed=${SEED_FILE}
[ -f "$seed" ] || exit 0
# DynamicUser= keeps the state in /var/lib/private/pibx; systemd hands it to the service's user.
install -d -m 0700 /var/lib/private
install -d -m 0700 /var/lib/private/pibx
install -m 0600 "$seed" /var/lib/private/pibx/seed.json.tmp
sync /var/lib/private/pibx/seed.json.tmp
mv /var/lib/private/pibx/seed.json.tmp /var/lib/private/pibx/seed.json
sync /var/lib/private/pibx
rm -f "$seed"
sync /boot/firmware
echo "pibx-seed: seed moved into the state directory and removed from the boot partition"
`;

export const SEED_SERVICE = [
  "[Unit]",
  "Description=pibx: take the per-lab seed from the boot partition",
  `ConditionPathExists=${SEED_FILE}`,
  "RequiresMountsFor=/boot/firmware /var/lib",
  "Before=pibx.service",
  "",
  "[Service]",
  "Type=oneshot",
  "ExecStart=/usr/local/sbin/pibx-seed",
  "",
  "[Install]",
  "WantedBy=multi-user.target",
  "",
].join("\n");

export const applianceLayer: Layer = {
  name: "appliance",
  edits({ recipe: r, bundle }) {
    return [
      dir("/opt/pibx"),
      file(BUNDLE_PATH, bundle, 0o644),
      file("/opt/pibx/VERSION", `${r.appliance.version}\n`),
      file("/etc/pibx/image.env", renderImageEnv(r)),
      file("/etc/systemd/system/pibx.service", renderPibxService(r)),
      file("/etc/systemd/system/pibx-seed.service", SEED_SERVICE),
      file("/usr/local/sbin/pibx-seed", SEED_SCRIPT, 0o755),
      wantedBy("multi-user.target", "pibx.service"),
      wantedBy("multi-user.target", "pibx-seed.service"),
    ];
  },
};
