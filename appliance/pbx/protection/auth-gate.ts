// The door every request other than OPTIONS, ACK and CANCEL passes: digest authentication
// (RFC 3261 §22) tied to the per-source counters. A failed guess counts against the source; a
// success resets its count. What goes back on the wire never depends on whether the user
// exists (DigestAuthenticator computes a dummy hash for unknown users): a fresh challenge.
import { Logger } from "../../base/index.ts";
import type { DigestAuthenticator } from "../../sip/auth/index.ts";
import type { SipRequest } from "../../sip/index.ts";
import type { Reply } from "../../sip/ua/index.ts";
import type { SourceGuard } from "./source-guard.ts";

export type GateResult = { ok: true; user: string } | { ok: false; reply: Reply };

export class AuthGate {
  private readonly logger: Logger;

  constructor(
    private readonly authenticator: DigestAuthenticator,
    private readonly guard: SourceGuard,
    logger?: Logger,
  ) {
    this.logger = (logger ?? Logger.silent()).child({ component: "auth" });
  }

  check(req: SipRequest, address: string): GateResult {
    const result = this.authenticator.authenticate(req);
    if (result.outcome === "ok") {
      this.guard.authSucceeded(address);
      return { ok: true, user: result.username };
    }
    if (result.outcome === "failed") {
      this.logger.info("authentication failed", {
        ip: address,
        user: result.username,
        reason: result.reason,
        method: req.method,
      });
      this.guard.authFailed(address); // may ban: logged after the failure that triggered it
    }
    const ch = this.authenticator.challenge(result.outcome === "challenge" && result.stale);
    return { ok: false, reply: { status: ch.status, headers: ch.headers } };
  }
}
