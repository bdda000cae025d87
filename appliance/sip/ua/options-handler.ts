// OPTIONS to the appliance itself (RFC 3261 §11.2): 200 with what we support. The answer does
// not depend on the Request-URI's user part, so OPTIONS cannot be used to probe extensions.
import type { Reply } from "./reply.ts";

export interface Capabilities {
  allow: readonly string[];
  accept?: readonly string[];
  supported?: readonly string[];
}

export function optionsReply(c: Capabilities): Reply {
  const headers: Array<[string, string]> = [
    ["Allow", c.allow.join(", ")],
    // RFC 3261 §11.2: Accept, Accept-Encoding, Accept-Language and Supported SHOULD be present.
    ["Accept", (c.accept ?? ["application/sdp"]).join(", ")],
    ["Accept-Encoding", "identity"],
    ["Accept-Language", "en"],
  ];
  if (c.supported && c.supported.length > 0) headers.push(["Supported", c.supported.join(", ")]);
  return { status: 200, headers };
}
