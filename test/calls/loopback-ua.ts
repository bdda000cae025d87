// TEST WIRING: a scripted SIP phone in the test process (real transport, transaction and dialog
// layers on loopback) for what baresip 1.0 cannot do from its menu, e.g. the REFER with
// Replaces of an attended transfer. It sends no audio: its SDP points at a silent sink socket.
import { createSocket, type Socket } from "node:dgram";
import { cryptoRandom, RandomIdSource, SystemClock } from "../../appliance/base/index.ts";
import { DialogLayer, type InviteSession } from "../../appliance/sip/dialog/index.ts";
import { sipUri } from "../../appliance/sip/message/index.ts";
import { TransactionLayer } from "../../appliance/sip/transaction/index.ts";
import { SipTransportLayer } from "../../appliance/sip/transport/index.ts";

export interface LoopbackUa {
  port: number;
  dialogs: DialogLayer;
  incoming: InviteSession[];
  /** An SDP offer/answer body pointing at the sink. */
  sdp(version: number): { contentType: string; body: Buffer };
  close(): Promise<void>;
}

export async function startLoopbackUa(user: string): Promise<LoopbackUa> {
  const clock = new SystemClock();
  const ids = new RandomIdSource(cryptoRandom);
  const transport = new SipTransportLayer({ clock, udp: { address: "127.0.0.1", port: 0 } });
  await transport.start();
  const port = transport.address("UDP")!.port;
  const transactions = new TransactionLayer({ transport, clock, ids });
  transport.onMessage((msg, source) => transactions.receive(msg, source));
  const dialogs = new DialogLayer({
    transactions,
    clock,
    ids,
    contact: sipUri("127.0.0.1", { user, port }),
    sessionTimer: false,
  });
  const incoming: InviteSession[] = [];
  dialogs.events.on("invite", (s) => incoming.push(s));
  const sink: Socket = createSocket("udp4");
  await new Promise<void>((r) => sink.bind(0, "127.0.0.1", () => r()));
  const sinkPort = sink.address().port;
  return {
    port,
    dialogs,
    incoming,
    sdp: (version) => ({
      contentType: "application/sdp",
      body: Buffer.from(
        `v=0\r\no=ua 1 ${version} IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n` +
          `m=audio ${sinkPort} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`,
      ),
    }),
    async close() {
      dialogs.close();
      await new Promise((r) => setTimeout(r, 200));
      transactions.close();
      await transport.close();
      sink.close();
    },
  };
}
