// What the dialog layer hands each INVITE session: the services below it and the hooks that
// keep the layer's dialog index current. Kept apart so sessions and the layer do not import
// each other.
import type { Clock, IdSource, Logger, RandomSource } from "../../base/index.ts";
import type { NameAddr, SipRequest, SipResponse } from "../message/index.ts";
import type { TimerConfig, TransactionLayer } from "../transaction/index.ts";
import type { Dialog } from "./dialog.ts";
import type { SessionTimerConfig } from "./session-timer.ts";
import type { TargetResolver } from "./target.ts";

export interface SessionServices {
  transactions: TransactionLayer;
  clock: Clock;
  ids: IdSource;
  random: RandomSource;
  logger: Logger;
  timers: TimerConfig;
  resolve: TargetResolver;
  /** Our Contact (RFC 3261 §8.1.1.8). */
  contact: NameAddr;
  /** Methods this UA accepts inside a dialog, for Allow. */
  allow: readonly string[];
  /** Extensions we support, for Supported. */
  supported: readonly string[];
  /** Our session-timer wishes (RFC 4028), or undefined to only honour the peer's. */
  sessionTimer: SessionTimerConfig | undefined;
}

/**
 * Answers a 401/407 to an outgoing INVITE (RFC 3261 §22.2): the Authorization or
 * Proxy-Authorization header to resend `request` with, or undefined to accept the failure.
 */
export type InviteAuthenticator = (
  challenge: SipResponse,
  request: SipRequest,
) => { name: string; value: string } | undefined;

export interface SessionHooks {
  /** A dialog of this session now exists (early or confirmed): index it. */
  dialogAdded(dialog: Dialog): void;
  /** A dialog ended: forget it. */
  dialogRemoved(dialog: Dialog): void;
  /** The session terminated: forget the session. */
  ended(): void;
}
