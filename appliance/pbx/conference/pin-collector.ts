// Collecting a conference PIN over DTMF: RFC 4733 telephone-events on the participant's relay
// leg (the media layer's DtmfReceiver) or SIP INFO application/dtmf-relay, up to "#" or a
// timeout. The room's PIN check is a plain comparison; a wrong PIN ends the call.
import type { Clock } from "../../base/index.ts";
import { DtmfReceiver } from "../../media/dtmf/index.ts";
import type { InviteSession } from "../../sip/dialog/index.ts";
import type { CallMediaSession, MediaLeg } from "../calls/call-deps.ts";

export interface PinCollector {
  /** Resolves with the digits entered before "#" (or the timeout), undefined if nothing. */
  collect(input: {
    session: InviteSession;
    media: CallMediaSession;
    leg: MediaLeg;
    telephoneEvent: number | undefined;
  }): Promise<string | undefined>;
}

export class DtmfPinCollector implements PinCollector {
  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs = 15_000,
    private readonly maxDigits = 12,
  ) {}

  collect(input: {
    session: InviteSession;
    media: CallMediaSession;
    leg: MediaLeg;
    telephoneEvent: number | undefined;
  }): Promise<string | undefined> {
    return new Promise((resolve) => {
      let digits = "";
      const receiver = new DtmfReceiver({ clock: this.clock });
      const offs: Array<() => void> = [];
      const done = () => {
        this.clock.clearTimeout(timer);
        for (const off of offs) off();
        receiver.close();
        resolve(digits === "" ? undefined : digits);
      };
      const press = (d: string | undefined) => {
        if (d === "#" || d === undefined) {
          if (d === "#") done();
          return;
        }
        digits += d;
        if (digits.length >= this.maxDigits) done();
      };
      const timer = this.clock.setTimeout(done, this.timeoutMs);
      offs.push(receiver.on("digit", (e) => press(e.digit)));
      offs.push(
        input.media.on("rtp", ({ leg, packet }) => {
          // RFC 4733 §2.3: the negotiated telephone-event payload type carries the digits.
          if (leg === input.leg && packet.payloadType === input.telephoneEvent) receiver.receive(packet);
        }),
      );
      offs.push(input.session.events.on("dtmf", (e) => press(e.signal)));
      offs.push(input.session.events.on("terminated", done));
    });
  }
}
