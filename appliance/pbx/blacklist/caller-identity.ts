// Who is calling, as far as SIP says: the From header (RFC 3261 §20.20, set by the caller, spoofable)
// or P-Asserted-Identity (RFC 3325 §9.1, asserted by a trusted network: believed only from the
// trunk, RFC 3325 §5), and whether the caller withheld their identity (RFC 3323 Privacy, the
// anonymous From of RFC 3323 §4.1.1.3 and RFC 3261 §8.1.1.3, or simply no number).

import type { SipRequest } from "../../sip/index.ts";
import { getFrom, getHeaderValues, parseNameAddr, type Uri } from "../../sip/index.ts";

export interface CallerIdentity {
  /** The caller's number (the user part of a sip URI, the number of a tel URI), if any. */
  number?: string;
  /** The display name, if any. */
  name?: string;
  /** Which header it came from. */
  source: "from" | "pai";
  /** The caller withheld or lacks an identity (RFC 3323, RFC 3325). */
  anonymous: boolean;
  /** Why it is anonymous, for the logs. */
  anonymousBecause?: "privacy" | "anonymous-uri" | "no-number";
}

export interface CallerIdentityOptions {
  /** Which header to prefer (PAI is only used when trusted). */
  prefer: "from" | "pai";
  /** The request came from a trusted peer (the trunk): PAI may be believed (RFC 3325 §5). */
  trustPai: boolean;
}

/** User parts and display names that mean "no caller ID" in the wild. */
const WITHHELD = new Set([
  "anonymous",
  "unknown",
  "unavailable",
  "restricted",
  "private",
  "withheld",
  "blocked",
]);

function numberOf(uri: Uri): string | undefined {
  if (uri.type === "tel") return uri.number;
  if (uri.type === "sip") return uri.user?.split(";")[0];
  return undefined;
}

/** RFC 3323 §4.2 / RFC 3325 §7: Privacy values that withhold the caller's identity. */
function privacyWithholds(req: SipRequest): boolean {
  const values = getHeaderValues(req, "Privacy").flatMap((v) => v.split(";"));
  return values.some((v) => ["id", "user", "header"].includes(v.trim().toLowerCase()));
}

export function callerIdentity(req: SipRequest, o: CallerIdentityOptions): CallerIdentity {
  let from: ReturnType<typeof getFrom>;
  try {
    from = getFrom(req);
  } catch {
    from = undefined;
  }
  let pai: ReturnType<typeof getFrom>;
  if (o.trustPai) {
    // RFC 3325 §9.1: one or two values (a sip/sips URI and a tel URI); take the first with a number.
    for (const v of getHeaderValues(req, "P-Asserted-Identity")) {
      try {
        const na = parseNameAddr(v);
        if (numberOf(na.uri)) {
          pai = na;
          break;
        }
      } catch {
        // a malformed PAI is ignored, From remains
      }
    }
  }
  const chosen = o.prefer === "pai" && pai ? pai : (from ?? pai);
  const id: CallerIdentity = { source: chosen === pai && pai ? "pai" : "from", anonymous: false };
  if (chosen) {
    const n = numberOf(chosen.uri);
    if (n !== undefined) id.number = n;
    if (chosen.displayName) id.name = chosen.displayName;
  }
  const host = from?.uri.type === "sip" ? from.uri.host.toLowerCase() : "";
  const user = id.number?.toLowerCase() ?? "";
  if (privacyWithholds(req)) {
    id.anonymous = true;
    id.anonymousBecause = "privacy";
  } else if (host === "anonymous.invalid" || WITHHELD.has(user)) {
    // RFC 3323 §4.1.1.3 / RFC 3261 §8.1.1.3: "Anonymous" <sip:anonymous@anonymous.invalid>.
    id.anonymous = true;
    id.anonymousBecause = "anonymous-uri";
  } else if (!/\d/.test(user)) {
    id.anonymous = true;
    id.anonymousBecause = "no-number";
  }
  return id;
}
