// The PBX's own routing table: internal numbers (extensions, ring groups, IVR menus, rooms, the
// voicemail access number) to route decisions, and configured destinations (a DID, an IVR
// option, a no-answer rule) to the same decisions. Permissions and trunks are the dial plan's
// job (pbx/routing), applied before a call gets here.
import type { CallerIdentity, CallRouter, Destination, DirectoryLookup, RouteDecision } from "./call-deps.ts";

export interface RoutingExtension {
  number: string;
  displayName?: string;
  ringTimeoutMs?: number;
  /** Where an unanswered, busy or unreachable call goes. */
  onNoAnswer?: Destination;
}

export interface RoutingTable {
  extensions: readonly RoutingExtension[];
  ringGroups?: ReadonlyArray<{
    name: string;
    number: string;
    members: readonly string[];
    sequential: boolean;
    ringTimeoutMs: number;
    onNoAnswer?: Destination;
  }>;
  ivrMenus?: ReadonlyArray<{ name: string; number?: string }>;
  rooms?: readonly string[];
  /** Boxes that exist (their numbers are the extensions'). */
  mailboxes?: readonly string[];
  /** Dialled by an extension to listen to its own box. */
  voicemailAccessNumber?: string;
  /** Ring timeout when an extension has none. */
  ringTimeoutMs?: number;
}

// RFC 3261 §21.4.5 404 Not Found: the number or destination does not exist (here).
const NOT_FOUND: RouteDecision = { kind: "reject", status: 404 };

export class PbxRouter implements CallRouter, DirectoryLookup {
  private readonly extensions = new Map<string, RoutingExtension>();

  constructor(private readonly t: RoutingTable) {
    for (const e of t.extensions) this.extensions.set(e.number, e);
  }

  route(dialled: string, caller: CallerIdentity): RouteDecision {
    if (this.extensions.has(dialled)) return this.resolve({ extension: dialled }, caller);
    const group = this.t.ringGroups?.find((g) => g.number === dialled);
    if (group) return this.resolve({ ringGroup: group.name }, caller);
    const menu = this.t.ivrMenus?.find((m) => m.number === dialled);
    if (menu) return { kind: "ivr", menu: menu.name };
    if (this.t.rooms?.includes(dialled)) return { kind: "conference", room: dialled };
    if (this.t.voicemailAccessNumber !== undefined && dialled === this.t.voicemailAccessNumber)
      return this.resolve({ mailboxAccess: caller.number }, caller);
    return NOT_FOUND;
  }

  resolve(d: Destination, _caller: CallerIdentity): RouteDecision {
    if ("extension" in d) {
      const e = this.extensions.get(d.extension);
      if (!e) return NOT_FOUND;
      const out: RouteDecision = { kind: "extension", user: e.number };
      const timeout = e.ringTimeoutMs ?? this.t.ringTimeoutMs;
      if (timeout !== undefined) out.ringTimeoutMs = timeout;
      if (e.onNoAnswer) out.noAnswer = e.onNoAnswer;
      return out;
    }
    if ("ringGroup" in d) {
      const g = this.t.ringGroups?.find((x) => x.name === d.ringGroup);
      if (!g) return NOT_FOUND;
      const out: RouteDecision = {
        kind: "ring-group",
        number: g.number,
        members: g.members.filter((m) => this.extensions.has(m)),
        sequential: g.sequential,
        ringTimeoutMs: g.ringTimeoutMs,
      };
      if (g.onNoAnswer) out.noAnswer = g.onNoAnswer;
      return out;
    }
    if ("ivr" in d)
      return this.t.ivrMenus?.some((m) => m.name === d.ivr) ? { kind: "ivr", menu: d.ivr } : NOT_FOUND;
    if ("conference" in d)
      return this.t.rooms?.includes(d.conference) ? { kind: "conference", room: d.conference } : NOT_FOUND;
    if ("voicemail" in d)
      return this.t.mailboxes?.includes(d.voicemail) ? { kind: "voicemail", box: d.voicemail } : NOT_FOUND;
    if ("mailboxAccess" in d)
      return this.t.mailboxes?.includes(d.mailboxAccess)
        ? { kind: "voicemail-access", box: d.mailboxAccess }
        : NOT_FOUND;
    return { kind: "hangup" };
  }

  identity(user: string): CallerIdentity | undefined {
    const e = this.extensions.get(user);
    if (!e) return undefined;
    return e.displayName === undefined
      ? { number: e.number }
      : { number: e.number, displayName: e.displayName };
  }
}
