// The minimal change from the router's state to the desired one, over the pieces pibx owns only:
// its nft tables (each replaced whole, atomically), its dnsmasq file and process, the root qdisc
// of the interfaces it shapes, the static addresses of the interfaces it names, the default route
// when the intent gives a next hop, and ip_forward. Foreign tables, files and routes are not read
// beyond what is needed to compare. Pure.
//
// Order: ip_forward → addresses → route (so the router is reachable on its addresses before the
// filter comes up) → nft tables → qdiscs → dnsmasq (last: leases only once routing and NAT work).
import { DNSMASQ_ALIVE } from "./dnsmasq-process.ts";
import type { LinuxActualState } from "./linux-actual-state.ts";
import {
  type DnsmasqFile,
  type LinuxDesiredState,
  type LinuxPaths,
  type NftTable,
  OWNED_TABLES,
  tableKey,
} from "./linux-desired-state.ts";
import type { LinuxPlan, LinuxStep } from "./linux-plan.ts";
import { nftReplaceScript } from "./render-nftables.ts";
import { tcCommands } from "./render-tc.ts";
import { shellQuote } from "./shell-quote.ts";
import { tcDifferences } from "./tc-compare.ts";

const HEREDOC = "PIBX_EOF";
const script = (lines: string[]): string => `set -eu\n${lines.join("\n")}\n`;

/** Lines of `nft list` compared without indentation or blank lines (nft's own layout choices). */
export const nftLines = (text: string): string[] =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

/** `+`/`-` lines: what the desired table adds and what the router's copy has extra. */
export function lineDiff(have: string[], want: string[]): string[] {
  const count = new Map<string, number>();
  for (const l of have) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of want) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else added.push(`+ ${l}`);
  }
  const removed = [...count].flatMap(([l, n]) => Array<string>(n).fill(`- ${l}`));
  // Moved lines (same set, other order) still differ: say so rather than show nothing.
  if (added.length + removed.length === 0 && have.join("\n") !== want.join("\n"))
    return ["~ rule order differs"];
  return [...removed, ...added];
}

function nftSteps(want: NftTable[], have: LinuxActualState): LinuxStep[] {
  const steps: LinuxStep[] = [];
  for (const t of want) {
    const key = tableKey(t);
    const current = have.tableText[key];
    const file = nftReplaceScript(t);
    const apply = script([`nft -f - <<'${HEREDOC}'`, `${file}${HEREDOC}`]);
    if (current === undefined) {
      steps.push({
        piece: `nft ${key}`,
        action: "create",
        detail: nftLines(t.text).map((l) => `+ ${l}`),
        script: apply,
      });
      continue;
    }
    const detail = lineDiff(nftLines(current), nftLines(t.text));
    if (detail.length) steps.push({ piece: `nft ${key}`, action: "update", detail, script: apply });
  }
  const wanted = new Set(want.map(tableKey));
  for (const t of OWNED_TABLES) {
    const key = tableKey(t);
    if (!wanted.has(key) && have.tableText[key] !== undefined)
      steps.push({
        piece: `nft ${key}`,
        action: "delete",
        detail: [],
        script: script([`nft delete table ${key}`]),
      });
  }
  return steps;
}

function stopDnsmasq(pidFile: string): string[] {
  const pid = shellQuote(pidFile);
  return [
    DNSMASQ_ALIVE,
    `if [ -f ${pid} ]; then`,
    `  p=$(cat ${pid})`,
    '  if alive "$p"; then',
    `    kill "$p"; i=0`,
    `    while alive "$p" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done`,
    "  fi",
    `  rm -f ${pid}`,
    "fi",
  ];
}

const startDnsmasq = (f: DnsmasqFile): string[] => [
  // Daemonizes once its sockets are bound; a bad config or a busy port fails here, with the reason.
  `dnsmasq --conf-file=${shellQuote(f.path)} </dev/null >/dev/null`,
];

