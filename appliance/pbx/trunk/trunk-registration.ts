// The trunk's registration as a UAC (RFC 3261 §10.2): REGISTER to the provider with digest auth,
// refresh before expiry, RFC 5626 §4.5 backoff with jitter on failure, re-registration when a
// keepalive goes unanswered or when the public address seen by the provider (Via received/rport,
// RFC 3581 §4) changes. Its Contact's user part is a random token: an inbound INVITE whose
// Request-URI carries it was routed by the provider to this registration (see trunk-inbound.ts).
import { isIP } from "node:net";
import {
  type Clock,
  type IdSource,
  Logger,
  type RandomSource,
  type TimerHandle,
  TypedEmitter,
} from "../../base/index.ts";
import { type PublicAddressTracker, reflexiveFromResponse } from "../../nat/index.ts";
import {
  formatUri,
  getContacts,
  getExpires,
  getHeader,
  type SipRequest,
  type SipResponse,
  type SipUri,
  sipUri,
} from "../../sip/index.ts";
import type { ClientTransaction } from "../../sip/transaction/index.ts";
import type { Endpoint, Target } from "../../sip/transport/index.ts";
import { type DigestAnswerHeader, DigestClientSession } from "./digest-answer.ts";
import { OptionsKeepalive, type RequestSender } from "./options-keepalive.ts";
import {
  REGISTRATION_TABLE,
  type RegistrationAction,
  type RegistrationEdge,
  type RegistrationEvent,
  type RegistrationState,
  registrationEdge,
} from "./registration-table.ts";
import {
  buildOptions,
  buildRegister,
  contactUri,
  type RequestParts,
  registrarUri,
} from "./trunk-requests.ts";
import type { TrunkSettings } from "./trunk-settings.ts";

export interface TrunkError {
  /** The SIP status, when the failure was a response. */
  status?: number;
  reason: string;
  /** Clock time (ms) of the failure. */
  at: number;
}

/** What the admin API and the logs show about a trunk. */
export interface TrunkStatus {
  trunk: string;
  /** `idle` before start and `closed` after close, besides the four working states. */
  state: RegistrationState;
  lastError?: TrunkError;
  /** Clock time (ms) at which the provider drops the binding unless refreshed. */
  expiresAt?: number;
  /** Clock time (ms) of the next REGISTER (refresh or retry). */
  nextAttemptAt?: number;
  consecutiveFailures: number;
  /** The public address:port the provider saw (RFC 3581), or from STUN / config. */
  publicAddress?: { address: string; port?: number; source: string };
  /** The Contact URI registered. */
  contact?: string;
  callId: string;
  cseq: number;
}

export interface TrunkRegistrationEvents {
  state: TrunkStatus;
  registered: TrunkStatus;
  backoff: TrunkStatus;
  failed: TrunkStatus;
  closed: TrunkStatus;
}

export interface TrunkRegistrationOptions {
  settings: TrunkSettings;
  clock: Clock;
  ids: IdSource;
  random: RandomSource;
  sender: RequestSender;
  addresses: PublicAddressTracker;
  /** Learn the public address from REGISTER responses (lab model `publicAddress.discover: provider`). */
  learnFromProvider: boolean;
  logger?: Logger;
  /** Resolves the registrar host (default: an IP literal as is, else the system resolver). */
  resolve?: (host: string) => Promise<string[]>;
  /** The Contact user token, if one is persisted across restarts (default: a fresh random one). */
  contactToken?: string;
  userAgent?: string;
}

const FATAL_STATUSES = new Set([400, 403, 404, 405, 410, 416, 420, 484, 501, 604]);

async function defaultResolve(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  const { lookup } = await import("node:dns/promises");
  return (await lookup(host, { all: true, family: 4 })).map((a) => a.address);
}

export class TrunkRegistration {
  readonly events = new TypedEmitter<TrunkRegistrationEvents>();
  /** The Contact user part: `pibx-` and ≥ 128 bits of randomness from the injected id source. */
  readonly contactUser: string;
  private readonly logger: Logger;
  private readonly s: TrunkSettings;
  private readonly digest: DigestClientSession;
  private readonly keepalive: OptionsKeepalive;
  private readonly callId: string;
  private readonly fromTag: string;
  private readonly aor: SipUri;
  private readonly registrar: SipUri;
  private current: RegistrationState = "idle";
  private readonly queue: RegistrationEvent[] = [];
  private running = false;
  private cseq = 0;
  private optionsCseq = 0;
  private readonly optionsCallId: string;
  private requestedExpires: number;
  private resolved: string[] = [];
  private tx: ClientTransaction | undefined;
  /** The answer to the last challenge, sent by sendAuthenticated. */
  private pendingAnswer: DigestAnswerHeader | undefined;
  /** Credentials on the REGISTER in flight: whether computed from a fresh challenge. */
  private sentAuth: { fresh: boolean; header: DigestAnswerHeader } | undefined;
  private staleRetries = 0;
  private refreshTimer: TimerHandle | undefined;
  private backoffTimer: TimerHandle | undefined;
  private failures = 0;
  private lastError: TrunkError | undefined;
  private expiresAt: number | undefined;
  private nextAttemptAt: number | undefined;
  private grantedExpires = 0;
  private registeredContact: SipUri | undefined;
  /** The Contact of the REGISTER in flight: registered once a 2xx answers it. */
  private registeredContactCandidate: SipUri | undefined;

