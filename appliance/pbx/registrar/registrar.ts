// The registrar (RFC 3261 §10.3): processes REGISTER requests that the UA core has already
// authenticated (step 4), keeps bindings per address-of-record, and answers with the current
// bindings. Bindings expire on an injected clock and are kept durably in a BindingStore; the
// 200 OK is sent only once the change is on stable storage.
import { type Clock, Logger } from "../../base/index.ts";
import {
  formatUri,
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getTo,
  type NameAddr,
  parseUri,
  type SipRequest,
  uriEquals,
} from "../../sip/index.ts";
import { type Binding, type BindingSource, secondsLeft } from "./binding.ts";
import type { BindingStore } from "./binding-store.ts";

export interface RegistrarSettings {
  /** RFC 3261 §10.3 step 7: shorter non-zero expirations are refused with 423. */
  minExpires: number;
  /** Longer expirations are shortened to this (RFC 3261 §10.2.1.1: the registrar MAY). */
  maxExpires: number;
  /** When neither the Contact nor the request says (RFC 3261 §10.3 step 7: locally configured). */
  defaultExpires: number;
  /** Bindings one AOR may hold at once. */
  maxContactsPerAor: number;
}

export const DEFAULT_REGISTRAR_SETTINGS: Readonly<RegistrarSettings> = {
  minExpires: 60,
  maxExpires: 3600,
  defaultExpires: 3600,
  maxContactsPerAor: 10,
};

export interface RegistrarOptions {
  store: BindingStore;
  clock: Clock;
  /** The domain of every AOR this registrar serves: `sip:<user>@<domain>`. */
  domain: string;
  settings?: Partial<RegistrarSettings>;
  logger?: Logger;
  /** How often expired bindings are purged from the store, in seconds. Default 30. */
  sweepSeconds?: number;
}

/** The outcome the UA core turns into a response. */
export interface RegistrarReply {
  status: number;
  reason?: string;
  headers: Array<[string, string]>;
}

export interface RegisterContext {
  /** The authenticated user (RFC 3261 §10.3 step 4, done by the caller). */
  user: string;
  source: BindingSource;
}

interface ContactChange {
  uri: string;
  parsed: NameAddr["uri"];
  params: Array<[string, string | null]>;
  q: number;
  expires: number;
}

export class Registrar {
  private settings: RegistrarSettings;
  private readonly byAor = new Map<string, Binding[]>();
  /** Source address → number of live bindings registered from it (for the protection layer). */
  private readonly sources = new Map<string, number>();
  private readonly logger: Logger;
  private sweepTimer: ReturnType<Clock["setTimeout"]> | undefined;
  private closed = false;

  constructor(private readonly options: RegistrarOptions) {
    this.settings = { ...DEFAULT_REGISTRAR_SETTINGS, ...options.settings };
    this.logger = (options.logger ?? Logger.silent()).child({ component: "registrar" });
  }

  /** Loads the stored bindings (dropping those that expired while we were down). */
  async start(): Promise<void> {
    const now = this.now();
    const grouped = new Map<string, Binding[]>();
    for (const b of await this.options.store.load()) {
      if (b.expiresAt <= now) continue;
      grouped.set(b.aor, [...(grouped.get(b.aor) ?? []), b]);
    }
    for (const [aor, list] of grouped) this.setAor(aor, list);
    this.logger.info("bindings loaded", { aors: grouped.size, bindings: this.count });
    this.scheduleSweep();
  }

  /** New limits (config reload); existing bindings keep their expiry. */
  updateSettings(settings: Partial<RegistrarSettings>): void {
    this.settings = { ...DEFAULT_REGISTRAR_SETTINGS, ...settings };
  }

  /** The canonical AOR of a user in our domain. */
  aorOf(user: string): string {
    return `sip:${user}@${this.options.domain}`;
  }

  get count(): number {
    let n = 0;
    for (const list of this.byAor.values()) n += list.length;
    return n;
  }

  /** Live bindings of aor, highest q first (RFC 3261 §16.6: try higher q-values first). */
  lookup(aor: string): Binding[] {
    const now = this.now();
    return (this.byAor.get(aor) ?? []).filter((b) => b.expiresAt > now).sort((a, b) => b.q - a.q);
  }

