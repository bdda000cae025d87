// The INVITE policy in front of the B2BUA. The DialogLayer would hand every new INVITE straight
// to the B2BUA (its `invite` listener), past the UA core's RFC 3261 §8.2 checks and before any
// policy ran. So this transaction user sits above the transaction layer instead: an initial
// INVITE gets the UA core's checks, then decideInvite once (a digest nonce count is spent only
// once); a refusal is answered by the UA core without creating a dialog, an admitted call goes
// on to the DialogLayer, and the B2BUA's authorizer reads the decision already taken.
import { ParseError } from "../base/index.ts";
import type { CallAuthorizer } from "../pbx/calls/index.ts";
import { type DialogLayer, dialogKey, uasDialogId } from "../sip/dialog/index.ts";
import {
  getTo,
  type MessageSource,
  type SipRequest,
  type SipResponse,
  validateRequest,
} from "../sip/index.ts";
import type { ServerTransaction, TransactionUser } from "../sip/transaction/index.ts";
import type { Reply, RequestContext, UaCore } from "../sip/ua/index.ts";
import type { AdmittedRoutes } from "./admitted-routes.ts";
import { decideInvite, type InviteDecision, type InvitePolicyDeps } from "./invite-policy.ts";

/** RFC 3261 §21.4.3: an INVITE the policy never admitted (not expected: defensive). */
const NOT_ADMITTED: Reply = { status: 403, reason: "Forbidden" };
/** RFC 3261 §12.2.2: a request with a To tag that matches no dialog. */
const NO_DIALOG: Reply = { status: 481, reason: "Call/Transaction Does Not Exist" };

export class InviteAdmission implements TransactionUser {
  private readonly decided = new WeakMap<SipRequest, InviteDecision>();

  constructor(
    private readonly ua: Pick<UaCore, "onRequest" | "validation">,
    private readonly dialogs: Pick<DialogLayer, "onRequest" | "onStrayResponse" | "sessions">,
    private readonly policy: () => InvitePolicyDeps,
  ) {}

  onRequest(req: SipRequest, tx: ServerTransaction | undefined, source: MessageSource): void {
    const tagged = req.method === "INVITE" ? hasToTag(req) : true;
    if (tx && tagged === true && req.method === "INVITE" && !this.knownDialog(req)) {
      // A re-INVITE for no dialog of ours: the policy first (an unauthenticated peer is
      // challenged, as RFC 4475 §3.1.1.1 expects), else 481 (RFC 3261 §12.2.2).
      const d = decideInvite(this.policy(), req, source);
      this.decided.set(req, d.kind === "reply" ? d : { kind: "reply", reply: NO_DIALOG });
      this.ua.onRequest(req, tx, source);
      return;
    }
    if (!tx || tagged === true) {
      // In-dialog requests, ACKs, REGISTER, OPTIONS...: the dialog layer passes what is not its
      // own up to the UA core.
      this.dialogs.onRequest(req, tx, source);
      return;
    }
    if (tagged === undefined) {
      this.ua.onRequest(req, tx, source); // no parsable To: the UA core's checks answer 400
      return;
    }
    // RFC 3261 §8.2.1-§8.2.3 (405, 420, 415, 400) before authentication, as for any request.
    if (validateRequest(req, this.ua.validation).ok) {
      const d = decideInvite(this.policy(), req, source);
      this.decided.set(req, d);
      if (d.kind === "bridge" || d.kind === "outbound") {
        this.dialogs.onRequest(req, tx, source);
        return;
      }
    }
    this.ua.onRequest(req, tx, source);
  }

  private knownDialog(req: SipRequest): boolean {
    const id = uasDialogId(req);
    if (!id) return false;
    const key = dialogKey(id);
    return this.dialogs.sessions.some(
      (s) => s.dialog?.key === key || s.earlyDialogs.some((d) => d.key === key),
    );
  }

  onStrayResponse(res: SipResponse, source: MessageSource): void {
    this.dialogs.onStrayResponse(res, source);
  }

  /** The UA core's INVITE handler: the refusal decided above. */
  readonly handler = (req: SipRequest, ctx: Pick<RequestContext, "source">): Reply => {
    const d = this.decided.get(req) ?? decideInvite(this.policy(), req, ctx.source);
    return d.kind === "reply" ? d.reply : NOT_ADMITTED;
  };

  /** The B2BUA's authorizer: who calls, and (noted for its router) which extension rings. */
  authorizer(routes: AdmittedRoutes): CallAuthorizer {
    return {
      authorize: (invite) => {
        const d = this.decided.get(invite);
        // An outbound call: the B2BUA's router takes the trunk channel from OutboundRoutes.
        if (d?.kind === "outbound") return { ok: true, user: d.user };
        if (d?.kind !== "bridge") return { ok: false, status: NOT_ADMITTED.status };
        const uri = invite.uri;
        routes.note(uri.type === "sip" ? (uri.user ?? "") : "", d.user, d.destination);
        return { ok: true, user: d.user };
      },
    };
  }
}

/** true/false: the To header has/lacks a tag; undefined: no parsable To. */
function hasToTag(req: SipRequest): boolean | undefined {
  try {
    const to = getTo(req);
    return to === undefined ? undefined : to.params.has("tag");
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
}
