// The call-side decisions built from one config: dial plan, blacklist and trunk limits. Rebuilt
// whole on reload (they are pure lookups); the limiter keeps its counters across reloads, since
// the calls it counts are still up.
import type { ApplianceConfig } from "../../schemas/appliance-config/index.ts";
import type { Clock, Logger } from "../base/index.ts";
import { blacklistOf, dialingOf, dialPlanOf } from "../config/index.ts";
import { Blacklist } from "../pbx/blacklist/index.ts";
import { DialPlanRouter, TrunkCallLimiter, type TrunkLimits } from "../pbx/routing/index.ts";

export class CallPolicyState {
  readonly limiter: TrunkCallLimiter;
  private router: DialPlanRouter;
  private blacklistNow: Blacklist;
  private limits = new Map<string, TrunkLimits>();

  constructor(
    config: ApplianceConfig,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.limiter = new TrunkCallLimiter(clock, (trunk) => this.limits.get(trunk));
    this.router = new DialPlanRouter(dialPlanOf(config));
    this.blacklistNow = new Blacklist(blacklistOf(config), dialingOf(config), logger);
    this.update(config);
  }

  update(config: ApplianceConfig): void {
    this.router = new DialPlanRouter(dialPlanOf(config));
    this.blacklistNow = new Blacklist(blacklistOf(config), dialingOf(config), this.logger);
    this.limits = new Map(
      config.trunks.map((t) => {
        const l: TrunkLimits = { maxCalls: t.limits.maxCalls };
        if (t.limits.callsPerHour !== undefined) l.callsPerHour = t.limits.callsPerHour;
        return [t.name, l];
      }),
    );
  }

  get dialPlan(): DialPlanRouter {
    return this.router;
  }

  get blacklist(): Blacklist {
    return this.blacklistNow;
  }
}
