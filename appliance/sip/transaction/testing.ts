// Test doubles for the transaction layer (also usable by the layers above in their tests).
import { TransportError } from "../../base/index.ts";
import {
  parseMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  serializeMessage,
} from "../message/index.ts";
import type { MessageSource, SipSender, Target } from "../transport/index.ts";

export interface SentMessage {
  message: SipMessage;
  at: number;
  target?: Target;
  source?: MessageSource;
}

/**
 * Records every message sent. mode "ok" resolves, "fail" rejects with TransportError, "defer"
 * keeps the promise pending until settle() is called.
 */
export class FakeSender implements SipSender {
  readonly sent: SentMessage[] = [];
  mode: "ok" | "fail" | "defer" = "ok";
  private readonly deferred: Array<{ resolve: () => void; reject: (e: TransportError) => void }> = [];

  constructor(private readonly now: () => number = () => 0) {}

  sendRequest(req: SipRequest, target: Target): Promise<void> {
    this.sent.push({ message: roundTrip(req), at: this.now(), target });
    return this.outcome();
  }

  sendResponse(res: SipResponse, source?: MessageSource): Promise<void> {
    const entry: SentMessage = { message: roundTrip(res), at: this.now() };
    if (source) entry.source = source;
    this.sent.push(entry);
    return this.outcome();
  }

  /** Settles the deferred sends, oldest first. */
  settle(ok: boolean): void {
    for (const d of this.deferred.splice(0))
      ok ? d.resolve() : d.reject(new TransportError("deferred failure"));
  }

  requests(method?: string): SentMessage[] {
    return this.sent.filter((s) => s.message.kind === "request" && (!method || s.message.method === method));
  }

  responses(status?: number): SentMessage[] {
    return this.sent.filter((s) => s.message.kind === "response" && (!status || s.message.status === status));
  }

  private outcome(): Promise<void> {
    if (this.mode === "ok") return Promise.resolve();
    if (this.mode === "fail") return Promise.reject(new TransportError("fake failure", "test"));
    return new Promise((resolve, reject) => this.deferred.push({ resolve, reject }));
  }
}

/** What went on the wire, as the peer would parse it (and proof that it serializes). */
function roundTrip<M extends SipMessage>(m: M): M {
  return parseMessage(serializeMessage(m)) as M;
}

/** Lets pending promise callbacks (send failures) run. Not a timer wait. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const UDP_SOURCE: MessageSource = {
  protocol: "UDP",
  remote: { address: "192.0.2.10", port: 5060 },
  local: { address: "192.0.2.1", port: 5060 },
};

export const TCP_SOURCE: MessageSource = { ...UDP_SOURCE, protocol: "TCP", connectionId: 7 };

/** A request as bytes on the wire would give it. */
export function request(
  method: string,
  opts: {
    branch?: string;
    toTag?: string;
    fromTag?: string;
    cseq?: number;
    callId?: string;
    via?: string;
    extra?: string[];
  } = {},
): SipRequest {
  const via = opts.via ?? `SIP/2.0/UDP 192.0.2.10:5060;branch=${opts.branch ?? "z9hG4bKabc1"}`;
  const lines = [
    `${method} sip:bob@192.0.2.1 SIP/2.0`,
    `Via: ${via}`,
    "Max-Forwards: 70",
    `From: <sip:alice@example.com>;tag=${opts.fromTag ?? "ft1"}`,
    `To: <sip:bob@example.com>${opts.toTag ? `;tag=${opts.toTag}` : ""}`,
    `Call-ID: ${opts.callId ?? "call-1"}`,
    `CSeq: ${opts.cseq ?? 1} ${method === "ACK" || method === "CANCEL" ? method : method}`,
    ...(opts.extra ?? []),
    "Content-Length: 0",
    "",
    "",
  ];
  return parseMessage(Buffer.from(lines.join("\r\n"))) as SipRequest;
}

/** A response to req with the given status (To tag added for status > 100). */
export function responseTo(req: SipRequest, status: number, toTag = "tt1"): SipResponse {
  const lines = [`SIP/2.0 ${status} Whatever`];
  for (const h of req.headers) {
    if (h.name === "Via" || h.name === "From" || h.name === "Call-ID" || h.name === "CSeq")
      lines.push(`${h.name}: ${h.value}`);
    if (h.name === "To")
      lines.push(`To: ${h.value}${status > 100 && !/tag=/.test(h.value) ? `;tag=${toTag}` : ""}`);
  }
  lines.push("Content-Length: 0", "", "");
  return parseMessage(Buffer.from(lines.join("\r\n"))) as SipResponse;
}
