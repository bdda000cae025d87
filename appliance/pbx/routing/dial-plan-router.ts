// The dial plan: (who calls, what they dialled) → where the call goes, or why not. Pure: no I/O,
// no clock; the per-trunk limits are TrunkCallLimiter's job, applied to the candidates returned.
//
// Order: callers that are not authenticated get 403 for everything (nothing reaches a trunk);
// emergency numbers go out through a trunk for every extension, whatever its permissions;
// internal numbers; then outbound: trunk patterns (404, or 484 when more digits could match),
// premium-rate numbers refused, extension permissions (403).
import { dialString } from "../blacklist/phone-number.ts";
import { compileDialPattern, couldComplete, type DialPattern, matchesPattern } from "./dial-pattern.ts";
import type { DialPlanConfig } from "./dial-plan-config.ts";
import { classifyNumber, type NumberClass, permits } from "./number-class.ts";
import type { RouteCaller } from "./route-caller.ts";

export interface OutboundCandidate {
  trunk: string;
  /** The number to send to that trunk (the form its pattern matched). */
  number: string;
}

export type RouteDecision =
  | { kind: "extension"; number: string }
  | { kind: "ring-group"; name: string; number: string }
  | { kind: "ivr"; name: string; number: string }
  | { kind: "conference"; number: string }
  | { kind: "voicemail-access"; mailbox: string }
  | {
      kind: "outbound";
      class: NumberClass;
      emergency: boolean;
      /** Trunks in order of preference (the first with capacity takes the call). */
      candidates: OutboundCandidate[];
    }
  /** RFC 3261 §21.4: 403 Forbidden, 404 Not Found, 484 Address Incomplete, 503 Service Unavailable. */
  | { kind: "refused"; status: 403 | 404 | 484 | 503; reason: string };

const refuse = (status: 403 | 404 | 484 | 503, reason: string): RouteDecision => ({
  kind: "refused",
  status,
  reason,
});

export class DialPlanRouter {
  private readonly patterns: ReadonlyArray<{ trunk: string; patterns: DialPattern[] }>;

  constructor(private readonly c: DialPlanConfig) {
    this.patterns = c.trunks.map((t) => ({ trunk: t.name, patterns: t.patterns.map(compileDialPattern) }));
  }

  route(caller: RouteCaller, dialled: string): RouteDecision {
    if (caller.kind === "unauthenticated") return refuse(403, "Authentication required");
    const s = dialString(dialled);
    if (s === undefined)
      return dialled.trim() === "" ? refuse(484, "Nothing dialled") : refuse(404, "Not a number");
    let extension: { number: string; permissions: "internal" | "national" | "international" } | undefined;
    if (caller.kind === "extension") {
      extension = this.c.extensions.find((e) => e.number === caller.identity.user);
      if (!extension) return refuse(403, "Unknown caller");
    }
    const emergency = this.c.emergency?.numbers.includes(s) ?? false;
    if (emergency && extension) return this.emergency(s);
    const internal = this.internal(s, caller);
    if (internal) return internal;
    // Outbound from anything but an authenticated extension: no trunk-to-trunk hairpin.
    if (!extension) return refuse(403, "Outbound calls need an authenticated extension");
    const candidates = this.candidates(s);
    if (candidates.length === 0) {
      const incomplete = this.patterns.some((t) => t.patterns.some((p) => couldComplete(p, s)));
      return incomplete ? refuse(484, "Address Incomplete") : refuse(404, "No route");
    }
    const cls = classifyNumber(s, {
      dialing: this.c.dialing,
      emergencyNumbers: this.c.emergency?.numbers ?? [],
      premiumPrefixes: this.c.premiumPrefixes,
    });
    if (cls === "premium" && !this.c.allowPremium) return refuse(403, "Premium-rate numbers are barred");
    if (cls !== "premium" && !permits(extension.permissions, cls))
      return refuse(403, `${cls === "international" ? "International" : "National"} calls not permitted`);
    return { kind: "outbound", class: cls, emergency: false, candidates };
  }

  private emergency(s: string): RouteDecision {
    const named = this.c.emergency?.trunk;
    const matching = this.candidates(s);
    const order: OutboundCandidate[] = [];
    // The configured emergency trunk first, then every trunk whose pattern matches, then any
    // trunk at all: an emergency call is never refused for want of a pattern.
    if (named && this.c.trunks.some((t) => t.name === named)) order.push({ trunk: named, number: s });
    for (const c of matching) if (!order.some((o) => o.trunk === c.trunk)) order.push(c);
    for (const t of this.c.trunks)
      if (!order.some((o) => o.trunk === t.name)) order.push({ trunk: t.name, number: s });
    if (order.length === 0) return refuse(503, "No trunk for emergency calls");
    return { kind: "outbound", class: "emergency", emergency: true, candidates: order };
  }

  private internal(s: string, caller: RouteCaller): RouteDecision | undefined {
    const c = this.c;
    if (c.extensions.some((e) => e.number === s)) return { kind: "extension", number: s };
    const rg = c.ringGroups.find((g) => g.number === s);
    if (rg) return { kind: "ring-group", name: rg.name, number: s };
    const ivr = c.ivrMenus.find((m) => m.number === s);
    if (ivr) return { kind: "ivr", name: ivr.name, number: s };
    if (c.conferences.some((r) => r.number === s)) return { kind: "conference", number: s };
    if (c.voicemailAccessNumber !== undefined && s === c.voicemailAccessNumber) {
      if (caller.kind !== "extension") return refuse(403, "Voicemail access is for extensions");
      const own = caller.identity.user;
      return c.mailboxes.includes(own)
        ? { kind: "voicemail-access", mailbox: own }
        : refuse(404, "No mailbox for this extension");
    }
    return undefined;
  }

  /** Every trunk whose patterns match one of the forms of the number, in trunk order. */
  private candidates(s: string): OutboundCandidate[] {
    const forms = this.forms(s);
    const out: OutboundCandidate[] = [];
    for (const t of this.patterns) {
      const form = forms.find((f) => t.patterns.some((p) => matchesPattern(p, f)));
      if (form !== undefined) out.push({ trunk: t.trunk, number: form });
    }
    return out;
  }

  /**
   * The number as dialled, then E.164 `+<cc>…` rewritten to the national form (`1…` in NANP) and
   * any other `+…` to the international prefix form (`011…`), so patterns need not list both.
   */
  private forms(s: string): string[] {
    const { countryCode, nationalPrefix, internationalPrefix } = this.c.dialing;
    const out = [s];
    if (s.startsWith("+")) {
      const rest = s.slice(1);
      if (rest.startsWith(countryCode)) out.push(nationalPrefix + rest.slice(countryCode.length));
      out.push(internationalPrefix + rest);
    }
    return out;
  }
}
