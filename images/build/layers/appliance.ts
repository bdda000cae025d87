// Layer 4, the appliance: the bundled PBX at /opt/pibx/appliance.mjs run by Debian's Node under a
// hardened systemd unit as the static `_pibx` account (made by the hardening layer), reading
// /etc/pibx/appliance.json (root:_pibx 0640). The seed: per-lab config and secrets are never in the
// image; they are put on the boot partition as pibx-seed.json after flashing, installed as the
// appliance config on first boot and deleted from the card. Later updates arrive over SSH
// (infra/providers/appliance-remote.ts). Without a config the service is skipped (a condition, not
// a crash loop) until the seed or a push provides one and it is started.
import { SERVICE_USER } from "../../accounts.ts";
import type { ImageRecipe } from "../../recipe.ts";
import { dir, file } from "../tree-edit.ts";
import { type Layer, wantedBy } from "./layer.ts";

export const BUNDLE_PATH = "/opt/pibx/appliance.mjs";
export const SEED_FILE = "/boot/firmware/pibx-seed.json";
export const CONFIG_FILE = "/etc/pibx/appliance.json";

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
    // An unconfigured Pi waits for its config (seed or push) instead of crash-looping on exit 64.
    `ConditionPathExists=${CONFIG_FILE}`,
    "",
    "[Service]",
    "Type=exec",
    "EnvironmentFile=/etc/pibx/image.env",
    `Environment=NODE_ENV=production PIBX_STATE_DIR=/var/lib/pibx PIBX_CONFIG=${CONFIG_FILE}`,
    `ExecStart=/usr/bin/node ${BUNDLE_PATH}`,
    // The appliance re-reads its config on SIGHUP and logs "config reloaded" or "config rejected".
    "ExecReload=/bin/kill -HUP $MAINPID",
    "Restart=on-failure",
    // 64: no config, 78: an invalid one. Restarting cannot fix either.
    "RestartPreventExitStatus=64 78",
    "RestartSec=2s",
    "TimeoutStopSec=20s",
    // A static system account (fixed uid/gid, in the image): it reads the root:_pibx 0640 config,
    // and everything it may write is the state directory.
    `User=${SERVICE_USER}`,
    `Group=${SERVICE_USER}`,
    "StateDirectory=pibx",
    "StateDirectoryMode=0700",
    "UMask=0077",
    "ProtectSystem=strict",
    "ReadOnlyPaths=/etc/pibx",
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
# pibx: install the per-lab seed from the boot partition as the appliance's config, then delete it
# from the card. The image itself never holds a secret. pibx-seed.json is either
# { "applianceConfig": { ... } } or the appliance config itself (schemas/appliance-config).
set -eu
seed=${SEED_FILE}
config=${CONFIG_FILE}
[ -f "$seed" ] || exit 0
install -d -m 0755 /etc/pibx
tmp="$config.seed.tmp"
rm -f "$tmp"
(umask 077 && /usr/bin/node -e '
const fs = require("node:fs");
const seed = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const config = seed && typeof seed === "object" && "applianceConfig" in seed ? seed.applianceConfig : seed;
if (!config || typeof config !== "object" || Array.isArray(config)) throw new Error("pibx-seed.json holds no appliance config");
fs.writeFileSync(process.argv[2], JSON.stringify(config, null, 2) + "\\n", { mode: 0o600 });
' "$seed" "$tmp")
chown root:${SERVICE_USER} "$tmp"
chmod 0640 "$tmp"
sync "$tmp"
[ ! -f "$config" ] || cp -p "$config" "$config.previous"
mv -f "$tmp" "$config"
sync /etc/pibx
rm -f "$seed"
sync /boot/firmware
echo "pibx-seed: appliance config installed at $config (root:${SERVICE_USER} 0640), seed removed from the boot partition"
# Ordered before pibx.service at boot; run by hand later, this starts it (no-op when running).
systemctl --no-block start pibx.service
`;

export const SEED_SERVICE = [
  "[Unit]",
  "Description=pibx: take the per-lab seed from the boot partition",
  `ConditionPathExists=${SEED_FILE}`,
  "RequiresMountsFor=/boot/firmware /etc",
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
