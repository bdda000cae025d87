// The minimal ordered change from the running-config to the desired sections, touching only what
// pibx owns. Pure: the result is data that can be shown before anything is sent.
//
// Order (each phase depends only on earlier ones):
//  detach    service-policies that go away or whose policy-map changes; stale NAT entries and
//            routes (they reference ACLs and interfaces)
//  acl → class-map → policy-map → dhcp-excluded (before pools, so no excluded address is leased)
//  → dhcp-pool → interface (addresses, NAT roles, policy attach, no shutdown) → nat → route → dns
//  stale blocks last: policy-maps before the class-maps they use; pools; ACLs.
import { type ConfigNode, canonicalLine } from "./config-node.ts";
import { noForm, replacementKey } from "./ios-command-forms.ts";
import type { IosDesiredConfig, IosSection, IosSectionKind } from "./ios-desired-config.ts";
import { interfaceName, ownedTopLevelKind, ownsInterfaceLine } from "./ios-ownership.ts";

export interface PlanStep {
  sectionId: string;
  /** Headers of the configuration sub-mode the command is typed in (`[]` = global). */
  path: string[];
  command: string;
  action: "add" | "remove";
  /** The command opens a sub-mode (a new block header): the following steps are typed inside it. */
  enters?: boolean;
  /** The line on the router this command overwrites in place (a keyed value such as `lease`). */
  replaces?: string;
}

export interface IosPlan {
  steps: PlanStep[];
}

const PHASE = {
  detach: 0,
  acl: 1,
  "class-map": 2,
  "policy-map": 3,
  "dhcp-excluded": 4,
  "dhcp-pool": 5,
  interface: 6,
  nat: 7,
  route: 8,
  dns: 9,
  stalePolicyMap: 10,
  staleClassMap: 11,
  staleBlock: 12,
} as const;

interface Phased extends PlanStep {
  phase: number;
}

export function planIos(desired: IosDesiredConfig, running: ConfigNode[]): IosPlan {
  const steps: Phased[] = [];
  const push = (phase: number, s: PlanStep) => steps.push({ ...s, phase });
  const ownedActual = new Map<IosSectionKind, ConfigNode[]>();
  for (const n of running) {
    const kind = ownedTopLevelKind(n, desired.ownership);
    if (kind) ownedActual.set(kind, [...(ownedActual.get(kind) ?? []), n]);
  }
  const actualOf = (kind: IosSectionKind) => ownedActual.get(kind) ?? [];
  const byText = (nodes: ConfigNode[]) => new Map(nodes.map((n) => [canonicalLine(n.text), n]));

  // Blocks: acl, class-map, policy-map, dhcp-pool.
  const changedPolicies = new Set<string>();
  for (const kind of ["acl", "class-map", "policy-map", "dhcp-pool"] as const) {
    const actual = byText(actualOf(kind));
    const wanted = new Set<string>();
    for (const section of desired.sections.filter((s) => s.kind === kind)) {
      for (const want of section.nodes) {
        const key = canonicalLine(want.text);
        wanted.add(key);
        const have = actual.get(key);
        const before = steps.length;
        if (have)
          diffChildren(section.id, [want.text], have.children, want.children, (s) => push(PHASE[kind], s));
        else addTree(section.id, [], want, (s) => push(PHASE[kind], s));
        if (kind === "policy-map" && have && steps.length > before)
          changedPolicies.add(want.text.slice("policy-map ".length));
      }
    }
    for (const [key, have] of actual) {
      if (wanted.has(key)) continue;
      const phase =
        kind === "policy-map"
          ? PHASE.stalePolicyMap
          : kind === "class-map"
            ? PHASE.staleClassMap
            : PHASE.staleBlock;
      push(phase, {
        sectionId: `${kind}:${key.split(" ").pop()}`,
        path: [],
        command: noForm(have.text),
        action: "remove",
      });
    }
  }

  // Top-level lines: dhcp-excluded, nat, route, dns.
  for (const kind of ["dhcp-excluded", "nat", "route", "dns"] as const) {
    const sections = desired.sections.filter((s) => s.kind === kind);
    const wanted = new Map<string, { section: IosSection; text: string }>();
    for (const section of sections)
      for (const n of section.nodes) wanted.set(canonicalLine(n.text), { section, text: n.text });
    const actual = byText(actualOf(kind));
    const stalePhase = kind === "dhcp-excluded" ? PHASE["dhcp-excluded"] : PHASE.detach;
    for (const [key, have] of actual) {
      if (!wanted.has(key))
        push(stalePhase, { sectionId: kind, path: [], command: noForm(have.text), action: "remove" });
    }
    for (const [key, w] of wanted) {
      if (!actual.has(key))
        push(PHASE[kind], { sectionId: w.section.id, path: [], command: w.text, action: "add" });
    }
  }

  // Interfaces: only the managed sub-commands of the interfaces the intent names.
  for (const section of desired.sections.filter((s) => s.kind === "interface")) {
    const want = section.nodes[0]!;
    const name = want.text.slice("interface ".length);
    const have = running.find((n) => interfaceName(n) === name);
    const haveLines = (have?.children ?? []).filter((c) => ownsInterfaceLine(c.text));
    const path = [want.text];
    const wantTexts = new Set(want.children.map((c) => canonicalLine(c.text)));
    const haveTexts = new Set(haveLines.map((c) => canonicalLine(c.text)));
    const detaching = (t: string) => {
      const policy = /^service-policy output (\S+)$/.exec(t)?.[1];
      return policy !== undefined && changedPolicies.has(policy);
    };
    const replaced = new Map<string, string>();
    for (const c of haveLines) {
      const t = canonicalLine(c.text);
      const key = replacementKey(t);
      if (t.startsWith("no ")) {
        if (key) replaced.set(key, t); // `no ip address`: IOS showing an absence
        continue;
      }
      const absent = section.absent?.includes(t) ?? false;
      if (wantTexts.has(t) && !detaching(t)) continue;
      if (!absent && key && want.children.some((w) => replacementKey(canonicalLine(w.text)) === key)) {
        replaced.set(key, t);
        continue;
      }
      const phase = t.startsWith("service-policy ") ? PHASE.detach : PHASE.interface;
      push(phase, { sectionId: section.id, path, command: absent ? `no ${t}` : noForm(t), action: "remove" });
    }
    for (const w of want.children) {
      const t = canonicalLine(w.text);
      if (haveTexts.has(t) && !detaching(t)) continue;
      const old = replaced.get(replacementKey(t) ?? "");
      push(PHASE.interface, {
        sectionId: section.id,
        path,
        command: w.text,
        action: "add",
        ...(old ? { replaces: old } : {}),
      });
    }
  }

  steps.sort((a, b) => a.phase - b.phase);
  return { steps: steps.map(({ phase: _phase, ...s }) => s) };
}

