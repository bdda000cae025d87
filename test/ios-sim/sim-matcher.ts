// TEST DOUBLE — matches a typed line against a mode's grammar the way the IOS parser does:
// keywords by unique prefix, the caret under the first token that fits nothing, `% Incomplete
// command.` when the line stops early, `% Ambiguous command` when a prefix fits two keywords.
import type { CommandDef, Spec } from "./sim-grammar-types.ts";

export interface Token {
  text: string;
  col: number;
}

export type MatchResult =
  | { ok: true; def: CommandDef; tokens: string[]; negated: boolean }
  | { ok: false; error: "invalid"; col: number }
  | { ok: false; error: "incomplete" }
  | { ok: false; error: "ambiguous" };

/** Splits on blanks; a double-quoted run (blanks included) stays in its token. */
export function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (input[i] === " ") {
      i++;
      continue;
    }
    const col = i;
    let quoted = false;
    while (i < input.length && (quoted || input[i] !== " ")) {
      if (input[i] === '"') quoted = !quoted;
      i++;
    }
    out.push({ text: input.slice(col, i), col });
  }
  return out;
}

const DSCP_NAMES: Record<string, number> = {
  default: 0,
  cs1: 8,
  af11: 10,
  af12: 12,
  af13: 14,
  cs2: 16,
  af21: 18,
  af22: 20,
  af23: 22,
  cs3: 24,
  af31: 26,
  af32: 28,
  af33: 30,
  cs4: 32,
  af41: 34,
  af42: 36,
  af43: 38,
  cs5: 40,
  ef: 46,
  cs6: 48,
  cs7: 56,
};
const DSCP_BY_VALUE = new Map(Object.entries(DSCP_NAMES).map(([k, v]) => [v, k]));

const IFACE_TYPES = ["FastEthernet", "Loopback", "Serial"];
/** The interfaces of an 1841 with no WIC installed. */
export const PHYSICAL_INTERFACES = ["FastEthernet0/0", "FastEthernet0/1"];

export function expandInterface(token: string): string | undefined {
  const m = /^([A-Za-z]+)([\d/]+)$/.exec(token);
  if (!m) return undefined;
  const types = IFACE_TYPES.filter((t) => t.toLowerCase().startsWith(m[1]!.toLowerCase()));
  if (types.length !== 1) return undefined;
  const name = `${types[0]}${m[2]}`;
  if (types[0] === "Loopback") return /^\d+$/.test(m[2]!) ? name : undefined;
  return PHYSICAL_INTERFACES.includes(name) ? name : undefined;
}

function isIp(t: string): boolean {
  const p = t.split(".");
  return p.length === 4 && p.every((x) => /^\d{1,3}$/.test(x) && Number(x) <= 255);
}

/** The canonical (running-config) form of a token for a spec, or undefined if it does not fit. */
function fit(spec: Spec, t: string): string | undefined {
  switch (spec.k) {
    case "kw":
      return spec.word.startsWith(t.toLowerCase()) ? spec.word : undefined;
    case "ip":
      return isIp(t) ? t : undefined;
    case "int": {
      if (!/^\d+$/.test(t)) return undefined;
      const n = Number(t);
      return n >= spec.min && n <= spec.max ? String(n) : undefined;
    }
    case "word":
      return t.includes('"') ? undefined : t;
    case "string":
    case "line":
      return t;
    case "iface":
      return expandInterface(t);
    case "dscp": {
      const lower = t.toLowerCase();
      if (lower in DSCP_NAMES) return lower;
      if (!/^\d+$/.test(t) || Number(t) > 63) return undefined;
      return DSCP_BY_VALUE.get(Number(t)) ?? t; // IOS shows a named code point by its name
    }
  }
}

export function matchCommand(input: string, defs: CommandDef[], allowNo: boolean): MatchResult {
  let tokens = tokenize(input);
  let negated = false;
  if (allowNo && tokens[0]?.text.toLowerCase() === "no") {
    negated = true;
    tokens = tokens.slice(1);
    if (tokens.length === 0) return { ok: false, error: "incomplete" };
  }
  let live = defs.filter((d) => !negated || d.noMin !== false);
  const canon = new Map<CommandDef, string[]>(live.map((d) => [d, []]));
  for (const [i, tok] of tokens.entries()) {
    const next: CommandDef[] = [];
    const keywords = new Set<string>();
    let exact = false;
    for (const d of live) {
      // A `line` spec took the rest of the line.
      if (d.specs.slice(0, i).some((s) => s.k === "line")) {
        next.push(d);
        continue;
      }
      const spec = d.specs[i];
      if (!spec) continue;
      const v = fit(spec, tok.text);
      if (v === undefined) continue;
      if (spec.k === "kw") {
        keywords.add(spec.word);
        if (spec.word === tok.text.toLowerCase()) exact = true;
      }
      next.push(d);
    }
    // A prefix of two different keywords is ambiguous unless it spells one of them.
    if (keywords.size > 1 && !exact) return { ok: false, error: "ambiguous" };
    const survivors = exact
      ? next.filter((d) => {
          const s = d.specs[i];
          return s?.k !== "kw" || s.word === tok.text.toLowerCase();
        })
      : next;
    if (survivors.length === 0) return { ok: false, error: "invalid", col: tok.col };
    for (const d of survivors) {
      const lineAt = d.specs.findIndex((s) => s.k === "line");
      if (lineAt >= 0 && i > lineAt) continue; // already took the rest of the line
      const spec = d.specs[i]!;
      canon.get(d)!.push(spec.k === "line" ? input.slice(tok.col).trimEnd() : fit(spec, tok.text)!);
    }
    live = survivors;
  }
  const required = (d: CommandDef) =>
    negated && typeof d.noMin === "number" ? d.noMin : (d.min ?? d.specs.length);
  const complete = live.filter((d) => tokens.length >= required(d));
  if (complete.length === 0) return { ok: false, error: "incomplete" };
  // Prefer the definition that uses every token as written (`ip address dhcp` over `ip address A M`).
  const def = complete.find((d) => d.specs.length === tokens.length) ?? complete[0]!;
  return { ok: true, def, tokens: canon.get(def)!, negated };
}