function dnsmasqSteps(want: LinuxDesiredState, have: LinuxActualState): LinuxStep[] {
  const f = want.dnsmasq;
  const p = want.paths;
  if (!f) {
    if (have.dnsmasq.content === undefined && have.dnsmasq.pid === undefined) return [];
    return [
      {
        piece: "dnsmasq",
        action: "delete",
        detail: [],
        script: script([
          ...stopDnsmasq(`${p.runDir}/dnsmasq.pid`),
          `rm -f ${shellQuote(`${p.configDir}/dnsmasq.conf`)}`,
        ]),
      },
    ];
  }
  if (have.dnsmasq.content === f.content) {
    if (have.dnsmasq.pid !== undefined) return [];
    return [{ piece: "dnsmasq", action: "start", detail: ["not running"], script: script(startDnsmasq(f)) }];
  }
  const tmp = shellQuote(`${f.path}.pibx-new`);
  const detail =
    have.dnsmasq.content === undefined
      ? nftLines(f.content).map((l) => `+ ${l}`)
      : lineDiff(nftLines(have.dnsmasq.content), nftLines(f.content));
  return [
    {
      piece: "dnsmasq",
      action: have.dnsmasq.content === undefined ? "create" : "update",
      detail,
      script: script([
        `mkdir -p ${[p.configDir, p.runDir, p.stateDir].map(shellQuote).join(" ")}`,
        `cat > ${tmp} <<'${HEREDOC}'`,
        `${f.content}${HEREDOC}`,
        // Checked before it replaces the running file: a bad file never reaches the live path.
        `dnsmasq --test --conf-file=${tmp} >/dev/null 2>&1 || { dnsmasq --test --conf-file=${tmp}; exit 1; }`,
        `mv ${tmp} ${shellQuote(f.path)}`,
        ...stopDnsmasq(f.pidFile),
        ...startDnsmasq(f),
      ]),
    },
  ];
}

function addressSteps(want: LinuxDesiredState, have: LinuxActualState): LinuxStep[] {
  const steps: LinuxStep[] = [];
  const devices = [...new Set(want.addresses.map((a) => a.device))];
  for (const device of devices) {
    const dev = shellQuote(device);
    const link = have.links.find((l) => l.name === device);
    const wanted = want.addresses.filter((a) => a.device === device);
    const has = (a: { address: string; prefixLength: number }) =>
      link?.inet.some((i) => i.address === a.address && i.prefixLength === a.prefixLength) ?? false;
    const lines: string[] = [];
    const detail: string[] = [];
    for (const a of link?.inet ?? []) {
      if (wanted.some((w) => w.address === a.address && w.prefixLength === a.prefixLength)) continue;
      detail.push(`- ${a.address}/${a.prefixLength}`);
      lines.push(`ip addr del ${a.address}/${a.prefixLength} dev ${dev}`);
    }
    for (const a of wanted.filter((w) => !has(w))) {
      detail.push(`+ ${a.address}/${a.prefixLength}`);
      lines.push(`ip addr add ${a.address}/${a.prefixLength} dev ${dev}`);
    }
    if (!link?.up) {
      detail.push("link down: set up");
      lines.push(`ip link set dev ${dev} up`);
    }
    // Deletes first, in the same script: deleting a primary address also deletes the secondaries
    // added after it (unless promote_secondaries is set), so adding first would lose the new one.
    if (lines.length)
      steps.push({ piece: `address ${device}`, action: "update", detail, script: script(lines) });
  }
  return steps;
}

