// Adapters from the appliance's real parts to the call feature's small interfaces: the
// registrar's bindings as contacts, the RTP relay as the media factory.

import { ParseError } from "../../base/index.ts";
import type { RtpRelay } from "../../media/index.ts";
import type { SipRequest } from "../../sip/message/index.ts";
import { parseUri } from "../../sip/message/index.ts";
import type { GateResult } from "../protection/index.ts";
import type { Binding } from "../registrar/index.ts";
import type {
  CallAuthorizer,
  CallMediaFactory,
  CallMediaSession,
  ContactLookup,
  ContactTarget,
} from "./call-deps.ts";

/** What the calls need of the Registrar (its lookup and AOR canonicalisation). */
export interface BindingLookup {
  aorOf(user: string): string;
  lookup(aor: string): Binding[];
}

/** RFC 3261 §16.6 order (highest q first, as lookup returns them); unparsable contacts skipped. */
export function registrarContacts(registrar: BindingLookup, trusted = false): ContactLookup {
  return {
    contacts(user: string): ContactTarget[] {
      const out: ContactTarget[] = [];
      for (const b of registrar.lookup(registrar.aorOf(user))) {
        try {
          out.push({
            uri: parseUri(b.uri),
            source: { address: b.source.address, port: b.source.port },
            trusted,
          });
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }
      return out;
    },
  };
}

/** The RTP relay as the calls' media factory; address is what goes into c= lines. */
export function relayMediaFactory(relay: Pick<RtpRelay, "createSession">, address: string): CallMediaFactory {
  return {
    address,
    createSession: (): Promise<CallMediaSession> => relay.createSession(),
  };
}

/** The protection layer's AuthGate (digest + per-source counters) as the calls' authorizer. */
export function authGateAuthorizer(gate: {
  check(req: SipRequest, address: string): GateResult;
}): CallAuthorizer {
  return {
    authorize(invite, sourceAddress) {
      const r = gate.check(invite, sourceAddress ?? "");
      // RFC 3261 §22.3: a 401/407 challenge goes back with its WWW-/Proxy-Authenticate header.
      return r.ok ? r : { ok: false, status: r.reply.status, headers: r.reply.headers ?? [] };
    },
  };
}
