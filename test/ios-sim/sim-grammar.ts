// TEST DOUBLE — the commands the IOS simulator accepts, per mode: the ones pibx types, the ones of
// the console bootstrap, and a few a person would (for hand-made drift). Anything else is refused
// the way IOS refuses it, so a mistyped command in pibx's renderer fails a test.
import {
  type CommandDef,
  dscp,
  iface,
  int,
  ip,
  kw,
  line,
  repeat,
  type SimMode,
  str,
  word,
} from "./sim-grammar-types.ts";

const exit: CommandDef = { specs: kw("exit"), action: "exit", noMin: false };
const end: CommandDef = { specs: kw("end"), action: "end", noMin: false };

const EXEC: CommandDef[] = [
  { specs: kw("enable"), action: "enable" },
  { specs: kw("disable"), action: "disable" },
  { specs: kw("exit"), action: "logout" },
  { specs: kw("logout"), action: "logout" },
  { specs: [...kw("terminal", "length"), int(0, 512)], action: "terminal-length" },
  { specs: [...kw("terminal", "width"), int(0, 512)], action: "terminal-width" },
  { specs: kw("show", "running-config"), action: "show-run" },
  { specs: kw("show", "ip", "interface", "brief"), action: "show-ip-int-brief" },
  { specs: kw("configure", "terminal"), action: "configure" },
  { specs: kw("write", "memory"), action: "write" },
  { specs: [...kw("copy", "running-config", "startup-config")], action: "write" },
];

const USER: CommandDef[] = [
  { specs: kw("enable"), action: "enable" },
  { specs: kw("exit"), action: "logout" },
  { specs: kw("logout"), action: "logout" },
  { specs: [...kw("terminal", "length"), int(0, 512)], action: "terminal-length" },
];

const CONFIG: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("hostname"), word], key: 1, noMin: 1 },
  { specs: [...kw("interface"), iface], enters: "config-if", noMin: false },
  { specs: [...kw("ip", "dhcp", "excluded-address"), ip, ip], min: 4 },
  { specs: [...kw("ip", "dhcp", "pool"), word], enters: "dhcp-config" },
  // IOS 12.4 still takes `ip domain-name` and shows it as `ip domain name`.
  { specs: [...kw("ip", "domain", "name"), word], key: 3, noMin: 3 },
  { specs: [...kw("ip", "domain-name"), word], key: 3, noMin: 2, canon: (t) => `ip domain name ${t[2]}` },
  { specs: kw("ip", "dns", "server") },
  { specs: [...kw("ip", "access-list", "standard"), word], enters: "config-std-nacl" },
  { specs: [...kw("ip", "access-list", "extended"), word], enters: "config-ext-nacl" },
  { specs: [...kw("access-list"), int(1, 99), { k: "kw", word: "permit" }, ip, ip], min: 4 },
  { specs: [...kw("access-list"), int(1, 99), { k: "kw", word: "deny" }, ip, ip], min: 4 },
  // The match type is shown even when it is the default (match-all).
  { specs: [...kw("class-map", "match-any"), word], enters: "config-cmap" },
  { specs: [...kw("class-map", "match-all"), word], enters: "config-cmap" },
  { specs: [...kw("class-map"), word], enters: "config-cmap", canon: (t) => `class-map match-all ${t[1]}` },
  { specs: [...kw("policy-map"), word], enters: "config-pmap" },
  {
    specs: [
      ...kw("ip", "nat", "inside", "source", "list"),
      word,
      ...kw("interface"),
      iface,
      ...kw("overload"),
    ],
  },
  {
    specs: [
      ...kw("ip", "nat", "inside", "source", "static", "udp"),
      ip,
      int(1, 65535),
      ...kw("interface"),
      iface,
      int(1, 65535),
    ],
  },
  {
    specs: [
      ...kw("ip", "nat", "inside", "source", "static", "tcp"),
      ip,
      int(1, 65535),
      ...kw("interface"),
      iface,
      int(1, 65535),
    ],
  },
  { specs: [...kw("ip", "route"), ip, ip, ip] },
  { specs: [...kw("ip", "nat", "service", "sip", "udp", "port"), int(1, 65535)], defaultOn: true },
  { specs: [...kw("ip", "nat", "service", "sip", "tcp", "port"), int(1, 65535)], defaultOn: true },
  { specs: [...kw("ip", "ssh", "version"), int(1, 2)], key: 3, noMin: 3 },
  {
    specs: [...kw("username"), word, ...kw("privilege"), int(0, 15), ...kw("secret"), line],
    key: 2,
    noMin: 2,
  },
  { specs: [...kw("enable", "secret"), line], key: 2, noMin: 2 },
  { specs: [...kw("line", "vty"), int(0, 15), int(0, 15)], enters: "config-line", noMin: false },
  {
    specs: [...kw("crypto", "key", "generate", "rsa", "modulus"), int(360, 4096)],
    action: "crypto-key",
    noMin: false,
  },
];

