// The final outcome of a request sent inside a dialog: the final response, or the status the
// RFC says to act as if received (RFC 3261 §8.1.3.1: a timeout is a 408, a transport error a 503).
import type { SipResponse } from "../message/index.ts";
import type { ClientTransaction } from "../transaction/index.ts";

export interface RequestOutcome {
  status: number;
  reason: string;
  /** The final response, absent for a timeout or a transport error. */
  response?: SipResponse;
}

/**
 * Calls onFinal once, synchronously, with the first final response of tx (or 408 / 503), and
 * onResponse for every response it passes up (provisionals, and 2xx retransmissions for INVITE).
 */
export function watchTransaction(
  tx: ClientTransaction,
  onFinal: (o: RequestOutcome) => void,
  onResponse?: (res: SipResponse) => void,
): void {
  let done = false;
  const finish = (o: RequestOutcome) => {
    if (done) return;
    done = true;
    onFinal(o);
  };
  tx.events.on("response", (res) => {
    onResponse?.(res);
    if (res.status >= 200) finish({ status: res.status, reason: res.reason, response: res });
  });
  // RFC 3261 §8.1.3.1: a transaction timeout counts as 408, a transport failure as 503.
  tx.events.on("timeout", () => finish({ status: 408, reason: "Request Timeout" }));
  tx.events.on("transportError", () => finish({ status: 503, reason: "Service Unavailable" }));
}
