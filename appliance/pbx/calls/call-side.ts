// One side of a bridged call: the phone's INVITE session, the relay leg it talks to, the SDP
// the appliance shows it, and its hold state. A transfer moves a side from one call to another.
import type { NegotiatedStream } from "../../sdp/index.ts";
import type { InviteSession } from "../../sip/dialog/index.ts";
import { HoldState } from "../hold/hold-state.ts";
import type { HoldPlayback } from "../hold/music-on-hold.ts";
import type { LegSdp } from "./sdp-bridge.ts";

export class CallSide {
  readonly hold = new HoldState();
  /** Music being played to this side while the other holds it. */
  playback: HoldPlayback | undefined;
  /** The codec agreed with this side's phone. */
  stream: NegotiatedStream | undefined;
  /** Listener removers while the side is attached to a call. */
  readonly unsubscribe: Array<() => void> = [];

  constructor(
    readonly session: InviteSession,
    readonly sdp: LegSdp,
    /** Who is on this side (extension number or URI user). */
    readonly party: string,
    /** The IP the phone's SIP comes from (the media latch's NAT rule). */
    readonly signallingAddress: string | undefined,
  ) {}

  get law(): "PCMU" | "PCMA" {
    const enc = this.stream?.codec.encoding.toUpperCase();
    return enc === "PCMA" ? "PCMA" : "PCMU";
  }

  stopMusic(): void {
    this.playback?.stop();
    this.playback = undefined;
  }

  detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.stopMusic();
  }
}
