// Per-source protection in the spirit of Kamailio's pike module and fail2ban: a token bucket
// per IP address checked before any parsing, and automatic bans after too many failed digest
// guesses or a sustained flood. A banned source gets no answer at all (the transport drops its
// packets unread). Every ban is logged in one line a fail2ban filter can match:
//   pibx: ban ip=203.0.113.9 reason=auth-failures count=10 seconds=600
// Memory is bounded: at most maxSources addresses are tracked; the least recently seen are
// forgotten first (bans are kept until they expire, up to the same bound).
import { type Clock, Logger } from "../../base/index.ts";
import { TokenBucket } from "./token-bucket.ts";

export interface ProtectionSettings {
  /** Sustained packets per second per source. */
  ratePerSecond: number;
  /** Packets a source may send at once. */
  burst: number;
  /** Multiplier on rate and burst for a source with a live binding that has authenticated. */
  trustedMultiplier: number;
  /** Ban after this many failed authentications ... */
  maxAuthFailures: number;
  /** ... within this window (seconds). */
  failureWindowSeconds: number;
  /** Ban after this many packets over the rate limit within the window. */
  floodDropsBeforeBan: number;
  banSeconds: number;
  /** Addresses never limited or banned (e.g. the operator's LAN). Exact IPs or IPv4 CIDRs. */
  allowList: readonly string[];
  maxSources: number;
}

export const DEFAULT_PROTECTION: Readonly<ProtectionSettings> = {
  ratePerSecond: 20,
  burst: 40,
  trustedMultiplier: 5,
  maxAuthFailures: 10,
  failureWindowSeconds: 60,
  floodDropsBeforeBan: 200,
  banSeconds: 600,
  allowList: [],
  maxSources: 50_000,
};

export type BanReason = "auth-failures" | "flood";

interface SourceState {
  bucket: TokenBucket;
  failures: number[];
  drops: number[];
  bannedUntil: number;
}

export interface SourceGuardOptions {
  clock: Clock;
  settings?: Partial<ProtectionSettings>;
  logger?: Logger;
  /** Whether a source is a registered phone (a live binding from that address). */
  isTrusted?: (address: string) => boolean;
  onBan?: (address: string, reason: BanReason, count: number) => void;
}

export class SourceGuard {
  private settings: ProtectionSettings;
  private readonly sources = new Map<string, SourceState>();
  private readonly logger: Logger;
  private allow: Array<(ip: string) => boolean>;

  constructor(private readonly options: SourceGuardOptions) {
    this.settings = { ...DEFAULT_PROTECTION, ...options.settings };
    this.logger = options.logger ?? Logger.silent();
    this.allow = this.settings.allowList.map(matcher);
  }

  /** New thresholds (config reload); counters and live bans are kept. */
  updateSettings(settings: Partial<ProtectionSettings>): void {
    this.settings = { ...DEFAULT_PROTECTION, ...settings };
    this.allow = this.settings.allowList.map(matcher);
  }

  /** The pre-parse hook: false drops the packet unread (banned, or over the rate limit). */
  allowPacket(address: string): boolean {
    if (this.allowed(address)) return true;
    const now = this.options.clock.now();
    const s = this.state(address, now);
    if (s.bannedUntil > now) return false;
    const trusted = this.options.isTrusted?.(address) ?? false;
    const m = trusted ? this.settings.trustedMultiplier : 1;
    if (s.bucket.take(now, this.settings.ratePerSecond * m, this.settings.burst * m)) return true;
    prune(s.drops, now - this.settings.failureWindowSeconds * 1000);
    s.drops.push(now);
    if (s.drops.length >= this.settings.floodDropsBeforeBan)
      this.ban(address, s, "flood", s.drops.length, now);
    return false;
  }

  /** A failed digest guess from address (never a plain challenge). */
  authFailed(address: string): void {
    if (this.allowed(address)) return;
    const now = this.options.clock.now();
    const s = this.state(address, now);
    prune(s.failures, now - this.settings.failureWindowSeconds * 1000);
    s.failures.push(now);
    if (s.failures.length >= this.settings.maxAuthFailures)
      this.ban(address, s, "auth-failures", s.failures.length, now);
  }

  /** A successful authentication resets the failure count (a phone's refreshes never add up). */
  authSucceeded(address: string): void {
    const s = this.sources.get(address);
    if (s) s.failures.length = 0;
  }

  isBanned(address: string): boolean {
    const s = this.sources.get(address);
    return s !== undefined && s.bannedUntil > this.options.clock.now();
  }

  get trackedSources(): number {
    return this.sources.size;
  }

  private ban(address: string, s: SourceState, reason: BanReason, count: number, now: number): void {
    s.bannedUntil = now + this.settings.banSeconds * 1000;
    s.failures.length = 0;
    s.drops.length = 0;
    // One line per ban, for fail2ban (or an nftables set) to act on.
    this.logger.warn(
      `pibx: ban ip=${address} reason=${reason} count=${count} seconds=${this.settings.banSeconds}`,
      {
        event: "ban",
        ip: address,
        reason,
        count,
        seconds: this.settings.banSeconds,
      },
    );
    this.options.onBan?.(address, reason, count);
  }

  private state(address: string, now: number): SourceState {
    let s = this.sources.get(address);
    if (s) {
      // Map order is recency order: move to the end.
      this.sources.delete(address);
      this.sources.set(address, s);
      return s;
    }
    s = {
      bucket: new TokenBucket(this.settings.ratePerSecond, this.settings.burst, now),
      failures: [],
      drops: [],
      bannedUntil: 0,
    };
    this.sources.set(address, s);
    if (this.sources.size > this.settings.maxSources) this.evict(now);
    return s;
  }

  /** Forgets the least recently seen sources, keeping live bans when possible. */
  private evict(now: number): void {
    const excess = this.sources.size - this.settings.maxSources;
    let removed = 0;
    for (const [ip, s] of this.sources) {
      if (removed >= excess) return;
      if (s.bannedUntil > now) continue;
      this.sources.delete(ip);
      removed++;
    }
    // Everything left is banned: drop the oldest bans rather than grow without bound.
    for (const ip of this.sources.keys()) {
      if (removed >= excess) return;
      this.sources.delete(ip);
      removed++;
    }
  }

  private allowed(address: string): boolean {
    return this.allow.some((f) => f(address));
  }
}

function prune(times: number[], since: number): void {
  let i = 0;
  while (i < times.length && times[i]! < since) i++;
  if (i > 0) times.splice(0, i);
}

function matcher(entry: string): (ip: string) => boolean {
  const slash = entry.indexOf("/");
  if (slash < 0) return (ip) => ip === entry || ip === `::ffff:${entry}`;
  const base = ipv4ToInt(entry.slice(0, slash));
  const bits = Number(entry.slice(slash + 1));
  if (base === undefined || !(bits >= 0 && bits <= 32)) return () => false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ip) => {
    const v = ipv4ToInt(ip.startsWith("::ffff:") ? ip.slice(7) : ip);
    return v !== undefined && (v & mask) >>> 0 === (base & mask) >>> 0;
  };
}

function ipv4ToInt(s: string): number | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = v * 256 + Number(p);
  }
  return v >>> 0;
}
