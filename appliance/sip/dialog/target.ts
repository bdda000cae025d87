// Turning a next-hop URI into a transport target. Full RFC 3263 resolution (NAPTR/SRV) is the
// composition root's to inject; the default handles numeric hosts and names the OS resolves.
import { TransportError } from "../../base/index.ts";
import { formatUri, type Uri } from "../message/index.ts";
import {
  defaultPort,
  type MessageSource,
  parseProtocol,
  type Target,
  type TransportProtocol,
} from "../transport/index.ts";

/**
 * Resolves the next hop of a request. flow is where the peer's last request in this dialog came
 * from: a resolver for phones behind NAT may send there instead of to a private Contact.
 * Throws TransportError when the URI cannot be reached.
 */
export type TargetResolver = (uri: Uri, flow: MessageSource | undefined) => Target;

/** RFC 3263 §4.1 without DNS: transport param (sips → TLS), maddr, port or the default port. */
export const resolveUriTarget: TargetResolver = (uri) => {
  if (uri.type !== "sip") throw new TransportError("cannot route to a non-SIP URI", formatUri(uri));
  const t = uri.params.get("transport");
  const protocol: TransportProtocol =
    uri.scheme === "sips" ? "TLS" : ((t ? parseProtocol(t) : undefined) ?? "UDP");
  const host = uri.params.get("maddr") ?? uri.host;
  const address = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return { protocol, address, port: uri.port ?? defaultPort(protocol) };
};
