// The semantic preview: what changes between two labs, in phone-system terms, one line per change
// ("IVR main: option 13 now rings extension 101 instead of 100", "extension 102 added (Bob)",
// "trunk callcentric: password rotated"). Pure and deterministic: sections in the lab's order,
// items by key (numbers numerically). Secrets are compared by digest only: a line can say a
// secret was rotated, never what it was or is.
import type {
  Blacklist,
  DhcpPool,
  Did,
  IvrMenu,
  IvrOption,
  Lab,
  LabRouter,
  Network,
  PortForward,
  SecretDeclaration,
  Trunk,
} from "../../schemas/index.ts";
import { secretReferences } from "./secrets.ts";
import {
  compareKeys,
  destinationAction,
  fieldWord,
  formatValue,
  isDestination,
  previousDestination,
} from "./semantic-diff-values.ts";

/** Secret name → a digest of its value (never the value). */
export type SecretDigests = Readonly<Record<string, string>>;

export interface SemanticDiffOptions {
  secretDigestsBefore?: SecretDigests;
  secretDigestsAfter?: SecretDigests;
}

type Lines = string[];
type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => equal(a[k], b[k]));
  }
  return false;
}

/** Alternatives of a union (static vs DHCP address, say vs file): compared as whole values. */
function sameShape(a: Obj, b: Obj): boolean {
  const shared = Object.keys(a).filter((k) => k in b && k !== "name" && k !== "label");
  return shared.length > 0;
}

function sortedKeys(a: Obj | undefined, b: Obj | undefined, skip: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...keys].filter((k) => !skip.includes(k)).sort(compareKeys);
}

/** Field-by-field lines for one subject; `path` are the words after "subject:". */
function fields(out: Lines, subject: string, path: readonly string[], a: unknown, b: unknown): void {
  if (equal(a, b)) return;
  const at = path.length > 0 ? `${subject}: ${path.join(" ")}` : subject;
  if (a === undefined) {
    out.push(isDestination(b) ? `${at} now ${destinationAction(b)}` : `${at} set to ${formatValue(b)}`);
  } else if (b === undefined) {
    out.push(`${at} removed (was ${formatValue(a)})`);
  } else if (isDestination(a) && isDestination(b)) {
    out.push(`${at} now ${destinationAction(b)} instead of ${previousDestination(a, b)}`);
  } else if (isObject(a) && isObject(b) && sameShape(a, b)) {
    for (const key of sortedKeys(a, b)) fields(out, subject, [...path, fieldWord(key)], a[key], b[key]);
  } else {
    out.push(`${at} now ${formatValue(b)} instead of ${formatValue(a)}`);
  }
}

/** The other fields of an object, those not given their own wording. */
function otherFields(
  out: Lines,
  subject: string,
  a: unknown,
  b: unknown,
  skip: readonly string[],
  path: readonly string[] = [],
): void {
  const oa = a as Obj;
  const ob = b as Obj;
  for (const key of sortedKeys(oa, ob, skip))
    fields(out, subject, [...path, fieldWord(key)], oa[key], ob[key]);
}

interface Keyed<T> {
  key(item: T): string;
  noun(item: T): string;
  /** Shown in brackets after "added". */
  detail?(item: T): string | undefined;
  changed?(out: Lines, subject: string, before: T, after: T): void;
}

function keyed<T>(out: Lines, before: readonly T[], after: readonly T[], how: Keyed<T>): void {
  const olds = new Map(before.map((item) => [how.key(item), item]));
  const news = new Map(after.map((item) => [how.key(item), item]));
  for (const key of [...new Set([...olds.keys(), ...news.keys()])].sort(compareKeys)) {
    const a = olds.get(key);
    const b = news.get(key);
    if (a === undefined && b !== undefined) {
      const detail = how.detail?.(b);
      out.push(`${how.noun(b)} added${detail ? ` (${detail})` : ""}`);
    } else if (b === undefined && a !== undefined) {
      out.push(`${how.noun(a)} removed`);
    } else if (a !== undefined && b !== undefined && !equal(a, b)) {
      if (how.changed) how.changed(out, how.noun(b), a, b);
      else fields(out, how.noun(b), [], a, b);
    }
  }
}

/** "trunks: order now b, a instead of a, b" when the same items are listed in another order. */
function order(out: Lines, subject: string, before: readonly string[], after: readonly string[]): void {
  const same = before.length === after.length && [...before].sort().join() === [...after].sort().join();
  if (same && before.join() !== after.join()) {
    out.push(`${subject}: order now ${after.join(", ")} instead of ${before.join(", ")}`);
  }
}

function describeSecret(d: SecretDeclaration): string {
  if ("from" in d) return "from config";
  return `generated ${d.generate}${d.length !== undefined ? ` of ${d.length}` : ""}`;
}