const INTERFACE: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("ip", "address"), ip, ip], key: 2, noMin: 2 },
  { specs: kw("ip", "address", "dhcp"), key: 2, noMin: 2 },
  { specs: kw("ip", "nat", "inside"), key: 2 },
  { specs: kw("ip", "nat", "outside"), key: 2 },
  { specs: kw("ip", "virtual-reassembly"), key: 2 },
  { specs: [...kw("service-policy", "output"), word], key: 2 },
  { specs: [...kw("service-policy", "input"), word], key: 2 },
  { specs: kw("shutdown"), key: 1 },
  { specs: [...kw("description"), line], key: 1, noMin: 1 },
  { specs: [...kw("duplex"), word], key: 1, noMin: 1 },
  { specs: [...kw("speed"), word], key: 1, noMin: 1 },
];

const DHCP_POOL: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("network"), ip, ip], key: 1, noMin: 1 },
  { specs: [...kw("default-router"), ...repeat(ip, 8)], min: 2, key: 1, noMin: 1 },
  { specs: [...kw("dns-server"), ...repeat(ip, 8)], min: 2, key: 1, noMin: 1 },
  { specs: [...kw("domain-name"), word], key: 1, noMin: 1 },
  { specs: [...kw("option"), int(0, 254), ...kw("ip"), ...repeat(ip, 8)], min: 4, key: 2, noMin: 2 },
  { specs: [...kw("option"), int(0, 254), ...kw("ascii"), str], key: 2, noMin: 2 },
  { specs: [...kw("option"), int(0, 254), ...kw("hex"), word], key: 2, noMin: 2 },
  { specs: kw("lease", "infinite"), key: 1, noMin: 1 },
  // `lease 1` (one day) is the default: the running-config does not show it.
  {
    specs: [...kw("lease"), int(0, 365), int(0, 23), int(0, 59)],
    min: 2,
    key: 1,
    noMin: 1,
    canon: (t) => (t[1] === "1" && (t[2] ?? "0") === "0" && (t[3] ?? "0") === "0" ? null : t.join(" ")),
  },
];

const CLASS_MAP: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("match", "dscp"), ...repeat(dscp, 8)], min: 3 },
  { specs: [...kw("match", "ip", "dscp"), ...repeat(dscp, 8)], min: 4 },
  { specs: [...kw("match", "access-group", "name"), word] },
  { specs: [...kw("description"), line], key: 1, noMin: 1 },
];

const POLICY_MAP: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("class"), word], enters: "config-pmap-c" },
  { specs: [...kw("description"), line], key: 1, noMin: 1 },
];

const POLICY_CLASS: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("priority", "percent"), int(1, 100)], key: 1, noMin: 1 },
  { specs: [...kw("priority"), int(8, 2_000_000)], key: 1, noMin: 1 },
  { specs: [...kw("bandwidth", "percent"), int(1, 100)], key: 1, noMin: 1 },
  { specs: [...kw("bandwidth", "remaining", "percent"), int(1, 100)], key: 1, noMin: 1 },
  { specs: [...kw("bandwidth"), int(8, 2_000_000)], key: 1, noMin: 1 },
  { specs: [...kw("set", "dscp"), dscp], key: 2, noMin: 2 },
  { specs: [...kw("set", "ip", "dscp"), dscp], key: 3, noMin: 3 },
  { specs: kw("fair-queue"), key: 1 },
];

const STD_ACL: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("permit"), ip, ip], min: 2 },
  { specs: [...kw("deny"), ip, ip], min: 2 },
  { specs: kw("permit", "any") },
  { specs: kw("deny", "any") },
  { specs: [...kw("remark"), line] },
];

const EXT_ACL: CommandDef[] = [
  exit,
  end,
  { specs: [...kw("permit"), line] },
  { specs: [...kw("deny"), line] },
];

const LINE: CommandDef[] = [
  exit,
  end,
  { specs: kw("login", "local"), key: 1, noMin: 1 },
  { specs: [...kw("transport", "input"), word], key: 2, noMin: 2 },
  { specs: [...kw("exec-timeout"), int(0, 35791), int(0, 2147483)], min: 2, key: 1, noMin: 1 },
];

export const GRAMMAR: Record<SimMode, CommandDef[]> = {
  user: USER,
  exec: EXEC,
  config: CONFIG,
  "config-if": INTERFACE,
  "dhcp-config": DHCP_POOL,
  "config-cmap": CLASS_MAP,
  "config-pmap": POLICY_MAP,
  "config-pmap-c": POLICY_CLASS,
  "config-std-nacl": STD_ACL,
  "config-ext-nacl": EXT_ACL,
  "config-line": LINE,
};

/** Where IOS looks next when a command is not valid in a sub-mode. */
export const PARENT_MODE: Partial<Record<SimMode, SimMode>> = {
  "config-if": "config",
  "dhcp-config": "config",
  "config-cmap": "config",
  "config-pmap": "config",
  "config-pmap-c": "config-pmap",
  "config-std-nacl": "config",
  "config-ext-nacl": "config",
  "config-line": "config",
};

export const CONFIG_MODES: SimMode[] = Object.keys(PARENT_MODE).concat("config") as SimMode[];
