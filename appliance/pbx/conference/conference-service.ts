// Meet-me conferences from config: a call to a room number is answered by the PBX, asked for
// the room's PIN over DTMF when it has one, and mixed with the others. Three-way calling from a
// phone uses REFER to the room's URI (the RFC 4579 §5.9-style "refer a participant to the
// conference"): a phone in a call transfers its party into the room, then dials the room
// itself and refers its next party in the same way.
import { type Clock, Logger } from "../../base/index.ts";
import type { ReferEvent } from "../../sip/dialog/index.ts";
import type { B2bua } from "../calls/b2bua.ts";
import type { Call, SideId } from "../calls/call.ts";
import type { CallerLeg } from "../calls/caller-leg.ts";
import { ConferenceRoom } from "./conference-room.ts";
import type { PinCollector } from "./pin-collector.ts";

export interface RoomConfig {
  number: string;
  pin?: string;
}

export interface ConferenceServiceOptions {
  b2bua: Pick<B2bua, "events">;
  clock: Clock;
  rooms: readonly RoomConfig[];
  pins?: PinCollector;
  logger?: Logger;
}

export class ConferenceService {
  private readonly rooms = new Map<string, ConferenceRoom>();
  private readonly config = new Map<string, RoomConfig>();
  private readonly log: Logger;
  private readonly offs: Array<() => void> = [];
  private closed = false;

  constructor(private readonly o: ConferenceServiceOptions) {
    this.log = (o.logger ?? Logger.silent()).child({ part: "conference" });
    for (const r of o.rooms) this.config.set(r.number, r);
    this.offs.push(
      o.b2bua.events.on("conference", ({ leg, room, caller }) => {
        this.joinLeg(leg, room, caller.number).catch((err: unknown) => {
          this.log.error("conference join failed", { err });
          leg.end(500);
          void leg.media.close();
        });
      }),
    );
  }

  /** A reload: rooms added, removed or with a new PIN apply to the next caller. */
  updateRooms(rooms: readonly RoomConfig[]): void {
    this.config.clear();
    for (const r of rooms) this.config.set(r.number, r);
  }

  /** The live room, if anyone is in it. */
  room(number: string): ConferenceRoom | undefined {
    return this.rooms.get(number);
  }

  isRoom(number: string): boolean {
    return this.config.has(number);
  }

  private roomFor(number: string): ConferenceRoom {
    let r = this.rooms.get(number);
    if (!r) {
      const room = new ConferenceRoom(number, this.o.clock);
      room.events.on("empty", () => {
        room.close();
        if (this.rooms.get(number) === room) this.rooms.delete(number);
      });
      this.rooms.set(number, room);
      r = room;
    }
    return r;
  }

  /**
   * A caller's leg joins a room: answered (unless the IVR did already), asked for the room's
   * PIN, then mixed on leg "a" of its relay session.
   */
  async joinLeg(leg: CallerLeg, number: string, party: string): Promise<void> {
    const cfg = this.config.get(number);
    if (!cfg || this.closed || !leg.accept() || !leg.stream) {
      leg.end(cfg ? 488 : 404);
      await leg.media.close();
      return;
    }
    const { media, session, stream } = leg;
    media.setMode("a", "mute");
    if (cfg.pin !== undefined) {
      const pins = this.o.pins;
      const entered = pins
        ? await pins.collect({ session, media, leg: "a", telephoneEvent: stream.telephoneEvent })
        : undefined;
      if (entered !== cfg.pin) {
        this.log.info("wrong conference PIN", { room: number, party });
        session.close();
        await media.close();
        return;
      }
    }
    if (session.terminated) {
      await media.close();
      return;
    }
    this.roomFor(number).join({
      session,
      media,
      leg: "a",
      law: leg.law,
      payloadType: stream.codec.payloadType,
      party,
      sdp: leg.sdp,
      ...(leg.signalling ? { signallingAddress: leg.signalling } : {}),
    });
  }

  /**
   * REFER from one side of a call with Refer-To = a room: the other side (the referee) is moved
   * into the room with its media leg; the referring side's leg ends (RFC 3515 §2.4.5 NOTIFY 200).
   */
  referIntoRoom(call: Call, side: SideId, ev: ReferEvent, number: string): boolean {
    if (!this.config.has(number) || this.closed) return false;
    const refereeId: SideId = side === "a" ? "b" : "a";
    const referee = call.side(refereeId);
    if (!referee || call.state !== "answered") return false;
    const notifier = ev.accept();
    call.detach(refereeId);
    const media = call.handOverMedia();
    media.setMode(side, "mute"); // the referring phone's old leg hears nothing any more
    // The referee's leg stays where it is; the other leg of its relay session goes unused.
    this.roomFor(number).join({
      session: referee.session,
      media,
      leg: refereeId,
      law: referee.law,
      payloadType: referee.stream?.codec.payloadType ?? 0,
      party: referee.party,
      sdp: referee.sdp,
      ...(referee.signallingAddress ? { signallingAddress: referee.signallingAddress } : {}),
    });
    notifier.notify(200).catch(() => {});
    call.close(); // BYE to the referring phone's leg (RFC 5589 §6.1 ends it after NOTIFY 200)
    return true;
  }

  /** Ends every room. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.offs.splice(0)) off();
    for (const r of [...this.rooms.values()]) r.close();
    this.rooms.clear();
  }
}
