// Recognising requests that really come from the trunk provider, never by a header alone:
//  1. the packet's source is the trunk's resolved registrar address (and port, unless the trunk
//     allows any source port) or one of its configured extra addresses; and
//  2. for a registering trunk, the Request-URI's user part is this registration's Contact token,
//     a random value only the provider learned (in our REGISTER), so a spoofed INVITE from the
//     internet cannot name it.
// Then: the DID from the Request-URI, To or P-Called-Party-ID (RFC 3455 §4.2) as the trunk's
// settings say; Max-Forwards checked and decremented (RFC 3261 §16.3 step 3, §16.6 step 3); the
// caller from From or P-Asserted-Identity (RFC 3325: trusted here, because the source is the trunk).
import { timingSafeEqual } from "node:crypto";
import { Logger } from "../../base/index.ts";
import {
  getHeaderValues,
  getMaxForwards,
  getTo,
  parseNameAddr,
  type SipRequest,
  type Uri,
} from "../../sip/index.ts";
import type { Endpoint, MessageSource } from "../../sip/transport/index.ts";
import { type CallerIdentity, callerIdentity } from "../blacklist/caller-identity.ts";
import { type DialingConventions, NANP, normaliseNumber } from "../blacklist/phone-number.ts";
import type { TrunkDid, TrunkSettings } from "./trunk-settings.ts";

/** A trunk as the recogniser sees it: settings, where it lives, its Contact token. */
export interface InboundTrunk {
  settings: TrunkSettings;
  /** Resolved registrar endpoints (TrunkRegistration.registrarEndpoints()). */
  endpoints(): readonly Endpoint[];
  /** The Contact user registered (TrunkRegistration.contactUser); undefined when not registering. */
  contactUser: string | undefined;
}

export type InboundVerdict =
  | {
      kind: "trunk";
      trunk: string;
      did: string;
      destination: unknown;
      caller: CallerIdentity;
      /** The Max-Forwards value to put on the outgoing leg (already decremented). */
      maxForwards: number;
    }
  /** From the trunk, but refused: 483 Too Many Hops, 404 for a DID not configured. */
  | { kind: "reject"; trunk: string; status: number; reason: string; did?: string }
  | { kind: "not-trunk"; why: "source" | "contact" };

const DEFAULT_MAX_FORWARDS = 70;

function userOf(uri: Uri | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri.type === "tel") return uri.number;
  if (uri.type === "sip") return uri.user?.split(";")[0];
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export class TrunkInboundRecognizer {
  private readonly logger: Logger;

  constructor(
    private readonly trunks: () => readonly InboundTrunk[],
    private readonly dialing: DialingConventions = NANP,
    logger?: Logger,
  ) {
    this.logger = (logger ?? Logger.silent()).child({ component: "trunk-inbound" });
  }

  /** Which trunk's addresses the source matches, if any (no header looked at). */
  trunkForSource(source: MessageSource): InboundTrunk | undefined {
    const { address, port } = source.remote;
    return this.trunks().find((t) => {
      if (t.settings.extraInboundAddresses.includes(address)) return true;
      return t
        .endpoints()
        .some((e) => e.address === address && (t.settings.anySourcePort || e.port === port));
    });
  }

  recognize(req: SipRequest, source: MessageSource): InboundVerdict {
    const trunk = this.trunkForSource(source);
    if (!trunk) return { kind: "not-trunk", why: "source" };
    const s = trunk.settings;
    if (s.register) {
      const token = trunk.contactUser;
      const user = req.uri.type === "sip" ? req.uri.user : undefined;
      if (token === undefined || user === undefined || !sameSecret(user, token)) {
        this.logger.warn("request from the trunk's address for another Contact", {
          trunk: s.name,
          ip: source.remote.address,
          port: source.remote.port,
          method: req.method,
        });
        return { kind: "not-trunk", why: "contact" };
      }
    }
    // RFC 3261 §16.6 step 3: absent Max-Forwards is added as 70; else decremented by one.
    // RFC 3261 §16.3 step 3: zero means 483 Too Many Hops (OPTIONS may be answered instead).
    let mf: number | undefined;
    try {
      mf = getMaxForwards(req);
    } catch {
      return { kind: "reject", trunk: s.name, status: 400, reason: "Bad Max-Forwards" };
    }
    if (mf === 0) return { kind: "reject", trunk: s.name, status: 483, reason: "Too Many Hops" };
    const maxForwards = mf === undefined ? DEFAULT_MAX_FORWARDS : mf - 1;
    const raw = this.didOf(req, s);
    const found = raw === undefined ? undefined : this.findDid(raw, s.dids);
    if (!found || raw === undefined) {
      this.logger.info("trunk call for an unknown DID", { trunk: s.name, did: raw, source: s.didSource });
      return raw === undefined
        ? { kind: "reject", trunk: s.name, status: 404, reason: "No DID" }
        : { kind: "reject", trunk: s.name, status: 404, reason: "Unknown DID", did: raw };
    }
    const caller = callerIdentity(req, { prefer: s.callerIdSource, trustPai: true });
    return {
      kind: "trunk",
      trunk: s.name,
      did: found.number,
      destination: found.destination,
      caller,
      maxForwards,
    };
  }

  private didOf(req: SipRequest, s: TrunkSettings): string | undefined {
    try {
      switch (s.didSource) {
        case "request-uri":
          return userOf(req.uri);
        case "to":
          return userOf(getTo(req)?.uri);
        case "p-called-party-id": {
          // RFC 3455 §4.2: one name-addr with the number the caller dialled.
          const v = getHeaderValues(req, "P-Called-Party-ID")[0];
          return v === undefined ? undefined : userOf(parseNameAddr(v).uri);
        }
      }
    } catch {
      return undefined;
    }
  }

  private findDid(raw: string, dids: readonly TrunkDid[]): TrunkDid | undefined {
    const n = normaliseNumber(raw, this.dialing);
    if (n === undefined) return undefined;
    return dids.find((d) => normaliseNumber(d.number, this.dialing) === n);
  }
}
