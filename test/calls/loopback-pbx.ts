// TEST WIRING: a PBX composed in the test process from the real SIP transport, transaction and
// dialog layers, the real RTP relay and createPbx, with a minimal in-test registrar (REGISTER
// accepted without auth, contacts kept in a map) standing in for appliance/pbx/registrar until
// main.ts wires the real one.
import { cryptoRandom, RandomIdSource, SystemClock } from "../../appliance/base/index.ts";
import { type MediaSession, RtpRelay } from "../../appliance/media/index.ts";
import type { ContactTarget } from "../../appliance/pbx/calls/index.ts";
import { MemoryCdrSink } from "../../appliance/pbx/cdr/index.ts";
import type { MusicOnHold } from "../../appliance/pbx/hold/index.ts";
import { createPbx, type Pbx } from "../../appliance/pbx/pbx.ts";
import { DialogLayer } from "../../appliance/sip/dialog/index.ts";
import { createResponse, getContacts, getExpires, getTo, sipUri } from "../../appliance/sip/message/index.ts";
import { TransactionLayer } from "../../appliance/sip/transaction/index.ts";
import { SipTransportLayer } from "../../appliance/sip/transport/index.ts";

export interface LoopbackPbx {
  port: number;
  pbx: Pbx;
  cdr: MemoryCdrSink;
  sessions: MediaSession[];
  contacts: Map<string, ContactTarget[]>;
  close(): Promise<void>;
}

export async function startLoopbackPbx(opts: {
  rtpPorts: { min: number; max: number };
  extensions: string[];
  moh?: (clock: SystemClock) => MusicOnHold;
  rooms?: string[];
}): Promise<LoopbackPbx> {
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
    contact: sipUri("127.0.0.1", { user: "pibx", port }),
    sessionTimer: false,
  });
  const contacts = new Map<string, ContactTarget[]>();
  // TEST WIRING: the in-test registrar.
  dialogs.setUser({
    onRequest(req, tx, source) {
      if (req.method === "REGISTER") {
        const to = getTo(req);
        const user = to?.uri.type === "sip" ? (to.uri.user ?? "") : "";
        const list = getContacts(req);
        const expires = getExpires(req) ?? 3600;
        if (list !== "*" && list.length > 0) {
          const c = list[0]!;
          const e = Number(c.params.get("expires") ?? expires);
          if (e === 0) contacts.delete(user);
          else
            contacts.set(user, [
              { uri: c.uri, source: { address: source.remote.address, port: source.remote.port } },
            ]);
          tx.respond(
            createResponse(req, 200, {
              toTag: ids.tag(),
              headers: [
                [
                  "Contact",
                  `<${req.headers.find((h) => h.name.toLowerCase() === "contact")?.value.replace(/^.*<|>.*$/g, "")}>;expires=${e}`,
                ],
              ],
            }),
          );
          return;
        }
        tx.respond(createResponse(req, 200, { toTag: ids.tag() }));
        return;
      }
      tx.respond(createResponse(req, req.method === "OPTIONS" ? 200 : 405, { toTag: ids.tag() }));
    },
  });
  const relay = new RtpRelay({
    clock,
    random: cryptoRandom,
    bindAddress: "127.0.0.1",
    portRange: opts.rtpPorts,
  });
  const sessions: MediaSession[] = [];
  const cdr = new MemoryCdrSink();
  const pbx = createPbx({
    dialogs,
    contacts: { contacts: (u) => contacts.get(u) ?? [] },
    auth: {
      authorize: (req) => {
        const from = req.headers.find((h) => h.name.toLowerCase() === "from")?.value ?? "";
        return { ok: true, user: /sip:([^@;>]+)@/.exec(from)?.[1] ?? "" };
      },
    },
    media: {
      address: "127.0.0.1",
      createSession: async () => {
        const s = await relay.createSession();
        sessions.push(s);
        return s;
      },
    },
    clock,
    ids,
    random: cryptoRandom,
    config: {
      domain: "127.0.0.1",
      extensions: opts.extensions.map((n) => ({ number: n, displayName: `Ext ${n}` })),
      conferences: (opts.rooms ?? []).map((number) => ({ number })),
      ringTimeoutSeconds: 20,
      transferorByeSeconds: 3,
    },
    cdr,
    ...(opts.moh ? { moh: opts.moh(clock) } : {}),
  });
  return {
    port,
    pbx,
    cdr,
    sessions,
    contacts,
    async close() {
      pbx.close();
      dialogs.close();
      await new Promise((r) => setTimeout(r, 200));
      transactions.close();
      await relay.close();
      await transport.close();
    },
  };
}