  constructor(private readonly o: TrunkRegistrationOptions) {
    this.s = o.settings;
    this.logger = (o.logger ?? Logger.silent()).child({ component: "trunk", trunk: o.settings.name });
    this.contactUser = `pibx-${o.contactToken ?? o.ids.token(24)}`;
    this.callId = o.ids.callId();
    this.optionsCallId = o.ids.callId();
    this.fromTag = o.ids.tag();
    this.requestedExpires = this.s.expiresSeconds;
    this.aor = sipUri(this.s.domain ?? this.s.host, { user: this.s.username });
    this.registrar = registrarUri(this.s.host, this.s.port, this.s.transport);
    this.digest = new DigestClientSession(
      () => ({ username: this.s.authUsername ?? this.s.username, password: this.s.password }),
      () => o.ids.token(16),
    );
    this.keepalive = new OptionsKeepalive({
      clock: o.clock,
      random: o.random,
      sender: o.sender,
      logger: this.logger,
      intervalMs: this.s.keepaliveSeconds * 1000,
      target: () => this.target(),
      build: () => buildOptions(this.parts(++this.optionsCseq, this.optionsCallId)),
      onLost: (why) => {
        this.logger.warn("trunk keepalive lost: registering again", { why });
        this.offer("keepaliveLost");
      },
    });
    this.events.onListenerError((err) => this.logger.error("trunk listener threw", { err }));
  }

  get state(): RegistrationState {
    return this.current;
  }

  get status(): TrunkStatus {
    const st: TrunkStatus = {
      trunk: this.s.name,
      state: this.current,
      consecutiveFailures: this.failures,
      callId: this.callId,
      cseq: this.cseq,
    };
    if (this.lastError) st.lastError = { ...this.lastError };
    if (this.expiresAt !== undefined) st.expiresAt = this.expiresAt;
    if (this.nextAttemptAt !== undefined) st.nextAttemptAt = this.nextAttemptAt;
    const pub = this.o.addresses.current;
    if (pub) st.publicAddress = { ...pub };
    if (this.registeredContact) st.contact = formatUri(this.registeredContact);
    return st;
  }

  /** The registrar's resolved addresses and port: the only sources inbound trunk calls may come from. */
  registrarEndpoints(): Endpoint[] {
    return this.resolved.map((address) => ({ address, port: this.s.port }));
  }

  /** Resolves the registrar and sends the first REGISTER (also leaves `failed` after a fix). */
  async start(): Promise<void> {
    if (this.current !== "idle" && this.current !== "failed") return;
    try {
      this.resolved = await (this.o.resolve ?? defaultResolve)(this.s.host);
    } catch (err) {
      this.resolved = [];
      this.logger.warn("trunk registrar not resolved", { host: this.s.host, err });
    }
    if ((this.current as RegistrationState) === "closed") return;
    this.offer("start");
    // No address: the first send fails at once and backoff takes over.
  }

  /** Idempotent: timers cleared, keepalive stopped. The provider's binding expires by itself. */
  close(): void {
    this.offer("stop");
  }

  private target(): Target | undefined {
    const address = this.resolved[0];
    return address === undefined ? undefined : { protocol: this.s.transport, address, port: this.s.port };
  }

  private parts(cseq: number, callId: string): RequestParts {
    const inside = this.o.addresses.advertise("inside");
    const p: RequestParts = {
      registrar: this.registrar,
      aor: this.aor,
      callId,
      cseq,
      branch: this.o.ids.branch(),
      fromTag: this.fromTag,
      viaHost: inside.port === undefined ? inside.address : `${inside.address}:${inside.port}`,
      protocol: this.s.transport,
    };
    if (this.o.userAgent) p.userAgent = this.o.userAgent;
    return p;
  }

  // ---- the state machine ---------------------------------------------------------------------

