// Hands the INVITE policy's routing to the B2BUA. The B2BUA asks its authorizer who calls, then
// its router where the Request-URI's user goes; a trunk INVITE's Request-URI names our Contact
// token or the DID, not the extension the DID rings. So the authorizer notes the extension the
// policy chose, and the router takes that note (once) before the plain extension lookup.
import type { CallerIdentity, CallRouter, RouteDecision } from "../pbx/calls/index.ts";

/** Notes older than this many are dropped (the B2BUA routes right after authorizing). */
const MAX_PENDING = 256;

export class AdmittedRoutes {
  private readonly pending = new Map<string, string>();

  /** The policy admitted `user` dialling `dialled`: ring `extension`. */
  note(dialled: string, user: string, extension: string): void {
    const key = keyOf(dialled, user);
    this.pending.delete(key);
    this.pending.set(key, extension);
    if (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
  }

  /** The B2BUA's router: the admitted extension, routed by `extensions` (ring timeout etc.). */
  router(extensions: CallRouter): CallRouter {
    return {
      route: (dialled: string, caller: CallerIdentity): RouteDecision => {
        const key = keyOf(dialled, caller.number);
        const extension = this.pending.get(key);
        this.pending.delete(key);
        return extensions.route(extension ?? dialled, caller);
      },
    };
  }
}

function keyOf(dialled: string, user: string): string {
  return `${dialled}\u0000${user}`;
}
