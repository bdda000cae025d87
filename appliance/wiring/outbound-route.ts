// Outbound calls from the INVITE policy to the B2BUA. decideInvite let an authenticated extension
// through the dial plan and took a trunk channel (routeCall's lease); `admit` notes it. The B2BUA
// then asks its router where the call goes: this router answers with an "outbound" decision whose
// target is the provider, planned by pbx/trunk's planTrunkLeg (caller ID, credentials, our public
// Contact and media address). Nothing else creates such a decision, so no unauthenticated request
// reaches a trunk.
// Every lease is released exactly once: by the B2BUA when the call ends, or here when nobody
// claims it within CLAIM_MS (the caller left, or the dialog layer refused the INVITE).
import type { Clock, Logger, TimerHandle } from "../base/index.ts";
import type { TransportAddress } from "../nat/index.ts";
import type { CallerIdentity, CallRouter, RouteDecision } from "../pbx/calls/index.ts";
import type { CallLease } from "../pbx/routing/index.ts";
import { planTrunkLeg, type TrunkSettings, trunkTarget } from "../pbx/trunk/index.ts";

/** The B2BUA routes right after the policy admitted the INVITE: this is a generous bound. */
const CLAIM_MS = 10_000;

/** What the router needs of a running trunk. */
export interface OutboundTrunk {
  settings: TrunkSettings;
  /** The registration's Contact token (TrunkRegistration.contactUser). */
  contactUser: string;
}

export interface OutboundRouteDeps {
  clock: Clock;
  trunk: (name: string) => OutboundTrunk | undefined;
  /** Where the provider reaches us (PublicAddressTracker.advertise("trunk")). */
  publicAddress: () => TransportAddress;
  /** Fresh digest cnonces. */
  cnonce: () => string;
  logger: Logger;
}

interface Pending {
  lease: CallLease;
  emergency: boolean;
  timer: TimerHandle;
}

export class OutboundRoutes {
  private readonly pending = new Map<string, Pending[]>();
  private readonly log: Logger;

  constructor(private readonly d: OutboundRouteDeps) {
    this.log = d.logger.child({ component: "outbound-route" });
  }

  /** Leases noted and not yet claimed. */
  get pendingCount(): number {
    let n = 0;
    for (const l of this.pending.values()) n += l.length;
    return n;
  }

  /** The policy admitted `user` dialling `dialled` out through `lease`'s trunk. */
  admit(dialled: string, user: string, lease: CallLease, emergency: boolean): void {
    const key = keyOf(dialled, user);
    const entry: Pending = {
      lease,
      emergency,
      timer: this.d.clock.setTimeout(() => {
        if (!this.take(key, entry)) return;
        this.log.info("outbound channel released: the call never reached the B2BUA", { trunk: lease.trunk });
        lease.release();
      }, CLAIM_MS),
    };
    const list = this.pending.get(key) ?? [];
    list.push(entry);
    this.pending.set(key, list);
  }

  /** The B2BUA's router: an admitted outbound call, else whatever `inner` says. */
  router(inner: CallRouter): CallRouter {
    const out: CallRouter = {
      route: (dialled: string, caller: CallerIdentity): RouteDecision => {
        const key = keyOf(dialled, caller.number);
        const entry = this.pending.get(key)?.[0];
        if (!entry || !this.take(key, entry)) return inner.route(dialled, caller);
        return this.decision(entry);
      },
    };
    if (inner.resolve) {
      const resolve = inner.resolve.bind(inner);
      out.resolve = (destination, caller) => resolve(destination, caller);
    }
    return out;
  }

  /** Releases every unclaimed lease (shutdown). Idempotent. */
  close(): void {
    for (const [key, list] of [...this.pending]) {
      for (const e of [...list]) if (this.take(key, e)) e.lease.release();
    }
  }

  private take(key: string, entry: Pending): boolean {
    const list = this.pending.get(key);
    const i = list?.indexOf(entry) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.pending.delete(key);
    this.d.clock.clearTimeout(entry.timer);
    return true;
  }

  private decision(e: Pending): RouteDecision {
    const { lease } = e;
    const trunk = this.d.trunk(lease.trunk);
    if (!trunk) {
      // The trunk went away with a reload between admission and routing.
      lease.release();
      this.log.warn("outbound call for a trunk no longer running: 503", { trunk: lease.trunk });
      return { kind: "reject", status: 503 }; // RFC 3261 §21.5.4
    }
    const pub = this.d.publicAddress();
    const plan = planTrunkLeg({
      settings: trunk.settings,
      number: lease.number,
      callerId: trunk.settings.outboundCallerId ?? { header: "from" },
      contact: {
        user: trunk.contactUser,
        address: pub.address,
        ...(pub.port !== undefined ? { port: pub.port } : {}),
      },
      cnonce: this.d.cnonce,
    });
    return {
      kind: "outbound",
      trunk: lease.trunk,
      number: lease.number,
      emergency: e.emergency,
      lease,
      target: trunkTarget(plan, pub.address),
    };
  }
}

function keyOf(dialled: string, user: string): string {
  return `${dialled}\u0000${user}`;
}
