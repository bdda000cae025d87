// Hands the INVITE policy's routing to the B2BUA. The B2BUA asks its authorizer who calls, then
// its router where the Request-URI's user goes; a trunk INVITE's Request-URI names our Contact
// token or the DID, not what the DID leads to. So the authorizer notes the destination the
// policy chose, and the router takes that note (once) before the plain number lookup.
import type { CallerIdentity, CallRouter, Destination, RouteDecision } from "../pbx/calls/index.ts";

/** Notes older than this many are dropped (the B2BUA routes right after authorizing). */
const MAX_PENDING = 256;

export class AdmittedRoutes {
  private readonly pending = new Map<string, Destination>();

  /** The policy admitted `user` dialling `dialled`: send the call to `destination`. */
  note(dialled: string, user: string, destination: Destination): void {
    const key = keyOf(dialled, user);
    this.pending.delete(key);
    this.pending.set(key, destination);
    if (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
  }

  /** The B2BUA's router: the admitted destination, resolved by `table` (ring timeouts etc.). */
  router(table: CallRouter): CallRouter {
    const resolve = (d: Destination, caller: CallerIdentity): RouteDecision =>
      table.resolve?.(d, caller) ?? { kind: "reject", status: 404 };
    return {
      route: (dialled: string, caller: CallerIdentity): RouteDecision => {
        const key = keyOf(dialled, caller.number);
        const destination = this.pending.get(key);
        this.pending.delete(key);
        return destination ? resolve(destination, caller) : table.route(dialled, caller);
      },
      resolve,
    };
  }
}

function keyOf(dialled: string, user: string): string {
  return `${dialled}\u0000${user}`;
}
