// RFC 4475 torture messages against the real appliance process: each of the 49 messages is sent
// as one raw UDP datagram, byte for byte, and must get the outcome the RFC specifies (a status,
// or no answer at all for the responses that must be discarded). Afterwards every appliance is
// still alive and answering OPTIONS.
//
// Answers go where the RFC says (§18.2.2): to `received` (our source address) and the Via's port
// (5060, or 5050 for quotbal), over TCP when the Via says TCP. So the probe sends from a loopback
// address of its own (127.0.44.75) and listens on UDP and TCP 5060 and 5050 there. The torture
// messages reuse branches and sent-bys (cparam01/cparam02, escnull/regescrt, novelsc/unkscm...),
// which RFC 3261 §17.2.3 matching rightly treats as retransmissions of one transaction; each
// message is therefore sent to an appliance instance where its transaction key is fresh.
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseMessage, serverKeys } from "../../appliance/sip/index.ts";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { writeTestConfig } from "./helpers/test-config.ts";
import { UdpPeer } from "./helpers/udp-peer.ts";

const DIR = fileURLToPath(new URL("../../../shared/testdata/rfc4475", import.meta.url));
const PROBE = "127.0.44.75";

type Expect = { status: number[]; header?: [string, RegExp]; why: string } | { none: true; why: string };

/** RFC 4475 §3 outcome per file, as a UAS/registrar that authenticates (a challenge = "processed"). */
const EXPECTED: Record<string, Expect> = {
  // §3.1.1 valid messages: processed normally.
  "wsinv.dat": { status: [401], why: "3.1.1.1 valid INVITE: challenged" },
  "intmeth.dat": {
    status: [405],
    header: ["Allow", /REGISTER/],
    why: "3.1.1.2 unknown method: 405 with Allow",
  },
  "esc01.dat": { status: [401], why: "3.1.1.3 valid INVITE: challenged" },
  "escnull.dat": { status: [401], why: "3.1.1.4 valid REGISTER: challenged" },
  "esc02.dat": { status: [405], why: "3.1.1.5 RE%47IST%45R is not REGISTER: 405" },
  "lwsdisp.dat": { status: [200], why: "3.1.1.6 valid OPTIONS" },
  "longreq.dat": { status: [401], why: "3.1.1.7 long values: INVITE challenged" },
  "dblreq.dat": { status: [401], why: "3.1.1.8 first REGISTER processed, trailing octets ignored" },
  "semiuri.dat": { status: [200], why: "3.1.1.9 valid OPTIONS" },
  "transports.dat": { status: [200], why: "3.1.1.10 valid OPTIONS" },
  "mpart01.dat": { status: [405], why: "3.1.1.11 multipart MESSAGE parsed; MESSAGE not served: 405" },
  "unreason.dat": { none: true, why: "3.1.1.12 a valid response that matches nothing: discarded" },
  "noreason.dat": { none: true, why: "3.1.1.13 a valid response that matches nothing: discarded" },
  // §3.1.2 invalid messages.
  "badinv01.dat": { status: [400], why: "3.1.2.1 extraneous separators" },
  "clerr.dat": { status: [400], why: "3.1.2.2 Content-Length larger than the message" },
  "ncl.dat": { status: [400], why: "3.1.2.3 negative Content-Length" },
  "scalar02.dat": { status: [400], why: "3.1.2.4 overlarge scalar fields" },
  "scalarlg.dat": { none: true, why: "3.1.2.5 response with overlarge scalars: discarded" },
  "quotbal.dat": { status: [400], why: "3.1.2.6 unterminated quoted string" },
  "ltgtruri.dat": { status: [400], why: "3.1.2.7 <> around the Request-URI" },
  "lwsruri.dat": { status: [400], why: "3.1.2.8 LWS in the Request-URI" },
  "lwsstart.dat": { status: [400], why: "3.1.2.9 multiple SP in the Request-Line" },
  "trws.dat": { status: [400], why: "3.1.2.10 SP at the end of the Request-Line" },
  "escruri.dat": { status: [400], why: "3.1.2.11 headers in the Request-URI" },
  "baddate.dat": {
    status: [400, 401],
    why: "3.1.2.12 bad Date: 400, or lenient (ignored Date → challenged)",
  },
  "regbadct.dat": { status: [400], why: "3.1.2.13 Contact URI with parameters not in <>" },
  "badaspec.dat": { status: [400], why: "3.1.2.14 spaces inside addr-spec" },
  "baddn.dat": { status: [400], why: "3.1.2.15 non-token display name" },
  "badvers.dat": { status: [505], why: "3.1.2.16 SIP/7.0: 505" },
  "mismatch01.dat": { status: [400], why: "3.1.2.17 CSeq method mismatch" },
  "mismatch02.dat": { status: [400], why: "3.1.2.18 unknown method with CSeq mismatch" },
  "bigcode.dat": { none: true, why: "3.1.2.19 response code overflow: discarded" },
  // §3.2 transaction layer.
  "badbranch.dat": {
    status: [200, 400],
    why: "3.2.1 bare magic-cookie branch: RFC 2543 matching (200) or 400",
  },
  // §3.3 application layer.
  "insuf.dat": { status: [400], why: "3.3.1 missing required headers" },
  "unkscm.dat": { status: [416], why: "3.3.2 unknown Request-URI scheme" },
  "novelsc.dat": { status: [416], why: "3.3.3 soap.beep: scheme not supported" },
  "unksm2.dat": { status: [401], why: "3.3.4 unknown schemes in headers: processed (challenged)" },
  "bext01.dat": {
    // Via says TLS but it arrived over UDP: the answer goes back over UDP (see sip/transport/routing.ts).
    status: [420],
    header: ["Unsupported", /nothingSupportsThis/],
    why: "3.3.5 Require: unsupported extension → 420 with Unsupported",
  },
  "invut.dat": {
    status: [415],
    header: ["Accept", /application\/sdp/],
    why: "3.3.6 unknown Content-Type: 415 with Accept",
  },
  "regaut01.dat": {
    status: [401],
    header: ["WWW-Authenticate", /^Digest /],
    why: "3.3.7 unknown auth scheme: Digest challenge",
  },
  "multi01.dat": { status: [400], why: "3.3.8 several values in single-value headers" },
  "mcl01.dat": { status: [400], why: "3.3.9 multiple Content-Length values" },
  "bcast.dat": { none: true, why: "3.3.10 200 OK with broadcast Via: discarded" },
  "zeromf.dat": { status: [200], why: "3.3.11 Max-Forwards 0 at an endpoint: processed normally" },
  "cparam01.dat": { status: [401], why: "3.3.12 REGISTER with a contact parameter: processed (challenged)" },
  "cparam02.dat": { status: [401], why: "3.3.13 REGISTER with a url-parameter: processed (challenged)" },
  "regescrt.dat": {
    status: [401],
    why: "3.3.14 REGISTER with an escaped header in Contact: processed (challenged)",
  },
  "sdp01.dat": { status: [406], why: "3.3.15 Accept without application/sdp: 406" },
  "inv2543.dat": { status: [401], why: "3.4.1 RFC 2543 INVITE: processed (challenged)" },
};

