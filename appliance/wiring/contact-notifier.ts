// Out-of-dialog requests to the phones registered for an extension: the check-sync NOTIFY of a
// resync and the message-summary NOTIFY of message waiting. Each registered contact is reached
// as a call to it would be (a phone behind NAT where its REGISTER came from: binding-resolver),
// once per destination, with one non-INVITE client transaction; a phone that challenges is
// answered once with the line's credentials when they are known (RFC 3261 §22.2).
import type { IdSource, Logger } from "../base/index.ts";
import { DigestClientSession, type RequestSender } from "../pbx/trunk/index.ts";
import { formatUri, getCSeq, parseUri, type SipRequest, type SipResponse, type Uri } from "../sip/index.ts";
import type { ClientTransaction } from "../sip/transaction/index.ts";
import type { Target, TransportProtocol } from "../sip/transport/index.ts";
import { type BindingsByUser, bindingResolver } from "./binding-resolver.ts";

export interface ContactNotifierDeps {
  sender: RequestSender;
  bindings: BindingsByUser;
  ids: IdSource;
  logger: Logger;
  /** The appliance's address for Contact and Via (the transport stamps the real sent-by). */
  host: string;
  /** The listening port of a transport, or undefined when it is not enabled. */
  port(protocol: TransportProtocol): number | undefined;
}

export interface RegisteredContact {
  /** The extension whose binding this is. */
  readonly user: string;
  readonly uri: Uri;
  readonly target: Target;
}

/** What a request builder gets: fresh transaction identifiers and our own address. */
export interface RequestFrame {
  readonly localHostPort: string;
  readonly transport: TransportProtocol;
  readonly branch: string;
  readonly fromTag: string;
  readonly callId: string;
  readonly cseq: number;
}

export interface SendOutcome {
  /** The final response's status code. */
  readonly status?: number;
  readonly error?: "timeout" | "transport" | "unsendable";
}

export function describeTarget(t: Target): string {
  return `${t.protocol} ${t.address}:${t.port}`;
}

export class ContactNotifier {
  constructor(private readonly deps: ContactNotifierDeps) {}

  /** The registered contacts of the users' bindings, one per destination. */
  contacts(users: readonly string[]): RegisteredContact[] {
    const out = new Map<string, RegisteredContact>();
    for (const user of users) {
      const resolve = bindingResolver(this.deps.bindings, () => [user]);
      for (const b of this.deps.bindings.lookup(this.deps.bindings.aorOf(user))) {
        try {
          const uri = parseUri(b.uri);
          const target = resolve(uri, undefined);
          const key = describeTarget(target);
          if (!out.has(key)) out.set(key, { user, uri, target });
        } catch (err) {
          this.deps.logger.warn("registered contact not reachable", { user, err });
        }
      }
    }
    return [...out.values()];
  }

  /**
   * Sends the request `build` makes for the contact; settles (never rejects) when the
   * transaction has ended. `credentials` answer one 401/407 challenge.
   */
  send(
    c: RegisteredContact,
    build: (frame: RequestFrame) => SipRequest | undefined,
    credentials?: () => { username: string; password: string },
  ): Promise<SendOutcome> {
    const port = this.deps.port(c.target.protocol);
    const ids = this.deps.ids;
    const first =
      port === undefined
        ? undefined
        : build({
            localHostPort: `${this.deps.host}:${port}`,
            transport: c.target.protocol,
            branch: ids.branch(), // RFC 3261 §8.1.1.7: a new branch per transaction
            fromTag: ids.tag(),
            callId: ids.callId(),
            cseq: 1,
          });
    if (!first) return Promise.resolve({ error: "unsendable" });
    const digest = credentials && new DigestClientSession(credentials, () => ids.token(16));
    return new Promise((resolve) => {
      let challenged = false;
      let settled = false;
      const done = (o: SendOutcome): void => {
        if (settled) return;
        settled = true;
        resolve(o);
      };
      const start = (req: SipRequest): void => {
        let tx: ClientTransaction;
        try {
          tx = this.deps.sender.sendRequest(req, c.target);
        } catch (err) {
          this.deps.logger.debug("request not sent", { method: req.method, err });
          done({ error: "unsendable" });
          return;
        }
        tx.events.on("response", (res) => {
          if (res.status < 200) return;
          const retry = challenged || !digest ? undefined : this.authenticated(req, res, digest);
          if (retry) {
            challenged = true;
            start(retry);
          } else done({ status: res.status });
        });
        tx.events.on("timeout", () => done({ error: "timeout" }));
        tx.events.on("transportError", () => done({ error: "transport" }));
      };
      start(first);
    });
  }

  /** RFC 3261 §22.2: the same Call-ID and From tag, CSeq + 1, a new branch, the credentials. */
  private authenticated(
    req: SipRequest,
    res: SipResponse,
    digest: DigestClientSession,
  ): SipRequest | undefined {
    if (res.status !== 401 && res.status !== 407) return undefined;
    const answer = digest.answer(res, req.method, formatUri(req.uri));
    if (!answer.ok) return undefined;
    const seq = (getCSeq(req)?.seq ?? 1) + 1;
    const headers = req.headers.map((h) => {
      const name = h.name.toLowerCase();
      if (name === "via")
        return {
          name: h.name,
          value: h.value.replace(/branch=[^;,\s]+/i, `branch=${this.deps.ids.branch()}`),
        };
      if (name === "cseq") return { name: h.name, value: `${seq} ${req.method}` };
      return h;
    });
    const at = headers.findIndex((h) => h.name.toLowerCase() === "content-length");
    headers.splice(at < 0 ? headers.length : at, 0, { name: answer.header.name, value: answer.header.value });
    return { ...req, headers };
  }
}
