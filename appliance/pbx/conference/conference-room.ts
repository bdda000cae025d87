// A meet-me room: its participants' audio goes through the media layer's N−1 mixer (each hears
// everyone but itself, one 20 ms frame per tick). A participant is one INVITE session and the
// relay leg facing its phone; leaving closes both, closing the room closes everyone.
import { type Clock, TypedEmitter } from "../../base/index.ts";
import { ConferenceMixer } from "../../media/index.ts";
import type { InviteSession } from "../../sip/dialog/index.ts";
import type { CallMediaSession, MediaLeg } from "../calls/call-deps.ts";
import { type LegSdp, mediaRemote, sdpOf } from "../calls/sdp-bridge.ts";

export interface ParticipantInput {
  session: InviteSession;
  media: CallMediaSession;
  leg: MediaLeg;
  law: "PCMU" | "PCMA";
  /** The payload type the phone sends its audio with. */
  payloadType: number;
  party: string;
  /** The appliance's SDP toward this phone: re-INVITEs (hold, new address) are answered with it. */
  sdp?: LegSdp;
  signallingAddress?: string;
}

export interface ConferenceRoomEvents {
  joined: { id: string; party: string; size: number };
  left: { id: string; party: string; size: number };
  /** The last participant left. */
  empty: undefined;
}

interface Participant extends ParticipantInput {
  readonly offs: Array<() => void>;
}

export class ConferenceRoom {
  readonly events = new TypedEmitter<ConferenceRoomEvents>();
  private readonly mixer: ConferenceMixer;
  private readonly participants = new Map<string, Participant>();
  private nextId = 1;
  private closed = false;
  private started = false;

  constructor(
    readonly number: string,
    clock: Clock,
  ) {
    this.mixer = new ConferenceMixer({ clock });
  }

  get size(): number {
    return this.participants.size;
  }

  get parties(): string[] {
    return [...this.participants.values()].map((p) => p.party);
  }

  /** Adds an answered participant; returns its id. */
  join(input: ParticipantInput): string {
    if (this.closed) {
      input.session.close();
      void input.media.close();
      return "";
    }
    const id = `p${this.nextId++}`;
    const p: Participant = { ...input, offs: [] };
    const ssrc = (0x5000_0000 + this.nextId) >>> 0;
    let seq = 0;
    input.media.setMode(input.leg, "local");
    this.mixer.add(id, {
      law: input.law,
      sink: (payload, timestamp) => {
        input.media.sendLocal(input.leg, {
          ssrc,
          sequenceNumber: seq,
          timestamp,
          marker: seq === 0,
          payload,
        });
        seq = (seq + 1) & 0xffff;
      },
    });
    p.offs.push(
      input.media.on("rtp", ({ leg, packet }) => {
        if (leg === input.leg && packet.payloadType === input.payloadType)
          this.mixer.push(id, packet.sequenceNumber, packet.payload);
      }),
    );
    p.offs.push(input.session.events.on("terminated", () => this.leave(id)));
    const legSdp = input.sdp;
    p.offs.push(
      input.session.events.on("reinvite", (e) => {
        // RFC 3261 §14.2: answer the participant's new offer; the mix keeps its law.
        const offer = sdpOf(e.offer);
        if (!legSdp || !offer) {
          e.reject(488);
          return;
        }
        const { body, stream } = legSdp.answer(offer, [input.law]);
        const remote = stream && mediaRemote(offer, stream, input.signallingAddress);
        if (!stream) {
          e.reject(488);
          return;
        }
        if (remote && remote.codec.encoding === input.law) input.media.setRemote(input.leg, remote);
        e.accept(body);
      }),
    );
    this.participants.set(id, p);
    if (!this.started) {
      this.started = true;
      this.mixer.start();
    }
    this.events.emit("joined", { id, party: input.party, size: this.size });
    return id;
  }

  /** Removes a participant (BYE if its session is still up) and frees its media. Idempotent. */
  leave(id: string): void {
    const p = this.participants.get(id);
    if (!p) return;
    this.participants.delete(id);
    this.mixer.remove(id);
    for (const off of p.offs.splice(0)) off();
    p.session.close();
    void p.media.close();
    this.events.emit("left", { id, party: p.party, size: this.size });
    if (this.size === 0) this.events.emit("empty", undefined);
  }

  /** Ends every participant and stops the mixer. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.participants.keys()]) this.leave(id);
    this.mixer.close();
  }
}
