// The caller's side of the PBX before (or without) a bridge: its INVITE session and the relay
// session whose leg "a" faces it. A Call rings on it; when nobody answers, the leg is handed on
// (to voicemail, the next ring-group member); the IVR answers it, then hands it to the Call of
// the option chosen. The answer the caller got is kept: a later 2xx must repeat the SDP of an
// earlier 183 (RFC 3264 §5: one offer, one answer), and an answered leg is not answered again.
import type { NegotiatedStream, SessionDescription } from "../../sdp/index.ts";
import type { Body, InviteSession } from "../../sip/dialog/index.ts";
import type { CallMediaSession } from "./call-deps.ts";
import { answeredStream, type LegSdp, mediaRemote, offeredLaws, sdpOf } from "./sdp-bridge.ts";

export type G711Law = "PCMU" | "PCMA";

export class CallerLeg {
  /** The caller's offer (undefined: a late-offer INVITE, RFC 3261 §13.2.1). */
  readonly offer: SessionDescription | undefined;
  /** Our answer to the offer, once computed (sent in a 183 or the 2xx). */
  answerBody: Body | undefined;
  /** The codec agreed with the caller. */
  stream: NegotiatedStream | undefined;

  constructor(
    readonly session: InviteSession,
    readonly media: CallMediaSession,
    readonly sdp: LegSdp,
    /** The IP the caller's SIP comes from (the media latch's NAT rule). */
    readonly signalling: string | undefined,
  ) {
    this.offer = sdpOf(session.remoteBody);
  }

  /** The 2xx was sent: the caller talks to the PBX already. */
  get answered(): boolean {
    const s = this.session.state;
    return s === "answered" || s === "confirmed";
  }

  get law(): G711Law {
    return this.stream?.codec.encoding.toUpperCase() === "PCMA" ? "PCMA" : "PCMU";
  }

  /** The laws the caller offered, best first (the agreed one once answered). */
  get laws(): G711Law[] {
    return this.stream ? [this.law] : offeredLaws(this.offer);
  }

  /**
   * Our answer to the caller's offer, preferring `prefer` (computed once; RFC 3264 §6). Points
   * leg "a" of the relay at the caller. Undefined without an offer or a common codec.
   */
  answerFor(prefer: G711Law = "PCMU"): Body | undefined {
    if (this.answerBody) return this.answerBody;
    if (!this.offer) return undefined;
    const { body, stream } = this.sdp.answer(this.offer, [prefer]);
    if (!stream) return undefined;
    this.stream = stream;
    const remote = mediaRemote(this.offer, stream, this.signalling);
    if (remote) this.media.setRemote("a", remote);
    this.answerBody = body;
    return body;
  }

  /**
   * Answers the caller (200 OK with our answer) unless answered already: the PBX itself takes the
   * call (IVR, voicemail). False when the offer has no usable codec or the caller is gone.
   */
  accept(): boolean {
    if (this.answered) return true;
    if (this.session.terminated) return false;
    if (!this.offer) {
      // RFC 3261 §13.2.1: a late-offer INVITE; the 2xx offers and the ACK answers.
      this.session.events.on("confirmed", (c) => {
        const ans = sdpOf(c.body);
        const st = ans && answeredStream(ans);
        const r = ans && st && mediaRemote(ans, st, this.signalling);
        if (!st || !r) return;
        this.stream = st;
        this.media.setRemote("a", r);
      });
      this.session.answer(this.sdp.offer(["PCMU", "PCMA"]));
      return true;
    }
    const body = this.answerFor(this.laws[0] ?? "PCMU");
    if (!body) return false;
    this.session.answer(body);
    return true;
  }

  /** Ends the caller's side: BYE when answered, else the given final status. */
  end(status: number): void {
    if (this.session.terminated) return;
    if (this.answered) this.session.close();
    else this.session.reject(status);
  }
}
