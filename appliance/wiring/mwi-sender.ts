// Message waiting (RFC 3842): when a box's counts change, its owner's registered phones get an
// unsolicited NOTIFY `Event: message-summary` with the counts (pbx/mwi decides what to send; the
// owner is the extension whose number is the box's). The outcome is logged per phone; a phone
// that is not registered learns the counts at the next change.
import type { Clock } from "../base/index.ts";
import { MwiNotifier, type MwiNotify } from "../pbx/mwi/index.ts";
import { SIP_VERSION, type SipRequest } from "../sip/index.ts";
import {
  ContactNotifier,
  type ContactNotifierDeps,
  describeTarget,
  type RegisteredContact,
  type RequestFrame,
} from "./contact-notifier.ts";

export interface MwiSenderDeps extends ContactNotifierDeps {
  clock: Clock;
  /** SIP domain: `sip:<box>@<domain>` is the Message-Account. */
  domain: string;
}

export class MwiSender {
  private readonly notifier: MwiNotifier;
  private readonly contacts: ContactNotifier;

  constructor(private readonly deps: MwiSenderDeps) {
    this.notifier = new MwiNotifier({ clock: deps.clock, domain: deps.domain });
    this.contacts = new ContactNotifier(deps);
  }

  /** A box's counts changed: tell its owner's phones. Settles when every NOTIFY has ended. */
  async countsChanged(box: string, counts: { new: number; saved: number }): Promise<void> {
    const notifies = this.notifier.countsChanged(box, counts);
    await Promise.all(notifies.map((n) => this.send(n)));
  }

  private async send(n: MwiNotify): Promise<void> {
    const log = this.deps.logger;
    const contacts = this.contacts.contacts([n.box]);
    if (contacts.length === 0) {
      log.info("message-summary not sent: owner not registered", { box: n.box });
      return;
    }
    await Promise.all(
      contacts.map(async (c) => {
        const o = await this.contacts.send(c, (frame) => this.request(n, c, frame));
        const outcome = { box: n.box, target: describeTarget(c.target), ...o };
        if (o.status !== undefined && o.status < 300) log.info("message-summary sent", outcome);
        else log.warn("message-summary not accepted", outcome);
      }),
    );
  }

  private request(n: MwiNotify, c: RegisteredContact, f: RequestFrame): SipRequest {
    const body = Buffer.from(n.body, "utf8");
    const headers: Array<readonly [string, string]> = [
      ["Via", `SIP/2.0/${f.transport} ${f.localHostPort};branch=${f.branch};rport`],
      ["Max-Forwards", "70"],
      ["From", `<sip:pibx@${this.deps.domain}>;tag=${f.fromTag}`],
      ["To", `<${n.aor}>`],
      ["Call-ID", f.callId],
      ["CSeq", `${f.cseq} NOTIFY`],
      ["Contact", `<sip:pibx@${f.localHostPort}>`],
      ...n.headers,
      ["Content-Length", String(body.length)],
    ];
    return {
      kind: "request",
      method: "NOTIFY",
      uri: c.uri,
      version: SIP_VERSION,
      headers: headers.map(([name, value]) => ({ name, value })),
      body,
    };
  }

  close(): void {
    this.notifier.close();
  }
}
