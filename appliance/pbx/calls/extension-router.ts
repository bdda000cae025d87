// The simplest dial plan: a dialled number that is a configured extension rings it; a
// configured conference room number joins the room; anything else is 404 (RFC 3261 §21.4.5).
import type { CallerIdentity, CallRouter, DirectoryLookup, RouteDecision } from "./call-deps.ts";

export interface ExtensionEntry {
  number: string;
  displayName?: string;
  /** Where an unanswered call to this extension goes next (another extension). */
  noAnswerTo?: string;
}

export class ExtensionRouter implements CallRouter, DirectoryLookup {
  private readonly extensions = new Map<string, ExtensionEntry>();

  constructor(
    extensions: readonly ExtensionEntry[],
    private readonly rooms: readonly string[] = [],
    private readonly ringTimeoutMs?: number,
  ) {
    for (const e of extensions) this.extensions.set(e.number, e);
  }

  route(dialled: string, _caller: CallerIdentity): RouteDecision {
    if (this.rooms.includes(dialled)) return { kind: "conference", room: dialled };
    const e = this.extensions.get(dialled);
    if (!e) return { kind: "reject", status: 404 }; // RFC 3261 §21.4.5
    const d: RouteDecision = { kind: "extension", user: dialled };
    if (this.ringTimeoutMs !== undefined) d.ringTimeoutMs = this.ringTimeoutMs;
    if (e.noAnswerTo !== undefined) d.noAnswer = { user: e.noAnswerTo };
    return d;
  }

  identity(user: string): CallerIdentity | undefined {
    const e = this.extensions.get(user);
    if (!e) return undefined;
    return e.displayName === undefined
      ? { number: e.number }
      : { number: e.number, displayName: e.displayName };
  }
}
