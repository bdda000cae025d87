// Where a B-leg INVITE goes. A phone behind NAT registers a private Contact (sip:100@192.168.1.20);
// RFC 3261 §10.3 keeps it as sent, so the dialog layer's default resolver would send to an
// unreachable address. A Contact that matches a live binding is sent to the binding's source
// instead (where its REGISTER came from: the NAT's public mapping), like RFC 5626 flows.

import { ParseError } from "../base/index.ts";
import type { Binding } from "../pbx/registrar/index.ts";
import { resolveUriTarget, type TargetResolver } from "../sip/dialog/index.ts";
import { formatUri, parseProtocol, parseUri } from "../sip/index.ts";

export interface BindingsByUser {
  aorOf(user: string): string;
  lookup(aor: string): Binding[];
}

export function bindingResolver(registrar: BindingsByUser, users: () => Iterable<string>): TargetResolver {
  return (uri, flow) => {
    if (uri.type === "sip") {
      const wanted = formatUri(uri);
      for (const user of users()) {
        for (const b of registrar.lookup(registrar.aorOf(user))) {
          if (b.uri !== wanted && canonical(b.uri) !== wanted) continue;
          // TCP/TLS would need the phone's open connection, which a binding does not name.
          if (parseProtocol(b.source.protocol) !== "UDP") break;
          return { protocol: "UDP", address: b.source.address, port: b.source.port };
        }
      }
    }
    return resolveUriTarget(uri, flow);
  };
}

/** The stored Contact as the B2BUA formats it (parsed from the binding, then formatted). */
function canonical(stored: string): string | undefined {
  try {
    return formatUri(parseUri(stored));
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
}
