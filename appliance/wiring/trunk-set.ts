// The running trunks: one TrunkRegistration per configured trunk, kept across config reloads when
// the trunk's settings (and the public-address setup) did not change, so a reload never drops a
// working registration; replaced when they did. Exposes what the INVITE policy (inbound
// recognition), the source guard (the provider's endpoints are trusted) and /status need.
import type { PublicAddress, Trunk } from "../../schemas/appliance-config/index.ts";
import type { Clock, IdSource, Logger, RandomSource } from "../base/index.ts";
import { trunkSettingsOf } from "../config/index.ts";
import type { PublicAddressTracker } from "../nat/index.ts";
import {
  type InboundTrunk,
  type RequestSender,
  TrunkRegistration,
  type TrunkSettings,
  type TrunkStatus,
} from "../pbx/trunk/index.ts";

export interface TrunkSetDeps {
  clock: Clock;
  ids: IdSource;
  random: RandomSource;
  sender: RequestSender;
  logger: Logger;
  userAgent?: string;
  /** Called on every registration state change (status file, source-guard allow list). */
  onChange: () => void;
  /** The trunk's persisted Contact token (wiring/contact-tokens.ts); absent: random per start. */
  contactToken?: (trunk: string) => string;
}

interface Running {
  key: string;
  settings: TrunkSettings;
  registration: TrunkRegistration;
}

/** A trunk is kept when this key is equal: its settings and how the public address is learned. */
function keyOf(t: Trunk, pub: PublicAddress | undefined): string {
  return JSON.stringify([t, pub ?? null]);
}

export class TrunkSet {
  private running = new Map<string, Running>();
  private tracker: PublicAddressTracker | undefined;

  constructor(private readonly deps: TrunkSetDeps) {}

  /**
   * Starts, keeps, replaces or stops trunks to match `trunks`. The tracker is the public address
   * the registrations advertise; a new tracker (the publicAddress section changed) restarts all.
   */
  async apply(
    trunks: readonly Trunk[],
    publicAddress: PublicAddress | undefined,
    tracker: PublicAddressTracker,
  ): Promise<{ kept: string[]; started: string[]; stopped: string[] }> {
    const trackerChanged = tracker !== this.tracker;
    this.tracker = tracker;
    const next = new Map<string, Running>();
    const kept: string[] = [];
    const started: string[] = [];
    const stopped: string[] = [];
    const toStart: Running[] = [];
    for (const t of trunks) {
      const key = keyOf(t, publicAddress);
      const old = this.running.get(t.name);
      if (old && old.key === key && !trackerChanged) {
        next.set(t.name, old);
        kept.push(t.name);
        continue;
      }
      const settings = trunkSettingsOf(t);
      const registration = new TrunkRegistration({
        settings,
        clock: this.deps.clock,
        ids: this.deps.ids,
        random: this.deps.random,
        sender: this.deps.sender,
        addresses: tracker,
        learnFromProvider: publicAddress?.mode === "provider",
        logger: this.deps.logger,
        ...(this.deps.contactToken ? { contactToken: this.deps.contactToken(t.name) } : {}),
        ...(this.deps.userAgent ? { userAgent: this.deps.userAgent } : {}),
      });
      registration.events.on("state", (s) => {
        // Never the password: TrunkStatus carries none.
        this.deps.logger.info("trunk state", { trunk: s.trunk, state: s.state, error: s.lastError?.reason });
        this.deps.onChange();
      });
      const r = { key, settings, registration };
      next.set(t.name, r);
      toStart.push(r);
      started.push(t.name);
    }
    for (const [name, r] of this.running) {
      if (next.get(name) !== r) {
        r.registration.close();
        stopped.push(name);
      }
    }
    this.running = next;
    await Promise.all(toStart.map((r) => r.registration.start()));
    this.deps.onChange();
    return { kept, started, stopped };
  }

  /** What TrunkInboundRecognizer matches requests against. */
  inbound(): InboundTrunk[] {
    return [...this.running.values()].map((r) => ({
      settings: r.settings,
      endpoints: () => r.registration.registrarEndpoints(),
      contactUser: r.settings.register ? r.registration.contactUser : undefined,
    }));
  }

  /** Addresses the provider sends from: never rate-limited or banned. */
  trustedAddresses(): string[] {
    const out = new Set<string>();
    for (const r of this.running.values()) {
      for (const e of r.registration.registrarEndpoints()) out.add(e.address);
      for (const a of r.settings.extraInboundAddresses) out.add(a);
    }
    return [...out];
  }

  statuses(): TrunkStatus[] {
    return [...this.running.values()].map((r) => r.registration.status);
  }

  registration(name: string): TrunkRegistration | undefined {
    return this.running.get(name)?.registration;
  }

  /** What a call out through the trunk needs: its settings and Contact token (OutboundRoutes). */
  outbound(name: string): { settings: TrunkSettings; contactUser: string } | undefined {
    const r = this.running.get(name);
    return r && { settings: r.settings, contactUser: r.registration.contactUser };
  }

  /** Idempotent. */
  close(): void {
    for (const r of this.running.values()) r.registration.close();
    this.running.clear();
  }
}
