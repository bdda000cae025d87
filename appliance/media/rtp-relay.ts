// The RTP relay: owns the port range and creates one MediaSession per call.
import type { Clock, RandomSource } from "../base/index.ts";
import { MediaSession } from "./media-session.ts";
import { PortAllocator, type PortPair, type PortRange } from "./port-allocator.ts";
import type { LatchOptions } from "./source-latch.ts";

export interface RtpRelayOptions {
  clock: Clock;
  random: RandomSource;
  /** The appliance address phones send media to (what goes into c= lines). */
  bindAddress: string;
  portRange: PortRange;
  latch?: LatchOptions;
  /** SO_RCVBUF per socket; larger absorbs bursts when the event loop stalls. */
  receiveBufferBytes?: number;
}

export class RtpRelay {
  private readonly ports: PortAllocator;
  private readonly sessions = new Set<MediaSession>();
  private nextId = 1;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: RtpRelayOptions) {
    this.ports = new PortAllocator(opts.portRange, opts.bindAddress, opts.receiveBufferBytes);
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  /** Port pairs in use (two per session). */
  get allocatedPairs(): number {
    return this.ports.allocated;
  }

  /** Allocates two port pairs (one per leg) and returns the session that relays between them. */
  async createSession(): Promise<MediaSession> {
    if (this.closing) throw new RangeError("relay is closed");
    const a = await this.ports.allocate();
    let b: PortPair;
    try {
      b = await this.ports.allocate();
    } catch (err) {
      await this.ports.release(a);
      throw err;
    }
    const sessionOpts = {
      id: `ms${this.nextId++}`,
      clock: this.opts.clock,
      random: this.opts.random,
      pairs: { a, b },
      release: async (pairs: PortPair[]) => {
        await Promise.all(pairs.map((p) => this.ports.release(p)));
        this.sessions.delete(session);
      },
    };
    const session = new MediaSession(
      this.opts.latch ? { ...sessionOpts, latch: this.opts.latch } : sessionOpts,
    );
    this.sessions.add(session);
    return session;
  }

  /** Closes every session. Idempotent. */
  close(): Promise<void> {
    this.closing ??= Promise.all([...this.sessions].map((s) => s.close())).then(() => undefined);
    return this.closing;
  }
}
