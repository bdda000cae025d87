// The trunk registration's state machine as a table: (state, event) → (next state, actions).
// A missing edge is illegal; TrunkRegistration offers network and timer events through one guard
// that ignores (and logs) what the table does not list.
import { StateError } from "../../base/index.ts";

export type RegistrationState = "idle" | "registering" | "registered" | "backoff" | "failed" | "closed";

export type RegistrationEvent =
  | "start"
  /** A 2xx to our REGISTER (RFC 3261 §10.2.4). */
  | "resp2xx"
  /** A 401/407 we can answer: first challenge, or stale=true (RFC 7616 §3.3). */
  | "challenge"
  /** A 401/407 to credentials computed from a fresh challenge, stale≠true: wrong password. */
  | "credentialsRejected"
  /** 423 Interval Too Brief: retry with Min-Expires (RFC 3261 §10.2.8). */
  | "intervalTooBrief"
  /** A final response that no retry will fix (403, 404, an unsupported challenge...). */
  | "respFatal"
  /** Any other failure: 408/5xx/6xx, Timer F, a transport error. */
  | "respRetryable"
  | "timerRefresh"
  | "timerBackoff"
  /** The OPTIONS keepalive got no answer: the binding (or the NAT mapping) may be gone. */
  | "keepaliveLost"
  /** The public address learned from Via received/rport changed: Contact must follow. */
  | "contactChanged"
  | "stop";

export type RegistrationAction =
  | "sendRegister"
  | "sendAuthenticated"
  | "sendWithMinExpires"
  | "resetFailures"
  | "countFailure"
  | "scheduleRefresh"
  | "scheduleBackoff"
  | "startKeepalive"
  | "stopKeepalive"
  | "clearTimers"
  | "emitRegistered"
  | "emitBackoff"
  | "emitFailed"
  | "emitClosed";

export interface RegistrationEdge {
  next: RegistrationState;
  actions: readonly RegistrationAction[];
}

type Table = Readonly<
  Record<RegistrationState, Partial<Readonly<Record<RegistrationEvent, RegistrationEdge>>>>
>;

const STOP: RegistrationEdge = { next: "closed", actions: ["clearTimers", "stopKeepalive", "emitClosed"] };
const FAIL: RegistrationEdge = { next: "failed", actions: ["clearTimers", "stopKeepalive", "emitFailed"] };
const BACKOFF: RegistrationEdge = {
  next: "backoff",
  actions: ["countFailure", "stopKeepalive", "scheduleBackoff", "emitBackoff"],
};
const RESEND: RegistrationEdge = { next: "registering", actions: ["clearTimers", "sendRegister"] };

export const REGISTRATION_TABLE: Table = {
  idle: {
    start: { next: "registering", actions: ["resetFailures", "sendRegister"] },
    stop: STOP,
  },
  registering: {
    resp2xx: {
      next: "registered",
      actions: ["resetFailures", "scheduleRefresh", "startKeepalive", "emitRegistered"],
    },
    challenge: { next: "registering", actions: ["sendAuthenticated"] },
    intervalTooBrief: { next: "registering", actions: ["sendWithMinExpires"] },
    credentialsRejected: FAIL,
    respFatal: FAIL,
    respRetryable: BACKOFF,
    stop: STOP,
  },
  registered: {
    // RFC 3261 §10.2.4: refresh before the binding expires, same Call-ID, higher CSeq.
    timerRefresh: RESEND,
    keepaliveLost: RESEND,
    contactChanged: RESEND,
    stop: STOP,
  },
  backoff: {
    timerBackoff: RESEND,
    stop: STOP,
  },
  failed: {
    // Only an explicit start (after the operator fixed the credentials) leaves failed.
    start: { next: "registering", actions: ["resetFailures", "sendRegister"] },
    stop: STOP,
  },
  closed: {},
};

/** The guard: the edge for (state, event), or a StateError for an illegal one. */
export function registrationEdge(state: RegistrationState, event: RegistrationEvent): RegistrationEdge {
  const edge = REGISTRATION_TABLE[state][event];
  if (!edge) throw new StateError("illegal trunk registration edge", state, event);
  return edge;
}
