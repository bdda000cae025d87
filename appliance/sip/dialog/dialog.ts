// A dialog (RFC 3261 §12): the peer-to-peer relationship an INVITE creates. It holds the dialog
// ID, the CSeq counters, the route set and the remote target, builds requests inside itself
// (§12.2.1.1) and checks the ones it receives (§12.2.2). Its state machine is DIALOG_TABLE.
import { type IdSource, ParseError, SipFailure } from "../../base/index.ts";
import {
  formatCSeq,
  formatNameAddr,
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getHeaders,
  getTag,
  getTo,
  type HeaderField,
  type NameAddr,
  SIP_VERSION,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type Uri,
} from "../message/index.ts";
import { transition } from "../transaction/index.ts";
import type { Body } from "./body.ts";
import { type DialogId, dialogKey } from "./dialog-id.ts";
import { DIALOG_TABLE, type DialogEvent, type DialogState } from "./dialog-table.ts";
import { dialogRequestTarget, uacRouteSet, uasRouteSet } from "./route-set.ts";

export type DialogRole = "uac" | "uas";

export interface DialogInit {
  role: DialogRole;
  id: DialogId;
  state: DialogState;
  localUri: NameAddr;
  remoteUri: NameAddr;
  remoteTarget: Uri;
  routeSet: NameAddr[];
  localSeq: number | undefined;
  remoteSeq: number | undefined;
  secure: boolean;
  localContact: NameAddr;
}

export interface DialogRequestOptions {
  body?: Body;
  headers?: ReadonlyArray<readonly [string, string]>;
  /** Use this CSeq number instead of the next one (ACK and CANCEL reuse the INVITE's). */
  cseq?: number;
}

/** Methods whose requests carry our Contact (target refresh and subscription-creating). */
const WITH_CONTACT = new Set(["INVITE", "UPDATE", "REFER", "SUBSCRIBE", "NOTIFY"]);

function withTag(na: NameAddr, tag: string): NameAddr {
  const params = new Map(na.params);
  params.set("tag", tag);
  const out: NameAddr = { uri: na.uri, params };
  if (na.displayName !== undefined) out.displayName = na.displayName;
  return out;
}

/** The single Contact of a dialog-creating or target-refresh message (RFC 3261 §12.1.1). */
function contactUri(msg: SipMessage): Uri | undefined {
  const contacts = getContacts(msg);
  if (contacts === "*" || contacts.length === 0) return undefined;
  return contacts[0]!.uri;
}

export class Dialog {
  readonly role: DialogRole;
  readonly id: DialogId;
  readonly key: string;
  readonly localUri: NameAddr;
  readonly remoteUri: NameAddr;
  readonly secure: boolean;
  localContact: NameAddr;
  private current: DialogState;
  private target: Uri;
  private routes: NameAddr[];
  private lSeq: number | undefined;
  private rSeq: number | undefined;

  constructor(init: DialogInit) {
    this.role = init.role;
    this.id = init.id;
    this.key = dialogKey(init.id);
    this.current = init.state;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.target = init.remoteTarget;
    this.routes = init.routeSet;
    this.lSeq = init.localSeq;
    this.rSeq = init.remoteSeq;
    this.secure = init.secure;
    this.localContact = init.localContact;
  }

  /**
   * RFC 3261 §12.1.2: the UAC's dialog from a 101-199 with a To tag or a 2xx to invite. Route
   * set: Record-Route reversed; remote target: the Contact; local sequence: the INVITE's CSeq;
   * remote sequence empty; secure when the Request-URI was sips.
   */
  static fromResponse(invite: SipRequest, res: SipResponse, localContact: NameAddr): Dialog {
    const callId = getCallId(res);
    const from = getFrom(invite);
    const to = getTo(res);
    const cseq = getCSeq(invite);
    const localTag = from && getTag(from);
    const remoteTag = to && getTag(to);
    if (!callId || !from || !to || !cseq || !localTag || !remoteTag)
      throw new ParseError("response cannot create a dialog (Call-ID, tags or CSeq missing)", 0);
    const target = contactUri(res) ?? invite.uri; // RFC 3261 §12.1.2: a 2xx MUST carry Contact; tolerate its lack
    return new Dialog({
      role: "uac",
      id: { callId, localTag, remoteTag },
      state: res.status >= 200 ? "confirmed" : "early",
      localUri: from,
      remoteUri: to,
      remoteTarget: target,
      routeSet: uacRouteSet(res),
      localSeq: cseq.seq,
      remoteSeq: undefined,
      secure: invite.uri.type === "sip" && invite.uri.scheme === "sips",
      localContact,
    });
  }

  /**
   * RFC 3261 §12.1.1: the UAS's dialog from a request. Route set: Record-Route in order; remote
   * target: the Contact; remote sequence: the request's CSeq; local sequence empty; local URI is
   * the To with our tag, remote URI the From.
   */
  static fromRequest(
    req: SipRequest,
    localTag: string,
    localContact: NameAddr,
    secureTransport = false,
  ): Dialog {
    const callId = getCallId(req);
    const from = getFrom(req);
    const to = getTo(req);
    const cseq = getCSeq(req);
    if (!callId || !from || !to || !cseq)
      throw new ParseError("request cannot create a dialog (Call-ID, From, To or CSeq missing)", 0);
    const target = contactUri(req);
    if (!target) throw new SipFailure(400, "Missing Contact"); // RFC 3261 §12.1.1 needs the remote target
    return new Dialog({
      role: "uas",
      id: { callId, localTag, remoteTag: getTag(from) ?? "" },
      state: "early",
      localUri: withTag(to, localTag),
      remoteUri: from,
      remoteTarget: target,
      routeSet: uasRouteSet(req),
      localSeq: undefined,
      remoteSeq: cseq.seq,
      secure: secureTransport && req.uri.type === "sip" && req.uri.scheme === "sips",
      localContact,
    });
  }