export function planLinux(want: LinuxDesiredState, have: LinuxActualState): LinuxPlan {
  const steps: LinuxStep[] = [];
  if (!have.ipForward)
    steps.push({
      piece: "ip_forward",
      action: "update",
      detail: ["0 → 1"],
      script: script(["echo 1 > /proc/sys/net/ipv4/ip_forward"]),
    });
  steps.push(...addressSteps(want, have));
  const gw = want.defaultGateway;
  if (gw && (have.defaultGateways.length !== 1 || have.defaultGateways[0] !== gw))
    steps.push({
      piece: "default route",
      action: have.defaultGateways.length ? "update" : "create",
      detail: [
        `via ${gw}${have.defaultGateways.length ? `, was via ${have.defaultGateways.join(", ")}` : ""}`,
      ],
      script: script([`ip route replace default via ${gw}`]),
    });
  steps.push(...nftSteps(want.tables, have));
  for (const s of want.shaping) {
    const detail = tcDifferences(s, have.tc[s.device]);
    if (detail.length === 0) continue;
    steps.push({
      piece: `tc ${s.device}`,
      action: have.tc[s.device]?.root?.kind === "htb" ? "update" : "create",
      detail,
      script: script([`tc qdisc del dev ${shellQuote(s.device)} root 2>/dev/null || true`, ...tcCommands(s)]),
    });
  }
  steps.push(...dnsmasqSteps(want, have));
  return { steps };
}

/** What the router had before pibx first converged it, for `delete` to put back. */
export interface LinuxBaseline {
  ipForward: boolean;
  defaultGateways: string[];
}

export function baselineOf(have: LinuxActualState): LinuxBaseline {
  return { ipForward: have.ipForward, defaultGateways: [...have.defaultGateways] };
}

/**
 * Removing pibx: its tables, its qdiscs (a root `htb 1:` on a device pibx shapes), dnsmasq, its
 * files and (when empty) directories; ip_forward and the default route back to the baseline.
 * Addresses stay: the management session may depend on them.
 */
export function planLinuxRemoval(
  paths: LinuxPaths,
  shapedDevices: string[],
  have: LinuxActualState,
  baseline?: LinuxBaseline,
): LinuxPlan {
  const steps: LinuxStep[] = [];
  for (const t of OWNED_TABLES) {
    const key = tableKey(t);
    if (have.tableText[key] !== undefined)
      steps.push({
        piece: `nft ${key}`,
        action: "delete",
        detail: [],
        script: script([`nft delete table ${key}`]),
      });
  }
  for (const d of shapedDevices) {
    const root = have.tc[d]?.root;
    if (root?.kind === "htb" && root.handle === "1:")
      steps.push({
        piece: `tc ${d}`,
        action: "delete",
        detail: [],
        script: script([`tc qdisc del dev ${shellQuote(d)} root`]),
      });
  }
  if (have.dnsmasq.content !== undefined || have.dnsmasq.pid !== undefined)
    steps.push({
      piece: "dnsmasq",
      action: "delete",
      detail: [],
      script: script([
        ...stopDnsmasq(`${paths.runDir}/dnsmasq.pid`),
        `rm -f ${shellQuote(`${paths.configDir}/dnsmasq.conf`)} ${shellQuote(`${paths.stateDir}/dnsmasq.leases`)}`,
        // pibx's own directories go too, once empty (a file someone put there keeps its directory).
        ...[paths.configDir, paths.runDir, paths.stateDir].map(
          (d) => `rmdir ${shellQuote(d)} 2>/dev/null || true`,
        ),
      ]),
    });
  if (baseline) {
    const gw = baseline.defaultGateways[0];
    if (!gw && have.defaultGateways.length)
      steps.push({
        piece: "default route",
        action: "delete",
        detail: [`via ${have.defaultGateways.join(", ")} (there was none)`],
        script: script(["ip route del default"]),
      });
    if (gw && (have.defaultGateways.length !== 1 || have.defaultGateways[0] !== gw))
      steps.push({
        piece: "default route",
        action: "update",
        detail: [`back to via ${gw}`],
        script: script([`ip route replace default via ${gw}`]),
      });
    if (!baseline.ipForward && have.ipForward)
      steps.push({
        piece: "ip_forward",
        action: "update",
        detail: ["1 → 0"],
        script: script(["echo 0 > /proc/sys/net/ipv4/ip_forward"]),
      });
  }
  return { steps };
}