  /** Whether some live binding was registered from this IP address. */
  hasLiveBinding(address: string): boolean {
    return (this.sources.get(address) ?? 0) > 0;
  }

  /** Processes an authenticated REGISTER (RFC 3261 §10.3 steps 5-8). */
  async register(req: SipRequest, ctx: RegisterContext): Promise<RegistrarReply> {
    // RFC 3261 §10.3 step 5: the AOR comes from the To header field.
    const to = getTo(req);
    if (to?.uri.type !== "sip" || to.uri.user === undefined) return { status: 404, headers: [] };
    // RFC 3261 §10.3 step 6 (authorization): the authenticated user may modify only its own AOR.
    if (to.uri.user !== ctx.user) return { status: 403, headers: [] };
    const aor = this.aorOf(to.uri.user);
    const callId = getCallId(req) ?? "";
    const cseq = getCSeq(req)?.seq ?? 0;
    const contacts = getContacts(req);
    const now = this.now();
    const current = this.lookup(aor);

    let next: Binding[];
    if (contacts === "*") {
      // RFC 3261 §10.3 step 6: "*" only with Expires: 0 (and alone, which the parser enforces).
      if (getExpires(req) !== 0)
        return { status: 400, reason: "Wildcard Contact Requires Expires 0", headers: [] };
      // RFC 3261 §10.3 step 6: each binding is removed only if the Call-ID/CSeq rules allow it.
      if (current.some((b) => b.callId === callId && cseq <= b.cseq)) return outOfOrder();
      next = [];
    } else {
      const changes: ContactChange[] = [];
      for (const c of contacts) {
        const change = this.contactChange(c, req);
        if ("status" in change) return change;
        changes.push(change);
      }
      next = [...current];
      for (const ch of changes) {
        const idx = next.findIndex((b) => sameUri(b.uri, ch.parsed));
        const existing = idx >= 0 ? next[idx] : undefined;
        // RFC 3261 §10.3 step 7: same Call-ID needs a higher CSeq, or the whole request fails.
        if (existing && existing.callId === callId && cseq <= existing.cseq) return outOfOrder();
        if (ch.expires === 0) {
          if (idx >= 0) next.splice(idx, 1);
          continue;
        }
        const binding: Binding = {
          aor,
          uri: ch.uri,
          params: ch.params,
          q: ch.q,
          callId,
          cseq,
          expiresAt: now + ch.expires * 1000,
          source: ctx.source,
          user: ctx.user,
        };
        if (idx >= 0) next[idx] = binding;
        else next.push(binding);
      }
      if (next.length > this.settings.maxContactsPerAor) {
        return { status: 403, reason: "Too Many Contacts", headers: [] };
      }
    }
    if (contacts === "*" || contacts.length > 0) {
      // The change is atomic (RFC 3261 §10.3: "processing of a REGISTER request is atomic").
      this.setAor(aor, next);
      const write = this.options.store.replace(aor, next);
      if (isRefreshOnly(current, next)) {
        // A refresh (same contacts, same Call-ID, later expiry) is answered at once and written
        // in the next group commit: a power cut in between only leaves the previous expiry.
        write.catch((err: unknown) => this.logger.error("binding refresh not persisted", { aor, err }));
      } else await write; // new, changed or removed bindings are on disk before the 200 OK
      this.logger.debug("bindings updated", { aor, bindings: next.length });
    }
    return this.ok(aor);
  }

  /** RFC 3261 §10.3 step 8: 200 OK listing every current binding with its expires, and a Date. */
  private ok(aor: string): RegistrarReply {
    const now = this.now();
    const headers: Array<[string, string]> = this.lookup(aor).map((b) => ["Contact", contactValue(b, now)]);
    headers.push(["Date", this.options.clock.wallTime().toUTCString()]);
    return { status: 200, headers };
  }

