// Test doubles for the call feature: a media session that records what the call asked of it,
// and an in-memory SIP world (a PBX dialog stack plus phones) wired to a B2BUA.
import { ManualClock } from "../../base/index.ts";
import type { Body, InviteSession } from "../../sip/dialog/index.ts";
import { createStack, MemoryNetwork, type TestStack } from "../../sip/dialog/testing.ts";
import { parseUri, sipUri } from "../../sip/message/index.ts";
import { MemoryCdrSink } from "../cdr/jsonl-cdr-store.ts";
import type { MusicOnHold } from "../hold/music-on-hold.ts";
import { B2bua } from "./b2bua.ts";
import type {
  CallMediaFactory,
  CallMediaSession,
  ContactTarget,
  MediaFrame,
  MediaLeg,
  MediaMode,
  MediaRemote,
  ReceivedRtp,
} from "./call-deps.ts";
import { ExtensionRouter } from "./extension-router.ts";

export class FakeMediaSession implements CallMediaSession {
  readonly remotes: Record<MediaLeg, MediaRemote | undefined> = { a: undefined, b: undefined };
  readonly modes: Record<MediaLeg, MediaMode> = { a: "relay", b: "relay" };
  readonly sent: Record<MediaLeg, number> = { a: 0, b: 0 };
  closed = false;
  readonly frames: Record<MediaLeg, MediaFrame[]> = { a: [], b: [] };
  private readonly rtpListeners = new Set<(e: { leg: MediaLeg; packet: ReceivedRtp }) => void>();
  constructor(private readonly ports: Record<MediaLeg, number>) {}
  on(_event: "rtp", listener: (e: { leg: MediaLeg; packet: ReceivedRtp }) => void): () => void {
    this.rtpListeners.add(listener);
    return () => this.rtpListeners.delete(listener);
  }
  /** Plays a packet as if the leg's phone had sent it. */
  receive(leg: MediaLeg, packet: ReceivedRtp): void {
    for (const l of this.rtpListeners) l({ leg, packet });
  }
  localPort(leg: MediaLeg): number {
    return this.ports[leg];
  }
  setRemote(leg: MediaLeg, remote: MediaRemote): void {
    this.remotes[leg] = remote;
  }
  setMode(leg: MediaLeg, mode: MediaMode): void {
    this.modes[leg] = mode;
  }
  sendLocal(leg: MediaLeg, frame: MediaFrame): boolean {
    if (this.modes[leg] !== "local") return false;
    this.sent[leg]++;
    if (this.frames[leg].length < 500)
      this.frames[leg].push({ ...frame, payload: Uint8Array.from(frame.payload) });
    return true;
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

export class FakeMediaFactory implements CallMediaFactory {
  readonly address = "192.0.2.10";
  readonly sessions: FakeMediaSession[] = [];
  private port = 20000;
  createSession(): Promise<CallMediaSession> {
    const s = new FakeMediaSession({ a: this.port, b: this.port + 2 });
    this.port += 4;
    this.sessions.push(s);
    return Promise.resolve(s);
  }
}

export const phoneSdp = (addr: string, port: number, dir = "sendrecv", codecs = "0 8 101"): Body => ({
  contentType: "application/sdp",
  body: Buffer.from(
    `v=0\r\no=phone 1 1 IN IP4 ${addr}\r\ns=-\r\nc=IN IP4 ${addr}\r\nt=0 0\r\nm=audio ${port} RTP/AVP ${codecs}\r\n` +
      "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n" +
      `a=${dir}\r\n`,
  ),
});

export interface Phone {
  stack: TestStack;
  user: string;
  address: string;
  incoming: InviteSession[];
}

/** A PBX at 192.0.2.10 and phones; `contacts` maps an extension to the phones that registered it. */
export function world(opts: { moh?: (clock: ManualClock) => MusicOnHold; ringTimeoutMs?: number } = {}) {
  const clock = new ManualClock();
  const net = new MemoryNetwork(clock);
  const pbx = createStack(net, clock, { address: "192.0.2.10", user: "pibx", seed: 10, sessionTimer: false });
  const phones = new Map<string, Phone>();
  const contacts = new Map<string, ContactTarget[]>();
  let seed = 20;
  const phone = (user: string, address: string): Phone => {
    const stack = createStack(net, clock, { address, user, seed: seed++, sessionTimer: false });
    const p: Phone = { stack, user, address, incoming: [] };
    stack.dialogs.events.on("invite", (s) => p.incoming.push(s));
    phones.set(address, p);
    const list = contacts.get(user) ?? [];
    list.push({ uri: sipUri(address, { user }), source: { address, port: 5060 } });
    contacts.set(user, list);
    return p;
  };
  const media = new FakeMediaFactory();
  const cdr = new MemoryCdrSink();
  const router = new ExtensionRouter(
    [
      { number: "1001", displayName: "Alice" },
      { number: "1002", displayName: "Bob" },
      { number: "1003" },
      { number: "1004", onNoAnswer: { extension: "1003" } },
    ],
    ["800", "801"],
  );
  const b2bua = new B2bua({
    dialogs: pbx.dialogs,
    clock,
    ids: pbx.ids,
    auth: {
      authorize: (req) => {
        const from = req.headers.find((h) => h.name.toLowerCase() === "from")?.value ?? "";
        const user = /sip:([^@]+)@/.exec(from)?.[1] ?? "";
        return user === "intruder" ? { ok: false, status: 403 } : { ok: true, user };
      },
    },
    router,
    directory: router,
    contacts: { contacts: (user) => contacts.get(user) ?? [] },
    media,
    domain: "pbx.test",
    ringTimeoutMs: opts.ringTimeoutMs ?? 30_000,
    cdr,
    ...(opts.moh ? { moh: opts.moh(clock) } : {}),
  });
  /** Delivers SIP and lets the async INVITE handling (auth, lookup, media) run. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      net.deliverAll();
      await new Promise((r) => setImmediate(r));
    }
    net.deliverAll();
  };
  const dial = (from: Phone, to: string, offer: Body | null = phoneSdp(from.address, 4000)) =>
    from.stack.dialogs.invite({
      to: sipUri("192.0.2.10", { user: to }),
      from: parseUri(`sip:${from.user}@pbx.test`),
      ...(offer ? { offer } : {}),
    });
  return { clock, net, pbx, phone, media, cdr, b2bua, settle, dial, contacts };
}