  /** Network and timer events: ignored (logged) when the table has no edge for them. */
  private offer(event: RegistrationEvent): void {
    if (this.current === "closed") return;
    try {
      registrationEdge(this.current, event);
    } catch {
      this.logger.debug("trunk event ignored", { state: this.current, event });
      return;
    }
    this.queue.push(event);
    if (this.running) return;
    this.running = true;
    try {
      for (let e = this.queue.shift(); e !== undefined; e = this.queue.shift()) {
        const edge: RegistrationEdge | undefined = REGISTRATION_TABLE[this.current][e];
        if (!edge) {
          this.logger.debug("trunk event ignored", { state: this.current, event: e });
          continue;
        }
        const from = this.current;
        this.current = edge.next;
        this.logger.debug("trunk transition", { from, event: e, to: edge.next });
        for (const a of edge.actions) this.act(a);
        if (from !== edge.next) this.events.emit("state", this.status);
      }
    } finally {
      this.running = false;
      this.queue.length = 0;
    }
  }

  private act(action: RegistrationAction): void {
    const clock = this.o.clock;
    switch (action) {
      case "sendRegister":
        this.pendingAnswer = undefined;
        this.staleRetries = 0;
        this.send(undefined);
        return;
      case "sendAuthenticated": {
        const header = this.pendingAnswer;
        this.pendingAnswer = undefined;
        if (header) this.send({ fresh: true, header });
        return;
      }
      case "sendWithMinExpires":
        this.send(undefined);
        return;
      case "resetFailures":
        this.failures = 0;
        return;
      case "countFailure":
        this.failures++;
        return;
      case "scheduleRefresh": {
        const e = this.grantedExpires;
        // Refresh `margin` before expiry, and never later than half way (short lifetimes).
        const delayS = Math.max(e / 2, e - this.s.refreshMarginSeconds);
        this.expiresAt = clock.now() + e * 1000;
        this.nextAttemptAt = clock.now() + delayS * 1000;
        clock.clearTimeout(this.refreshTimer);
        this.refreshTimer = clock.setTimeout(() => this.offer("timerRefresh"), delayS * 1000);
        return;
      }
      case "scheduleBackoff": {
        // RFC 5626 §4.5: W = min(max-time, base-time × 2^consecutive-failures); wait a random
        // time between 50% and 100% of W.
        const w = Math.min(this.s.backoffMaxSeconds, this.s.backoffBaseSeconds * 2 ** this.failures);
        const r = this.o.random.fill(new Uint8Array(2));
        const frac = ((r[0]! << 8) | r[1]!) / 0xffff;
        const waitMs = Math.round(w * 1000 * (0.5 + 0.5 * frac));
        this.nextAttemptAt = clock.now() + waitMs;
        if (this.expiresAt !== undefined && this.expiresAt <= clock.now()) this.expiresAt = undefined;
        clock.clearTimeout(this.backoffTimer);
        this.backoffTimer = clock.setTimeout(() => this.offer("timerBackoff"), waitMs);
        return;
      }
      case "startKeepalive":
        this.keepalive.start();
        return;
      case "stopKeepalive":
        this.keepalive.stop();
        return;
      case "clearTimers":
        clock.clearTimeout(this.refreshTimer);
        clock.clearTimeout(this.backoffTimer);
        this.refreshTimer = undefined;
        this.backoffTimer = undefined;
        this.nextAttemptAt = undefined;
        if (this.current === "closed" || this.current === "failed") this.tx = undefined;
        return;
      case "emitRegistered":
        this.logger.info("trunk registered", {
          expires: this.grantedExpires,
          contact: this.registeredContact && formatUri(this.registeredContact),
          publicAddress: this.o.addresses.current,
        });
        this.events.emit("registered", this.status);
        return;
      case "emitBackoff":
        this.logger.warn("trunk registration failed: retrying", {
          error: this.lastError,
          retryInMs: (this.nextAttemptAt ?? clock.now()) - clock.now(),
          failures: this.failures,
        });
        this.events.emit("backoff", this.status);
        return;
      case "emitFailed":
        this.expiresAt = undefined;
        this.logger.error("trunk registration failed: not retrying", { error: this.lastError });
        this.events.emit("failed", this.status);
        return;
      case "emitClosed":
        this.tx = undefined;
        this.events.emit("closed", this.status);
        return;
    }
  }

  private send(auth: { fresh: boolean; header: DigestAnswerHeader } | undefined): void {
    const target = this.target();
    const pub = this.o.addresses.advertise("trunk");
    const contact = contactUri(this.contactUser, pub.address, pub.port, this.s.transport);
    // RFC 3261 §10.2.4 / §8.1.1.5: same Call-ID for every REGISTER of this registration, CSeq +1.
    const req: SipRequest = buildRegister(
      this.parts(++this.cseq, this.callId),
      contact,
      this.requestedExpires,
      auth ? { name: auth.header.name, value: auth.header.value } : undefined,
    );
    this.sentAuth = auth;
    if (!target) {
      this.tx = undefined;
      this.fail(undefined, `registrar ${this.s.host} not resolved`);
      this.queueLater("respRetryable");
      return;
    }
    let tx: ClientTransaction;
    try {
      tx = this.o.sender.sendRequest(req, target);
    } catch (err) {
      this.fail(undefined, `REGISTER not sent: ${String(err)}`);
      this.queueLater("respRetryable");
      return;
    }
    this.tx = tx;
    this.registeredContactCandidate = contact;
    tx.events.on("response", (res) => {
      if (this.tx === tx && res.status >= 200) this.onFinal(res);
    });
    tx.events.on("timeout", () => {
      if (this.tx !== tx) return;
      this.fail(408, "REGISTER timed out (Timer F)");
      this.offer("respRetryable");
    });
    tx.events.on("transportError", (e) => {
      if (this.tx !== tx) return;
      this.fail(503, `transport error: ${e.message}`);
      this.offer("respRetryable");
    });
  }

