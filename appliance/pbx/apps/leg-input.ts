// What a caller sends to a feature the PBX answers (IVR, voicemail, a room's PIN): digits from
// RFC 4733 telephone-events (RFC 4733 §2.3: the payload type negotiated for them), SIP INFO
// application/dtmf-relay, or, when no telephone-event was negotiated, DTMF tones detected in the
// audio itself (Goertzel); and the decoded audio, for recording.
import { type Clock, TypedEmitter } from "../../base/index.ts";
import { DtmfReceiver, InbandDtmfDetector } from "../../media/dtmf/index.ts";
import { g711Decode } from "../../media/index.ts";
import type { InviteSession } from "../../sip/dialog/index.ts";
import type { CallMediaSession, MediaLeg } from "../calls/call-deps.ts";

export interface LegInputEvents {
  digit: string;
  /** 8 kHz linear samples of one received packet. */
  audio: Int16Array;
}

export interface LegInputOptions {
  clock: Clock;
  media: CallMediaSession;
  leg: MediaLeg;
  session: InviteSession;
  /** The negotiated telephone-event payload type (absent: listen for in-band tones). */
  telephoneEvent: () => number | undefined;
}

const PCMU = 0;
const PCMA = 8;

export class LegInput extends TypedEmitter<LegInputEvents> {
  private readonly receiver: DtmfReceiver;
  private inband: InbandDtmfDetector | undefined;
  private readonly offs: Array<() => void> = [];

  constructor(o: LegInputOptions) {
    super();
    this.receiver = new DtmfReceiver({ clock: o.clock });
    this.offs.push(
      this.receiver.on("digit", (e) => {
        if (e.digit !== undefined) this.emit("digit", e.digit);
      }),
    );
    this.offs.push(
      o.media.on("rtp", ({ leg, packet }) => {
        if (leg !== o.leg) return;
        const te = o.telephoneEvent();
        if (te !== undefined && packet.payloadType === te) {
          this.receiver.receive(packet);
          return;
        }
        if (packet.payloadType !== PCMU && packet.payloadType !== PCMA) return;
        const pcm = g711Decode(packet.payloadType === PCMU ? "PCMU" : "PCMA", packet.payload);
        if (te === undefined) {
          this.inband ??= new InbandDtmfDetector();
          for (const d of this.inband.push(pcm)) this.emit("digit", d.digit);
        }
        this.emit("audio", pcm);
      }),
    );
    // RFC 6086 INFO with application/dtmf-relay (the dialog layer parses it).
    this.offs.push(o.session.events.on("dtmf", (e) => this.emit("digit", e.signal)));
  }

  /** Idempotent. */
  close(): void {
    for (const off of this.offs.splice(0)) off();
    this.receiver.close();
  }
}
