// The addresses a caller's leg is answered with. A caller outside the LAN (the trunk provider, or
// a phone registered from the internet through the forwards) reaches the appliance only at its
// public address (publicAddress static, from STUN, or learned from the provider's received/rport:
// PublicAddressTracker's "trunk" side), in our Contact and in c=; phones on the LAN keep the LAN
// address. Outbound B-legs to a trunk get theirs from OutboundRoutes.
// Outside: the request was recognised as the trunk's (the recogniser built here marks it: the
// provider may sit at a private address, over a VPN), or its signalling came from an address that
// is not private (RFC 1918, RFC 6598 shared, loopback, link-local, RFC 4193 ULA).
import { BlockList } from "node:net";
import type { Logger } from "../base/index.ts";
import type { TransportAddress } from "../nat/index.ts";
import type { DialingConventions } from "../pbx/blacklist/index.ts";
import { type InboundTrunk, type InboundVerdict, TrunkInboundRecognizer } from "../pbx/trunk/index.ts";
import { getTopVia, type SipRequest, type SipUri, sipUri, viaReceived } from "../sip/index.ts";
import type { MessageSource } from "../sip/transport/index.ts";

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["fc00::", 7],
  ["fe80::", 10],
  ["::1", 128],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv6");

/** Whether an address is one only a LAN reaches (IPv4-mapped IPv6 read as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return PRIVATE.check(v4, "ipv4");
  try {
    return PRIVATE.check(address, "ipv6");
  } catch {
    return true; // not an address (a host name in Via): assume the LAN, as before
  }
}

export class OutsideLegs {
  private readonly fromTrunk = new WeakSet<SipRequest>();

  constructor(
    /** Where callers outside reach us (PublicAddressTracker.advertise("trunk")). */
    private readonly publicAddress: () => TransportAddress,
    /** The user part of our Contact (the dialog layer's, e.g. "pibx"). */
    private readonly contactUser = "pibx",
  ) {}

  /** A TrunkInboundRecognizer that marks the requests it recognises as from the trunk. */
  recognizer(
    trunks: () => readonly InboundTrunk[],
    dialing: DialingConventions,
    logger?: Logger,
  ): TrunkInboundRecognizer {
    const marks = this.fromTrunk;
    return new (class extends TrunkInboundRecognizer {
      override recognize(req: SipRequest, source: MessageSource): InboundVerdict {
        const v = super.recognize(req, source);
        if (v.kind === "trunk") marks.add(req);
        return v;
      }
    })(trunks, dialing, logger);
  }

  /** The c= address for the caller's leg of this INVITE; undefined: the LAN one. */
  mediaAddress(invite: SipRequest): string | undefined {
    // RFC 3261 §18.2.1: received= names the address the request came from (else the sent-by).
    const via = safeTopVia(invite);
    const from = via && (viaReceived(via) ?? via.host);
    if (!this.fromTrunk.has(invite) && (from === undefined || isPrivateAddress(from))) return undefined;
    return this.publicAddress().address;
  }

  /** Our Contact in the answers to this INVITE (RFC 3261 §12.1.1); undefined: the layer's own. */
  contact(invite: SipRequest, source: MessageSource): SipUri | undefined {
    if (!this.fromTrunk.has(invite) && isPrivateAddress(source.remote.address)) return undefined;
    const pub = this.publicAddress();
    return sipUri(pub.address, {
      user: this.contactUser,
      ...(pub.port !== undefined ? { port: pub.port } : {}),
    });
  }
}

function safeTopVia(req: SipRequest): ReturnType<typeof getTopVia> | undefined {
  try {
    return getTopVia(req);
  } catch {
    return undefined;
  }
}
