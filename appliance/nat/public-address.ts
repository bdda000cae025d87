// The appliance's public address (the outside of the outermost NAT) and which address to write in
// Contact and SDP: the public one toward the trunk, the LAN one toward phones inside.
// Sources, per the lab model's `publicAddress`: fixed in config, learned from the trunk provider's
// Via received/rport in REGISTER responses (RFC 3581 §4), or asked of a STUN server (RFC 5389).
import { TypedEmitter } from "../base/index.ts";
import { getTopVia, type SipResponse, viaReceived, viaRport } from "../sip/index.ts";

export type PublicAddressSource = "static" | "provider" | "stun";

export interface TransportAddress {
  address: string;
  /** Absent when only the address is known (a STUN answer from another socket, a static address). */
  port?: number;
}

export interface LearnedAddress extends TransportAddress {
  source: PublicAddressSource;
}

export interface PublicAddressEvents {
  changed: { previous: LearnedAddress | undefined; current: LearnedAddress };
}

/** What to advertise toward a peer: inside the LAN, or out through the trunk. */
export type Side = "inside" | "trunk";

/**
 * RFC 3581 §4: the server adds received (and fills rport) with the source it saw; the response's
 * top Via, our own, carries them back. Undefined when the provider added neither.
 */
export function reflexiveFromResponse(res: SipResponse): TransportAddress | undefined {
  let via: ReturnType<typeof getTopVia>;
  try {
    via = getTopVia(res);
  } catch {
    return undefined;
  }
  if (!via) return undefined;
  const received = viaReceived(via);
  const rport = viaRport(via);
  if (received === undefined && typeof rport !== "number") return undefined;
  const out: TransportAddress = { address: received ?? via.host };
  if (typeof rport === "number") out.port = rport;
  return out;
}

export class PublicAddressTracker {
  readonly events = new TypedEmitter<PublicAddressEvents>();
  private learned: LearnedAddress | undefined;

  constructor(
    /** The address (and SIP port) phones on the LAN reach us at. */
    private readonly lan: TransportAddress,
    /** A fixed public address from config, if any: wins over anything learned. */
    private readonly fixed?: TransportAddress,
  ) {
    if (fixed) this.learned = { ...fixed, source: "static" };
  }

  get current(): LearnedAddress | undefined {
    return this.learned;
  }

  /** Records a discovered address; emits `changed` and returns true when it differs. */
  learn(addr: TransportAddress, source: Exclude<PublicAddressSource, "static">): boolean {
    if (this.fixed) return false;
    const prev = this.learned;
    if (prev && prev.address === addr.address && prev.port === addr.port) return false;
    const next: LearnedAddress = { ...addr, source };
    this.learned = next;
    this.events.emit("changed", { previous: prev, current: next });
    return true;
  }

  /** Forgets what was learned (e.g. the trunk's binding is gone). A static address stays. */
  reset(): void {
    if (!this.fixed) this.learned = undefined;
  }

  /**
   * The address to put in Contact/Via/SDP for a peer on `side`: the LAN address inside; toward
   * the trunk, the public address when known (its port only for signalling: media ports are
   * forwarded one to one), else the LAN address (the provider's NAT fixing must then help).
   */
  advertise(side: Side): TransportAddress {
    if (side === "inside" || !this.learned) return { ...this.lan };
    const out: TransportAddress = { address: this.learned.address };
    const port = this.learned.port ?? this.lan.port;
    if (port !== undefined) out.port = port;
    return out;
  }
}
