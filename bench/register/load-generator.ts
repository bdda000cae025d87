// The REGISTER + digest load: `concurrency` flows at once, each taking the next user of its
// own share of `users` (so one user is never in two flows at once), doing the whole exchange
// REGISTER → 401 → REGISTER with Authorization → 200 over UDP, with RFC 3261 retransmissions
// (500 ms doubling) and a failure after 4 s. Latency is that of the whole flow.
import { createSocket } from "node:dgram";
import { answerChallenge } from "../../appliance/sip/auth/index.ts";

export interface LoadOptions {
  port: number;
  host?: string;
  realm: string;
  users: ReadonlyArray<{ user: string; password: string }>;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Which offered algorithm to answer (the first offer when absent from the challenge). */
  algorithm: "MD5" | "SHA-256";
  label: string;
}

export interface LoadResult {
  label: string;
  flows: number;
  failures: number;
  failureReasons: Record<string, number>;
  retransmissions: number;
  seconds: number;
  flowsPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface Pending {
  resolve: (text: string | undefined) => void;
  timers: NodeJS.Timeout[];
}

const RETRANSMIT_MS = [500, 1000, 2000];
const GIVE_UP_MS = 4000;

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const host = o.host ?? "127.0.0.1";
  const sock = createSocket("udp4");
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  const localPort = sock.address().port;
  const pending = new Map<string, Pending>();
  let retransmissions = 0;
  sock.on("message", (m) => {
    const text = m.toString("latin1");
    const status = Number(text.slice(8, 11));
    if (status < 200) return;
    const callId = /\r\nCall-ID:\s*(\S+)/i.exec(text)?.[1];
    const cseq = /\r\nCSeq:\s*(\d+)/i.exec(text)?.[1];
    const key = `${callId}|${cseq}`;
    const p = pending.get(key);
    if (!p) return;
    pending.delete(key);
    for (const t of p.timers) clearTimeout(t);
    p.resolve(text);
  });

  const transact = (bytes: Buffer, key: string): Promise<string | undefined> =>
    new Promise((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      pending.set(key, { resolve, timers });
      sock.send(bytes, o.port, host);
      for (const at of RETRANSMIT_MS) {
        timers.push(
          setTimeout(() => {
            retransmissions++;
            sock.send(bytes, o.port, host);
          }, at),
        );
      }
      timers.push(
        setTimeout(() => {
          pending.delete(key);
          resolve(undefined);
        }, GIVE_UP_MS),
      );
    });

  const state = o.users.map((u, i) => ({ ...u, callId: `bench-${o.label}-${i}-${process.pid}`, cseq: 0 }));
  const request = (u: (typeof state)[number], branch: string, authorization?: string): Buffer =>
    Buffer.from(
      [
        `REGISTER sip:${o.realm} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${branch};rport`,
        "Max-Forwards: 70",
        `From: <sip:${u.user}@${o.realm}>;tag=${u.callId}`,
        `To: <sip:${u.user}@${o.realm}>`,
        `Call-ID: ${u.callId}`,
        `CSeq: ${u.cseq} REGISTER`,
        `Contact: <sip:${u.user}@127.0.0.1:${localPort}>`,
        "Expires: 600",
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    );

  const latencies: number[] = [];
  const failureReasons: Record<string, number> = {};
  let failures = 0;
  let flows = 0;
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const stopAt = measureFrom + o.durationMs;
  let branchN = 0;
  const fail = (why: string, measured: boolean) => {
    if (!measured) return;
    failures++;
    failureReasons[why] = (failureReasons[why] ?? 0) + 1;
  };

  const flow = async (u: (typeof state)[number]): Promise<void> => {
    const t0 = performance.now();
    const measured = t0 >= measureFrom;
    u.cseq++;
    const first = await transact(request(u, `b${branchN++}`), `${u.callId}|${u.cseq}`);
    if (!first) return fail("timeout (challenge)", measured);
    if (!first.startsWith("SIP/2.0 401")) return fail(`challenge: ${first.slice(8, 11)}`, measured);
    const offers = [...first.matchAll(/\r\nWWW-Authenticate:\s*(.*?)\r\n/gi)].map((m) => m[1]!);
    const offer = offers.find((v) => v.includes(`algorithm=${o.algorithm}`)) ?? offers[0];
    if (!offer) return fail("no challenge", measured);
    u.cseq++;
    const authorization = answerChallenge(offer, {
      username: u.user,
      password: u.password,
      method: "REGISTER",
      uri: `sip:${o.realm}`,
      cnonce: `c${u.cseq}`,
      nc: 1,
    });
    const final = await transact(request(u, `b${branchN++}`, authorization), `${u.callId}|${u.cseq}`);
    if (!final) return fail("timeout (authenticated)", measured);
    if (!final.startsWith("SIP/2.0 200")) return fail(`final: ${final.slice(8, 11)}`, measured);
    if (measured && performance.now() <= stopAt) {
      flows++;
      latencies.push(performance.now() - t0);
    }
  };

  const worker = async (w: number): Promise<void> => {
    const mine = state.filter((_, i) => i % o.concurrency === w);
    let i = 0;
    while (performance.now() < stopAt && mine.length > 0) {
      await flow(mine[i % mine.length]!);
      i++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, w) => worker(w)));
  sock.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const seconds = o.durationMs / 1000;
  return {
    label: o.label,
    flows,
    failures,
    failureReasons,
    retransmissions,
    seconds,
    flowsPerSecond: flows / seconds,
    requestsPerSecond: (2 * flows) / seconds,
    p50Ms: pct(50),
    p99Ms: pct(99),
    maxMs: latencies[latencies.length - 1] ?? 0,
  };
}