interface Answer {
  via: string;
  text: string;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".dat"))
  .sort();
const answers: Answer[] = [];
const listeners: Array<Socket | Server> = [];
let sender: Socket;
const instances: ApplianceProcess[] = [];
const dirs: string[] = [];
const assignment = new Map<string, number>();

function transactionKey(file: string, bytes: Buffer): string {
  try {
    const msg = parseMessage(bytes);
    return msg.kind === "request" ? serverKeys(msg).key : file;
  } catch {
    return file;
  }
}

/** How an answer is recognised as belonging to a file: its Call-ID, else its CSeq line. */
function marker(bytes: Buffer): string {
  const text = bytes.toString("latin1");
  const callId = /^(?:call-id|i)[ \t]*:[ \t]*(.*?)\r?$/im.exec(text)?.[1]?.trim();
  if (callId) return callId;
  return /^cseq[ \t]*:[ \t]*(.*?)\r?$/im.exec(text)?.[1]?.trim() ?? "\u0000none";
}

before(async () => {
  for (const port of [5060, 5050]) {
    const u = createSocket("udp4");
    await new Promise<void>((r) => u.bind(port, PROBE, () => r()));
    u.on("message", (m) => answers.push({ via: `udp/${port}`, text: m.toString("latin1") }));
    listeners.push(u);
    const t = createServer((c) => {
      c.on("data", (d) => answers.push({ via: `tcp/${port}`, text: d.toString("latin1") }));
      c.on("error", () => {});
    });
    await new Promise<void>((r) => t.listen(port, PROBE, () => r()));
    listeners.push(t);
  }
  sender = listeners[0] as Socket;
  // Greedy: each file goes to the first instance where its transaction key is unused.
  const keysPerInstance: Array<Set<string>> = [];
  for (const f of files) {
    const key = transactionKey(f, readFileSync(`${DIR}/${f}`));
    let i = keysPerInstance.findIndex((s) => !s.has(key));
    if (i < 0) i = keysPerInstance.push(new Set()) - 1;
    keysPerInstance[i]!.add(key);
    assignment.set(f, i);
  }
  const started = await Promise.all(
    keysPerInstance.map(async () => {
      const cfg = writeTestConfig();
      dirs.push(cfg.dir);
      return startApplianceProcess({ configPath: cfg.configPath });
    }),
  );
  instances.push(...started);
  for (const f of files) {
    sender.send(readFileSync(`${DIR}/${f}`), instances[assignment.get(f)!]!.udpPort, "127.0.0.1");
    await new Promise((r) => setTimeout(r, 30));
  }
  // Bounded wait: until every file expecting an answer has one, or 5 s.
  const deadline = Date.now() + 5000;
  const expecting = files.filter((f) => !("none" in EXPECTED[f]!));
  while (Date.now() < deadline) {
    if (expecting.every((f) => answersFor(f).length > 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 700)); // a little longer, for anything that must not come
});

after(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  for (const l of listeners) l.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function answersFor(file: string): Answer[] {
  const m = marker(readFileSync(`${DIR}/${file}`));
  return answers.filter((a) => a.text.includes(m));
}

/** The final (non-1xx) statuses answered for a file. */
function finals(file: string): number[] {
  return answersFor(file)
    .map((a) => Number(/^SIP\/2\.0 (\d{3})/.exec(a.text)?.[1]))
    .filter((s) => s >= 200);
}

test("all 49 RFC 4475 messages are in the table", () => {
  assert.equal(files.length, 49);
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const file of files) {
  const e = EXPECTED[file]!;
  test(`RFC 4475 ${file}: ${"none" in e ? "no answer" : e.status.join(" or ")} — ${e.why}`, () => {
    const got = finals(file);
    if ("none" in e) {
      assert.deepEqual(answersFor(file), [], `${file} must not be answered`);
      return;
    }
    assert.ok(got.length > 0, `${file}: no answer`);
    // One final status, retransmitted maybe, never two different ones.
    assert.equal(new Set(got).size, 1, `${file}: answers ${got.join(", ")}`);
    assert.ok(e.status.includes(got[0]!), `${file}: got ${got[0]}, expected ${e.status.join(" or ")}`);
    if ("header" in e && e.header) {
      const [name, re] = e.header;
      const text = answersFor(file).find((a) => /^SIP\/2\.0 [2-6]/.test(a.text))!.text;
      const value = new RegExp(`^${name}\\s*:\\s*(.*?)\\r?$`, "im").exec(text)?.[1] ?? "";
      assert.match(value, re, `${file}: ${name}`);
    }
  });
}

test("every appliance instance is still alive and answers OPTIONS after the torture", async () => {
  const peer = await UdpPeer.bind();
  try {
    for (const [n, inst] of instances.entries()) {
      assert.ok(inst.alive(), `instance ${n} died:\n${inst.output().slice(-2000)}`);
      const callId = `alive-${n}-${Date.now()}`;
      peer.send(
        [
          "OPTIONS sip:127.0.0.1 SIP/2.0",
          `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK-alive-${n};rport`,
          "Max-Forwards: 70",
          "From: <sip:probe@127.0.0.1>;tag=p",
          "To: <sip:127.0.0.1>",
          `Call-ID: ${callId}`,
          "CSeq: 1 OPTIONS",
          "Content-Length: 0",
          "",
          "",
        ].join("\r\n"),
        inst.udpPort,
      );
      const r = await peer.waitFor((x) => x.text.includes(callId), 3000);
      assert.equal(r?.status, 200, `instance ${n} did not answer OPTIONS`);
    }
  } finally {
    peer.close();
  }
});