function ivrOptions(out: Lines, subject: string, a: IvrMenu["options"], b: IvrMenu["options"]): void {
  const entries = (o: IvrMenu["options"]) =>
    Object.entries(o).filter((e): e is [string, IvrOption] => e[1] !== undefined);
  keyed<[string, IvrOption]>(out, entries(a), entries(b), {
    key: ([digits]) => digits,
    noun: ([digits]) => `${subject}: option ${digits}`,
    detail: ([, o]) => `${destinationAction(o.destination)}${o.hidden ? ", hidden" : ""}`,
    changed: (lines, _noun, [digits, x], [, y]) => {
      const option = `option ${digits}`;
      fields(lines, subject, [option], x.destination, y.destination);
      otherFields(lines, subject, x, y, ["destination"], [option]);
    },
  });
}

function ivrMenu(out: Lines, subject: string, a: IvrMenu, b: IvrMenu): void {
  ivrOptions(out, subject, a.options, b.options);
  otherFields(out, subject, a, b, ["options"]);
}

function trunk(out: Lines, subject: string, a: Trunk, b: Trunk): void {
  keyed<Did>(out, a.dids, b.dids, {
    key: (d) => d.number,
    noun: (d) => `${subject}: DID ${d.number}`,
    detail: (d) => destinationAction(d.destination),
    changed: (lines, _noun, x, y) => {
      const did = `DID ${x.number}`;
      fields(lines, subject, [did], x.destination, y.destination);
      otherFields(lines, subject, x, y, ["destination", "number"], [did]);
    },
  });
  otherFields(out, subject, a, b, ["dids"]);
}

function blacklist(out: Lines, a: Blacklist, b: Blacklist): void {
  const answered = `answered ${b.response}`;
  const sets = (what: "numbers" | "prefixes", label: string) => {
    const olds = new Set(a[what]);
    const news = new Set(b[what]);
    for (const n of [...new Set([...a[what], ...b[what]])].sort(compareKeys)) {
      if (!olds.has(n)) out.push(`blacklist: ${label}${n} added (${answered})`);
      else if (!news.has(n)) out.push(`blacklist: ${label}${n} removed`);
    }
  };
  sets("numbers", "");
  sets("prefixes", "prefix ");
  if (a.anonymous !== b.anonymous) {
    out.push(`blacklist: anonymous callers now ${b.anonymous ? `refused (${answered})` : "accepted"}`);
  }
  if (a.response !== b.response)
    out.push(`blacklist: callers now answered ${b.response} instead of ${a.response}`);
}

function dhcpPool(out: Lines, subject: string, a: DhcpPool, b: DhcpPool): void {
  for (const key of sortedKeys(a.options as Obj, b.options as Obj)) {
    const k = key as keyof DhcpPool["options"];
    fields(out, subject, [fieldWord(key)], a.options[k], b.options[k]);
  }
  otherFields(out, subject, a, b, ["options"]);
}

function labRouter(out: Lines, a: LabRouter | undefined, b: LabRouter | undefined): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined || b === undefined) {
    const r = (a ?? b) as LabRouter;
    out.push(`lab router ${a ? "removed" : "added"} (${[r.kind, r.model].filter(Boolean).join(" ")})`);
    return;
  }
  keyed<DhcpPool>(out, a.dhcpPools, b.dhcpPools, {
    key: (p) => p.name,
    noun: (p) => `DHCP pool ${p.name}`,
    detail: (p) => p.network,
    changed: dhcpPool,
  });
  otherFields(out, "lab router", a, b, ["dhcpPools"]);
}

function forwardName(f: PortForward): string {
  return `${f.protocol} ${f.port}${f.endPort !== undefined ? `-${f.endPort}` : ""}`;
}

function network(out: Lines, a: Network, b: Network): void {
  labRouter(out, a.labRouter, b.labRouter);
  fields(out, "home router", [], a.homeRouter, b.homeRouter);
  if (a.portForwards === undefined && b.portForwards !== undefined) {
    out.push(`port forwards: now listed by hand (${b.portForwards.map(forwardName).join(", ") || "none"})`);
  } else if (a.portForwards !== undefined && b.portForwards === undefined) {
    out.push("port forwards: now derived from the SIP ports and the RTP range");
  } else if (a.portForwards !== undefined && b.portForwards !== undefined) {
    keyed<PortForward>(out, a.portForwards, b.portForwards, {
      key: forwardName,
      noun: (f) => `port forward ${forwardName(f)}`,
      detail: (f) => f.description,
    });
  }
}