  /** An event raised while actions run goes after them (the queue), never re-entrantly. */
  private queueLater(event: RegistrationEvent): void {
    if (this.running) this.queue.push(event);
    else this.offer(event);
  }

  private fail(status: number | undefined, reason: string): void {
    this.lastError =
      status === undefined ? { reason, at: this.o.clock.now() } : { status, reason, at: this.o.clock.now() };
  }

  private onFinal(res: SipResponse): void {
    this.tx = undefined;
    const st = res.status;
    if (st >= 200 && st < 300) {
      this.on2xx(res);
      return;
    }
    if (st === 401 || st === 407) {
      this.onChallenge(res);
      return;
    }
    if (st === 423) {
      // RFC 3261 §10.2.8: retry with an expiration no shorter than Min-Expires.
      const min = Number(getHeader(res, "Min-Expires"));
      if (Number.isInteger(min) && min > this.requestedExpires && min <= 86_400) {
        this.requestedExpires = min;
        this.offer("intervalTooBrief");
        return;
      }
      this.fail(423, "423 without a usable Min-Expires");
      this.offer("respFatal");
      return;
    }
    this.fail(st, `${st} ${res.reason}`);
    this.offer(FATAL_STATUSES.has(st) ? "respFatal" : "respRetryable");
  }

  private onChallenge(res: SipResponse): void {
    const answer = this.digest.answer(res, "REGISTER", formatUri(this.registrar));
    if (!answer.ok) {
      this.fail(res.status, `cannot answer the challenge: ${answer.reason}`);
      this.offer("respFatal");
      return;
    }
    const prev = this.sentAuth;
    if (prev?.fresh) {
      // RFC 7616 §3.3 / RFC 2617 §3.2.1: a challenge to credentials computed from a fresh
      // challenge means they were wrong, unless it says stale=true (only the nonce was old).
      // The same nonce again without stale is the same verdict: never loop on it.
      if (!answer.header.stale || answer.header.nonce === prev.header.nonce || this.staleRetries >= 2) {
        this.fail(res.status, "credentials rejected by the provider");
        this.offer("credentialsRejected");
        return;
      }
      this.staleRetries++;
    }
    this.pendingAnswer = answer.header;
    this.offer("challenge");
  }

  private on2xx(res: SipResponse): void {
    // RFC 3261 §10.2.4: the binding's lifetime is the expires param of our Contact in the 2xx,
    // else the Expires header, else what we asked for. The provider may have rewritten our
    // Contact's host (NAT fixing): our binding is the one with our user part.
    let expires: number | undefined;
    try {
      const contacts = getContacts(res);
      if (contacts !== "*") {
        const ours = contacts.find((c) => c.uri.type === "sip" && c.uri.user === this.contactUser);
        const e = ours?.params.get("expires");
        if (e !== undefined && e !== null && /^\d+$/.test(e)) expires = Number(e);
      }
      expires ??= getExpires(res);
    } catch {
      expires = undefined;
    }
    expires ??= this.requestedExpires;
    if (expires <= 0) {
      this.fail(res.status, "2xx without our binding");
      this.offer("respRetryable");
      return;
    }
    this.grantedExpires = expires;
    this.registeredContact = this.registeredContactCandidate;
    this.lastError = undefined;
    let changed = false;
    if (this.o.learnFromProvider) {
      const seen = reflexiveFromResponse(res);
      // RFC 3581 §4: received/rport name the address:port the provider saw: our public side.
      if (seen) changed = this.o.addresses.learn(seen, "provider");
    }
    this.offer("resp2xx");
    if (changed) {
      const pub = this.o.addresses.advertise("trunk");
      const wanted = contactUri(this.contactUser, pub.address, pub.port, this.s.transport);
      if (!this.registeredContact || formatUri(wanted) !== formatUri(this.registeredContact)) {
        this.logger.info("public address changed: registering the corrected Contact", {
          publicAddress: this.o.addresses.current,
        });
        this.offer("contactChanged");
      }
    }
  }
}
