// The UAS core above the transaction layer (RFC 3261 §8.2): it receives each new request with
// its server transaction, makes the checks of §8.2.1-§8.2.3 (method, headers, extensions,
// content) before anything else, then hands the request to the handler registered for its
// method and sends the handler's reply in the transaction. A handler that throws gets a 500:
// nothing a peer sends can take the process down.
import { type IdSource, Logger } from "../../base/index.ts";
import {
  createResponse,
  type SipRequest,
  type ValidationOptions,
  validateRequest,
} from "../message/index.ts";
import type { ServerTransaction, TransactionUser } from "../transaction/index.ts";
import type { MessageSource } from "../transport/index.ts";
import type { Reply } from "./reply.ts";

export interface RequestContext {
  source: MessageSource;
  tx: ServerTransaction;
}

export type RequestHandler = (req: SipRequest, ctx: RequestContext) => Reply | Promise<Reply>;

export interface UaCoreOptions {
  ids: IdSource;
  logger?: Logger;
  /** Methods with a handler are allowed; others get 405 with Allow (RFC 3261 §8.2.1). */
  supportedExtensions?: readonly string[];
  acceptedContentTypes?: readonly string[];
  /** A Server header on every response (RFC 3261 §20.35); omit to reveal nothing. */
  server?: string;
}

export class UaCore implements TransactionUser {
  private readonly handlers = new Map<string, RequestHandler>();
  private readonly logger: Logger;

  constructor(private readonly options: UaCoreOptions) {
    this.logger = (options.logger ?? Logger.silent()).child({ layer: "ua" });
  }

  /** Registers the handler for a method (replacing any previous one). */
  handle(method: string, handler: RequestHandler): this {
    this.handlers.set(method, handler);
    return this;
  }

  get allowedMethods(): string[] {
    return ["ACK", ...this.handlers.keys()].filter((m, i, a) => a.indexOf(m) === i);
  }

  get validation(): ValidationOptions {
    const v: ValidationOptions = {
      role: "uas",
      allowedMethods: this.allowedMethods,
      supportedExtensions: this.options.supportedExtensions ?? [],
    };
    if (this.options.acceptedContentTypes) v.acceptedContentTypes = this.options.acceptedContentTypes;
    return v;
  }

  onRequest(req: SipRequest, tx: ServerTransaction | undefined, source: MessageSource): void {
    // An ACK outside any transaction (for a 2xx, RFC 3261 §17.2.3): nothing to answer.
    if (!tx || req.method === "ACK") return;
    // RFC 3261 §8.2.1-§8.2.3: inspections in order, before authentication or any handler.
    const verdict = validateRequest(req, this.validation);
    if (!verdict.ok) {
      this.send(req, tx, { status: verdict.status, reason: verdict.reason, headers: verdict.headers });
      return;
    }
    const handler = this.handlers.get(req.method);
    if (!handler) {
      this.send(req, tx, { status: 405, headers: [["Allow", this.allowedMethods.join(", ")]] });
      return;
    }
    let result: Reply | Promise<Reply>;
    try {
      result = handler(req, { source, tx });
    } catch (err) {
      this.failed(req, tx, err);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (reply) => this.send(req, tx, reply),
        (err: unknown) => this.failed(req, tx, err),
      );
    } else this.send(req, tx, result);
  }

  private failed(req: SipRequest, tx: ServerTransaction, err: unknown): void {
    this.logger.error("request handler failed", { method: req.method, err });
    this.send(req, tx, { status: 500 });
  }

  /** Builds the response (RFC 3261 §8.2.6: To tag on everything but 100) and sends it. */
  private send(req: SipRequest, tx: ServerTransaction, reply: Reply): void {
    const headers: Array<[string, string]> = (reply.headers ?? []).map(([n, v]) => [n, v]);
    if (this.options.server) headers.push(["Server", this.options.server]);
    const opts: Parameters<typeof createResponse>[2] = { headers, toTag: this.options.ids.tag() };
    if (reply.reason !== undefined) opts.reason = reply.reason;
    if (reply.body !== undefined) opts.body = reply.body;
    try {
      tx.respond(createResponse(req, reply.status, opts));
    } catch (err) {
      this.logger.debug("response not sent", { err });
    }
  }
}