/** "trunk callcentric: password" for `trunks[0].password`, from the lab that uses it. */
export function secretUseLabel(lab: Lab, path: string): string {
  const usage: Readonly<Record<string, string>> = {
    password: "password",
    "voicemail.pin": "voicemail PIN",
    pin: "PIN",
    "management.password": "password",
    "management.privateKey": "SSH key",
    "management.enableSecret": "enable secret",
    "certificate.privateKey": "TLS private key",
  };
  const item = /^(\w+)\[(\d+)\]\.(.+)$/.exec(path);
  if (item) {
    const [, list = "", index = "0", rest = ""] = item;
    const entries = (lab as unknown as Record<string, unknown>)[list];
    const entry = Array.isArray(entries) ? (entries[Number(index)] as Obj | undefined) : undefined;
    const nouns: Readonly<Record<string, (e: Obj) => string>> = {
      extensions: (e) => `extension ${String(e.number)}`,
      trunks: (e) => `trunk ${String(e.name)}`,
      conferences: (e) => `conference ${String(e.number)}`,
    };
    const noun = entry && nouns[list] ? nouns[list](entry) : `${list}[${index}]`;
    return `${noun}: ${usage[rest] ?? rest}`;
  }
  if (path.startsWith("network.labRouter.")) {
    const rest = path.slice("network.labRouter.".length);
    return `lab router: ${usage[rest] ?? rest}`;
  }
  if (path.startsWith("appliance.sip.tls.")) return `appliance: ${usage[path.slice(18)] ?? path}`;
  return path;
}

function secrets(out: Lines, a: Lab, b: Lab, options: SemanticDiffOptions): void {
  const declared = (lab: Lab) =>
    Object.entries(lab.secrets).filter((e): e is [string, SecretDeclaration] => e[1] !== undefined);
  keyed<[string, SecretDeclaration]>(out, declared(a), declared(b), {
    key: ([name]) => name,
    noun: ([name]) => `secret ${name}`,
    detail: ([, d]) => describeSecret(d),
    changed: (lines, noun, [, x], [, y]) =>
      lines.push(`${noun} now ${describeSecret(y)} instead of ${describeSecret(x)}`),
  });
  const olds = options.secretDigestsBefore ?? {};
  const news = options.secretDigestsAfter ?? {};
  const uses = secretReferences(b);
  for (const name of Object.keys(news).sort(compareKeys)) {
    if (olds[name] === undefined || olds[name] === news[name]) continue;
    const where = uses.get(name) ?? [];
    if (where.length === 0) out.push(`secret ${name} rotated`);
    for (const path of where) out.push(`${secretUseLabel(b, path)} rotated`);
  }
}

/** Each section of the lab, in the lab's order. A new section fails to compile until it is here. */
const sections: { [K in keyof Lab]-?: (out: Lines, a: Lab, b: Lab, o: SemanticDiffOptions) => void } = {
  site: (out, a, b) => fields(out, "site", [], a.site, b.site),
  appliance: (out, a, b) => fields(out, "appliance", [], a.appliance, b.appliance),
  secrets,
  extensions: (out, a, b) =>
    keyed(out, a.extensions, b.extensions, {
      key: (e) => e.number,
      noun: (e) => `extension ${e.number}`,
      detail: (e) => e.name,
    }),
  devices: (out, a, b) =>
    keyed(out, a.devices, b.devices, {
      key: (d) => d.id,
      noun: (d) => `device ${d.id}`,
      detail: (d) => (d.type === "desk" ? `${d.vendor} ${d.model}` : `${d.app} softphone`),
    }),
  ringGroups: (out, a, b) =>
    keyed(out, a.ringGroups, b.ringGroups, {
      key: (g) => g.name,
      noun: (g) => `ring group ${g.name}`,
      detail: (g) => `${g.number}: ${g.members.join(", ")}`,
    }),
  conferences: (out, a, b) =>
    keyed(out, a.conferences, b.conferences, {
      key: (c) => c.number,
      noun: (c) => `conference ${c.number}`,
      detail: (c) => c.name,
    }),
  ivrMenus: (out, a, b) =>
    keyed(out, a.ivrMenus, b.ivrMenus, {
      key: (m) => m.name,
      noun: (m) => `IVR ${m.name}`,
      detail: (m) => (m.number ? `number ${m.number}` : undefined),
      changed: ivrMenu,
    }),
  trunks: (out, a, b) => {
    keyed(out, a.trunks, b.trunks, {
      key: (t) => t.name,
      noun: (t) => `trunk ${t.name}`,
      detail: (t) => `${t.host}:${t.port}`,
      changed: trunk,
    });
    order(
      out,
      "trunks",
      a.trunks.map((t) => t.name),
      b.trunks.map((t) => t.name),
    );
  },
  emergency: (out, a, b) => fields(out, "emergency", [], a.emergency, b.emergency),
  voicemail: (out, a, b) => fields(out, "voicemail", [], a.voicemail, b.voicemail),
  musicOnHold: (out, a, b) => fields(out, "music on hold", [], a.musicOnHold, b.musicOnHold),
  blacklist: (out, a, b) => blacklist(out, a.blacklist, b.blacklist),
  network: (out, a, b) => network(out, a.network, b.network),
};

/** The changes from `before` to `after`, one readable line each; [] when nothing changed. */
export function semanticDiff(before: Lab, after: Lab, options: SemanticDiffOptions = {}): string[] {
  const out: Lines = [];
  for (const section of Object.values(sections)) section(out, before, after, options);
  return out;
}