  private contactChange(c: NameAddr, req: SipRequest): ContactChange | RegistrarReply {
    // RFC 3261 §10.3 step 7: the contact's expires param, else the Expires header, else default.
    const raw = c.params.get("expires");
    let expires: number;
    if (raw !== undefined && raw !== null && /^[0-9]{1,10}$/.test(raw)) expires = Number(raw);
    else expires = getExpires(req) ?? this.settings.defaultExpires;
    // RFC 3261 §10.3 step 7 / §21.4.17: too brief (but non-zero) → 423 with Min-Expires.
    if (expires > 0 && expires < this.settings.minExpires) {
      return { status: 423, headers: [["Min-Expires", String(this.settings.minExpires)]] };
    }
    expires = Math.min(expires, this.settings.maxExpires);
    const qRaw = c.params.get("q");
    let q = 1000;
    if (qRaw !== undefined) {
      // RFC 3261 §20.10: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
      if (qRaw === null || !/^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/.test(qRaw)) {
        return { status: 400, reason: "Malformed q-value", headers: [] };
      }
      q = Math.round(Number(qRaw) * 1000);
    }
    const params: Array<[string, string | null]> = [];
    for (const [k, v] of c.params) if (k !== "expires") params.push([k, v]);
    return { uri: formatUri(c.uri), parsed: c.uri, params, q, expires };
  }

  /** Purges expired bindings (and persists the purge). */
  async sweep(): Promise<number> {
    const now = this.now();
    let removed = 0;
    const writes: Promise<void>[] = [];
    for (const [aor, list] of [...this.byAor]) {
      const live = list.filter((b) => b.expiresAt > now);
      if (live.length === list.length) continue;
      removed += list.length - live.length;
      this.setAor(aor, live);
      writes.push(this.options.store.replace(aor, live));
    }
    await Promise.all(writes);
    if (removed > 0) this.logger.debug("expired bindings removed", { removed });
    return removed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.clock.clearTimeout(this.sweepTimer);
    await this.options.store.close();
  }

  private scheduleSweep(): void {
    if (this.closed) return;
    this.sweepTimer = this.options.clock.setTimeout(
      () => {
        this.sweep()
          .catch((err: unknown) => this.logger.error("binding sweep failed", { err }))
          .finally(() => this.scheduleSweep());
      },
      (this.options.sweepSeconds ?? 30) * 1000,
    );
  }

  private setAor(aor: string, list: Binding[]): void {
    for (const b of this.byAor.get(aor) ?? []) {
      const n = (this.sources.get(b.source.address) ?? 1) - 1;
      if (n <= 0) this.sources.delete(b.source.address);
      else this.sources.set(b.source.address, n);
    }
    if (list.length === 0) this.byAor.delete(aor);
    else this.byAor.set(aor, list);
    for (const b of list) this.sources.set(b.source.address, (this.sources.get(b.source.address) ?? 0) + 1);
  }

  private now(): number {
    return this.options.clock.wallTime().getTime();
  }
}

/** Same bindings (contact, parameters, Call-ID, source) with only CSeq and expiry moved forward. */
function isRefreshOnly(before: readonly Binding[], after: readonly Binding[]): boolean {
  if (before.length !== after.length || after.length === 0) return false;
  return after.every((b) => {
    const old = before.find((x) => x.uri === b.uri);
    return (
      old !== undefined &&
      old.callId === b.callId &&
      old.expiresAt <= b.expiresAt &&
      old.source.address === b.source.address &&
      old.source.port === b.source.port &&
      old.source.protocol === b.source.protocol &&
      JSON.stringify(old.params) === JSON.stringify(b.params)
    );
  });
}

function outOfOrder(): RegistrarReply {
  // RFC 3261 §10.3 step 7: "the update MUST be aborted and the request fails".
  return { status: 400, reason: "Out of Order CSeq", headers: [] };
}

function sameUri(stored: string, uri: NameAddr["uri"]): boolean {
  try {
    // RFC 3261 §10.3 step 7: contacts are compared with the URI comparison rules of §19.1.4.
    return uriEquals(parseUri(stored), uri);
  } catch {
    return false;
  }
}

function contactValue(b: Binding, now: number): string {
  let v = `<${b.uri}>`;
  for (const [k, val] of b.params) v += val === null ? `;${k}` : `;${k}=${val}`;
  return `${v};expires=${secondsLeft(b, now)}`;
}