  get state(): DialogState {
    return this.current;
  }

  get remoteTarget(): Uri {
    return this.target;
  }

  get routeSet(): readonly NameAddr[] {
    return this.routes;
  }

  get localSeq(): number | undefined {
    return this.lSeq;
  }

  get remoteSeq(): number | undefined {
    return this.rSeq;
  }

  /** Applies an event through DIALOG_TABLE; throws StateError for an edge it lacks. */
  fire(event: DialogEvent): DialogState {
    this.current = transition(DIALOG_TABLE, this.current, event).next;
    return this.current;
  }

  /** True when the table has an edge for event in the current state. */
  can(event: DialogEvent): boolean {
    return DIALOG_TABLE[this.current][event] !== undefined;
  }

  /**
   * RFC 3261 §12.2.2: a request with a lower CSeq than the remote sequence number is out of
   * order and MUST be rejected with 500; otherwise the remote sequence number becomes its CSeq.
   * ACK and CANCEL carry the INVITE's number and are not checked.
   */
  checkRemoteCSeq(req: SipRequest): void {
    if (req.method === "ACK" || req.method === "CANCEL") return;
    const cseq = getCSeq(req);
    if (!cseq) throw new SipFailure(400, "Missing CSeq");
    if (this.rSeq !== undefined && cseq.seq < this.rSeq) throw new SipFailure(500, "CSeq Out of Order");
    this.rSeq = cseq.seq;
  }

  /**
   * RFC 3261 §12.2.1.2 / §12.2.2: a target-refresh request or its 2xx replaces the remote
   * target with its Contact (RFC 3311 §5: UPDATE is a target refresh).
   */
  refreshTarget(msg: SipMessage): void {
    let uri: Uri | undefined;
    try {
      uri = contactUri(msg);
    } catch {
      return;
    }
    if (uri) this.target = uri;
    if (this.current !== "terminated") this.fire("targetRefresh");
  }

  /** RFC 3261 §13.2.2.4: a 2xx for an early dialog recomputes its route set from the 2xx. */
  confirmFrom2xx(res: SipResponse): void {
    if (this.role === "uac" && this.current === "early") this.routes = uacRouteSet(res);
    try {
      const uri = contactUri(res);
      if (uri) this.target = uri;
    } catch {
      // keep the previous target
    }
    this.fire("resp2xx");
  }

  /** RFC 3261 §12.2.1.1: the local sequence number is incremented by one for each request. */
  nextLocalSeq(): number {
    this.lSeq = this.lSeq === undefined ? 1 : this.lSeq + 1;
    return this.lSeq;
  }

  /**
   * Builds a request inside the dialog (RFC 3261 §12.2.1.1): To is the remote URI with the
   * remote tag, From the local URI with the local tag, the Call-ID of the dialog, the next
   * local CSeq, Request-URI and Route from the route set and remote target. Returns the request
   * and its next hop.
   */
  createRequest(
    method: string,
    ids: IdSource,
    opts: DialogRequestOptions = {},
  ): { request: SipRequest; nextHop: Uri } {
    const seq = opts.cseq ?? this.nextLocalSeq();
    const t = dialogRequestTarget(this.target, this.routes);
    const headers: HeaderField[] = [
      {
        name: "Via",
        value: `${SIP_VERSION}/${this.viaTransport()} ${this.viaHost()};branch=${ids.branch()}`,
      },
      { name: "Max-Forwards", value: "70" },
      { name: "From", value: formatNameAddr(this.localUri) },
      { name: "To", value: formatNameAddr(this.remoteUri) },
      { name: "Call-ID", value: this.id.callId },
      { name: "CSeq", value: formatCSeq({ seq, method }) },
    ];
    for (const r of t.routes) headers.push({ name: "Route", value: formatNameAddr(r) });
    // RFC 3261 §12.2.1.1 / RFC 3311 §5.1: target refresh requests carry a Contact.
    if (WITH_CONTACT.has(method)) headers.push({ name: "Contact", value: formatNameAddr(this.localContact) });
    for (const [name, value] of opts.headers ?? []) headers.push({ name, value });
    if (opts.body) headers.push({ name: "Content-Type", value: opts.body.contentType });
    return {
      request: {
        kind: "request",
        method,
        uri: t.requestUri,
        version: SIP_VERSION,
        headers,
        body: opts.body?.body ?? Buffer.alloc(0),
      },
      nextHop: t.nextHop,
    };
  }

  /**
   * RFC 3261 §13.2.2.4: the ACK for a 2xx is built by the UAC core like any request in the
   * dialog, with the CSeq number of the INVITE it acknowledges and the INVITE's credentials.
   */
  createAck(invite: SipRequest, ids: IdSource, body?: Body): { request: SipRequest; nextHop: Uri } {
    const cseq = getCSeq(invite);
    if (!cseq) throw new ParseError("INVITE without CSeq", 0);
    const headers: Array<[string, string]> = [];
    for (const name of ["Authorization", "Proxy-Authorization"])
      for (const v of getHeaders(invite, name)) headers.push([name, v]);
    const opts: DialogRequestOptions = { cseq: cseq.seq, headers };
    if (body) opts.body = body;
    return this.createRequest("ACK", ids, opts);
  }

  private viaHost(): string {
    const u = this.localContact.uri;
    if (u.type !== "sip") return "invalid";
    return u.port === undefined ? u.host : `${u.host}:${u.port}`;
  }

  private viaTransport(): string {
    const u = this.localContact.uri;
    if (u.type !== "sip") return "UDP";
    if (u.scheme === "sips") return "TLS";
    return (u.params.get("transport") ?? "udp").toUpperCase();
  }
}