/**
 * Adds a node and everything under it: the header opens its sub-mode, children follow inside.
 * Lines are typed as rendered (an ascii option keeps its quotes); only comparisons are canonical.
 */
function addTree(sectionId: string, path: string[], n: ConfigNode, emit: (s: PlanStep) => void): void {
  const command = n.text;
  emit({ sectionId, path, command, action: "add", ...(n.children.length ? { enters: true } : {}) });
  for (const c of n.children) addTree(sectionId, [...path, command], c, emit);
}

/** Inside an owned block: removals first (a class may hold priority or bandwidth, not both), then adds. */
function diffChildren(
  sectionId: string,
  path: string[],
  have: ConfigNode[],
  want: ConfigNode[],
  emit: (s: PlanStep) => void,
): void {
  const haveBy = new Map(have.map((n) => [canonicalLine(n.text), n]));
  const wantBy = new Map(want.map((n) => [canonicalLine(n.text), n]));
  const wantKeys = new Set([...wantBy.keys()].map(replacementKey).filter((k) => k !== undefined));
  const replaced = new Map<string, string>();
  for (const [t, h] of haveBy) {
    if (wantBy.has(t)) continue;
    const key = replacementKey(t);
    // A keyed value being replaced needs no `no`: typing the new value overwrites it.
    if (key && wantKeys.has(key)) {
      replaced.set(key, t);
      continue;
    }
    emit({ sectionId, path, command: noForm(canonicalLine(h.text)), action: "remove" });
  }
  for (const [t, w] of wantBy) {
    const h = haveBy.get(t);
    const old = replaced.get(replacementKey(t) ?? "");
    if (!h)
      addTree(sectionId, path, w, (s) => emit(old && s.command === w.text ? { ...s, replaces: old } : s));
    else if (w.children.length || h.children.length)
      diffChildren(sectionId, [...path, w.text], h.children, w.children, emit);
  }
}

/**
 * The plan as the exact lines typed after `configure terminal`: sub-modes are entered by their
 * header and left with `exit`, so each command runs in the mode it was planned for.
 */
export function planToCliLines(plan: IosPlan): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const step of plan.steps) {
    let common = 0;
    while (common < current.length && common < step.path.length && current[common] === step.path[common])
      common++;
    for (let i = current.length; i > common; i--) out.push("exit");
    for (let i = common; i < step.path.length; i++) out.push(step.path[i]!);
    out.push(step.command);
    current = step.enters ? [...step.path, step.command] : [...step.path];
  }
  for (let i = current.length; i > 0; i--) out.push("exit");
  return out;
}

/** The plan for people: `+`/`-` lines grouped by section, indented by sub-mode. */
export function describePlan(plan: IosPlan): string {
  const out: string[] = [];
  let section = "";
  for (const s of plan.steps) {
    if (s.sectionId !== section) {
      section = s.sectionId;
      out.push(`${section}:`);
    }
    const where = s.path.length ? `[${s.path.join(" > ")}] ` : "";
    out.push(
      `  ${s.action === "add" ? "+" : "-"} ${where}${s.command}${s.replaces ? `   (was: ${s.replaces})` : ""}`,
    );
  }
  return out.join("\n");
}
