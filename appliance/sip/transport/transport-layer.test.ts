// Real sockets on 127.0.0.1 with ephemeral ports. Waits are for I/O events, never for SIP timers.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { type Clock, ManualClock, type ParseError, SystemClock, TransportError } from "../../base/index.ts";
import {
  createResponse,
  getTopVia,
  parseMessage,
  type SipMessage,
  type SipRequest,
  viaReceived,
  viaRport,
} from "../message/index.ts";
import { SipTransportLayer, type TransportLayerOptions } from "./transport-layer.ts";
import type { MessageSource, TransportProtocol } from "./types.ts";

const LOCAL = { address: "127.0.0.1", port: 0 };
const layers: SipTransportLayer[] = [];
after(async () => {
  for (const l of layers) await l.close();
});

interface Inbox {
  layer: SipTransportLayer;
  next(): Promise<{ msg: SipMessage; source: MessageSource }>;
  received: Array<{ msg: SipMessage; source: MessageSource }>;
  malformed: Array<{ error: ParseError; answered: boolean }>;
}

async function make(opts: Partial<TransportLayerOptions> & { clock?: Clock } = {}): Promise<Inbox> {
  const malformed: Inbox["malformed"] = [];
  const layer = new SipTransportLayer({
    clock: opts.clock ?? new SystemClock(),
    udp: LOCAL,
    tcp: LOCAL,
    ...opts,
    hooks: { onMalformed: (i) => malformed.push({ error: i.error, answered: i.answered }), ...opts.hooks },
  });
  layers.push(layer);
  await layer.start();
  const received: Inbox["received"] = [];
  const waiters: Array<(v: { msg: SipMessage; source: MessageSource }) => void> = [];
  layer.onMessage((msg, source) => {
    const w = waiters.shift();
    if (w) w({ msg, source });
    else received.push({ msg, source });
  });
  return {
    layer,
    received,
    malformed,
    next: () => {
      const r = received.shift();
      return r ? Promise.resolve(r) : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

function options(branch = "z9hG4bKt1", callId = "c1"): SipRequest {
  return parseMessage(
    Buffer.from(
      [
        "OPTIONS sip:b@127.0.0.1 SIP/2.0",
        `Via: SIP/2.0/UDP placeholder.invalid;branch=${branch}`,
        "Max-Forwards: 70",
        "From: <sip:a@127.0.0.1>;tag=1",
        "To: <sip:b@127.0.0.1>",
        `Call-ID: ${callId}`,
        "CSeq: 1 OPTIONS",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipRequest;
}

async function roundTrip(protocol: TransportProtocol, a: Inbox, b: Inbox): Promise<MessageSource> {
  const target = { protocol, address: "127.0.0.1", port: b.layer.address(protocol)!.port };
  await a.layer.sendRequest(options(), target);
  const { msg, source } = await b.next();
  assert.equal(msg.kind, "request");
  assert.equal(source.protocol, protocol);
  const via = getTopVia(msg)!;
  assert.equal(via.transport, protocol);
  assert.equal(via.port, a.layer.address(protocol)!.port, "sent-by stamped by the sender (§18.1.1)");
  assert.equal(viaRport(via), source.remote.port, "rport filled in (RFC 3581 §4)");
  assert.equal(viaReceived(via), "127.0.0.1");
  await b.layer.sendResponse(createResponse(msg as SipRequest, 200, { toTag: "x" }), source);
  const back = await a.next();
  assert.equal(back.msg.kind === "response" && back.msg.status, 200);
  return source;
}

test("UDP request and response round trip, Via stamped both ways", async () => {
  const [a, b] = [await make(), await make()];
  await roundTrip("UDP", a, b);
});

test("TCP round trip: the response returns on the same connection, which is reused", async () => {
  const [a, b] = [await make(), await make()];
  await roundTrip("TCP", a, b);
  const source = await roundTrip("TCP", a, b);
  assert.equal(a.layer.connectionCount, 1);
  assert.equal(b.layer.connectionCount, 1);
  // b reaches a over the connection a opened (reuse in the other direction, e.g. a phone
  // registered over TCP behind NAT).
  await b.layer.sendRequest(options("z9hG4bKrev", "c2"), { protocol: "TCP", ...source.remote });
  // ...or by naming the flow explicitly, whatever address is given.
  await b.layer.sendRequest(options("z9hG4bKflow", "c3"), {
    protocol: "TCP",
    address: "192.0.2.1",
    port: 9,
    ...(source.connectionId !== undefined ? { connectionId: source.connectionId } : {}),
  });
  assert.ok((await a.next()).msg.kind === "request");
  const rev = await a.next();
  assert.ok(rev.msg.kind === "request" && rev.source.connectionId !== undefined);
  assert.equal(a.layer.connectionCount, 1);
  assert.equal(b.layer.connectionCount, 1);
});

test("malformed datagrams: 400 where the request frames, silence otherwise, hooks see them", async () => {
  const b = await make();
  const port = b.layer.address("UDP")!.port;
  const client = createSocket("udp4");
  await new Promise<void>((r) => client.bind(0, "127.0.0.1", () => r()));
  const replies: Buffer[] = [];
  client.on("message", (m) => replies.push(m));
  const gotReply = new Promise<void>((r) => client.once("message", () => r()));
  const clerr = readFileSync(new URL("../../../../shared/testdata/rfc4475/clerr.dat", import.meta.url));
  client.send(Buffer.from("\x00\xffgarbage\r\n\r\n"), port, "127.0.0.1");
  client.send(clerr, port, "127.0.0.1");
  await gotReply;
  client.close();
  assert.equal(replies.length, 1);
  const res = parseMessage(replies[0]!);
  assert.ok(res.kind === "response" && res.status === 400);
  assert.equal(b.malformed.length, 2);
  assert.deepEqual(
    b.malformed.map((m) => m.answered),
    [false, true],
  );
  assert.equal(b.received.length, 0);
});

test("per-source hooks drop packets before parsing; responses for another sent-by are dropped", async () => {
  const seen: string[] = [];
  const b = await make({
    hooks: {
      allowPacket: (protocol, remote, size) => {
        seen.push(`${protocol}:${remote.address}:${size}`);
        return false;
      },
    },
  });
  const a = await make();
  await a.layer.sendRequest(options(), {
    protocol: "UDP",
    address: "127.0.0.1",
    port: b.layer.address("UDP")!.port,
  });
  // a response naming someone else's sent-by, sent to a
  const other = createResponse(options(), 200);
  other.headers[0]!.value = "SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKzz";
  await b.layer.sendResponse(other, undefined).catch(() => {});
  const stray = createSocket("udp4");
  const target = a.layer.address("UDP")!;
  await new Promise<void>((r) =>
    stray.send(
      Buffer.from("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKzz\r\n\r\n"),
      target.port,
      "127.0.0.1",
      () => r(),
    ),
  );
  stray.close();
  // A round trip a→a proves the stray datagram was processed (and dropped) before it.
  await a.layer.sendRequest(options("z9hG4bKself"), {
    protocol: "UDP",
    address: "127.0.0.1",
    port: target.port,
  });
  const got = await a.next();
  assert.equal(got.msg.kind, "request");
  assert.ok(seen.length >= 1 && seen[0]!.startsWith("UDP:127.0.0.1:"));
  assert.equal(b.received.length, 0);
});

test("TCP: a stream split at every byte boundary yields the same messages; pings get pongs", async () => {
  const b = await make();
  const port = b.layer.address("TCP")!.port;
  const wsinv = readFileSync(new URL("../../../../shared/testdata/rfc4475/wsinv.dat", import.meta.url));
  const opt = Buffer.from(
    "OPTIONS sip:b@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKs\r\nMax-Forwards: 70\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: s\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
  );
  const stream = Buffer.concat([wsinv, Buffer.from("\r\n\r\n"), opt]);
  const sock = connect(port, "127.0.0.1");
  await new Promise<void>((r) => sock.once("connect", () => r()));
  sock.setNoDelay(true);
  let pongBytes = "";
  const firstPong = new Promise<void>((r) => sock.once("data", () => r()));
  sock.on("data", (d) => {
    pongBytes += d.toString();
  });
  for (let cut = 0; cut <= stream.length; cut++) {
    const first = b.next();
    const second = b.next();
    sock.write(stream.subarray(0, cut));
    await new Promise((r) => setImmediate(r));
    sock.write(stream.subarray(cut));
    const [m1, m2] = await Promise.all([first, second]);
    assert.ok(
      m1.msg.kind === "request" && m1.msg.method === "INVITE" && m1.msg.body.length === 150,
      `cut ${cut}`,
    );
    assert.ok(m2.msg.kind === "request" && m2.msg.method === "OPTIONS", `cut ${cut}`);
  }
  await firstPong;
  sock.end();
  assert.match(pongBytes, /^(\r\n)+$/, "only CRLF pongs come back");
  assert.equal(b.layer.connectionCount <= 1, true);
});

test("TCP: a malformed request is answered 400 on its connection; an unframeable stream is closed", async () => {
  const b = await make();
  const port = b.layer.address("TCP")!.port;
  const sock = connect(port, "127.0.0.1");
  const data: Buffer[] = [];
  sock.on("data", (d) => data.push(d));
  const lwsstart = readFileSync(new URL("../../../../shared/testdata/rfc4475/lwsstart.dat", import.meta.url));
  const got = new Promise<void>((r) => sock.once("data", () => r()));
  sock.write(lwsstart);
  await got;
  const res = parseMessage(Buffer.concat(data), { framing: "stream" });
  assert.ok(res.kind === "response" && res.status === 400);
  // A broken header line elsewhere costs a 400, not the connection.
  data.length = 0;
  const again = new Promise<void>((r) => sock.once("data", () => r()));
  sock.write(
    Buffer.from(
      lwsstart
        .toString("latin1")
        .replace("INVITE  sip:user@example.com  SIP/2.0", "INVITE sip:user@example.com SIP/2.0")
        .replace("Max-Forwards: 8", "No colon here"),
      "latin1",
    ),
  );
  await again;
  const res2 = parseMessage(Buffer.concat(data), { framing: "stream" });
  assert.ok(res2.kind === "response" && res2.status === 400);
  assert.equal(b.layer.connectionCount, 1);
  const closed = new Promise<void>((r) => sock.once("close", () => r()));
  sock.write("OPTIONS sip:a SIP/2.0\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
  await closed;
  assert.ok(b.malformed.length >= 2);
});

test("TCP connections close after the idle timeout (manual clock)", async () => {
  const clock = new ManualClock();
  const b = await make({ clock, idleTimeoutMs: 30_000 });
  const sock = connect(b.layer.address("TCP")!.port, "127.0.0.1");
  await new Promise<void>((r) => sock.once("connect", () => r()));
  const closed = new Promise<void>((r) => sock.once("close", () => r()));
  while (b.layer.connectionCount === 0) await new Promise((r) => setImmediate(r));
  clock.advance(29_999);
  assert.equal(b.layer.connectionCount, 1);
  clock.advance(1);
  assert.equal(b.layer.connectionCount, 0);
  await closed;
});

test("sending to a closed TCP port or over a disabled transport rejects with TransportError", async () => {
  const a = await make({ tcp: LOCAL });
  const dead = await make();
  const port = dead.layer.address("TCP")!.port;
  await dead.layer.close();
  await assert.rejects(
    a.layer.sendRequest(options(), { protocol: "TCP", address: "127.0.0.1", port }),
    TransportError,
  );
  await assert.rejects(
    a.layer.sendRequest(options(), { protocol: "TLS", address: "127.0.0.1", port }),
    TransportError,
  );
  const big = options();
  big.body = Buffer.alloc(70_000);
  await assert.rejects(
    a.layer.sendRequest(big, { protocol: "UDP", address: "127.0.0.1", port: 9 }),
    TransportError,
  );
});

test("TLS round trip with a self-signed certificate made by openssl", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      { stdio: "ignore" },
    );
    const cert = readFileSync(join(dir, "cert.pem"));
    const key = readFileSync(join(dir, "key.pem"));
    const tls = { address: "127.0.0.1", port: 0, cert, key, ca: cert };
    const [a, b] = [await make({ tls }), await make({ tls })];
    await roundTrip("TLS", a, b);
    // Without the CA, verification fails: a TransportError, not a crash.
    const c = await make({ tls: { ...tls, ca: [] as Buffer[] } });
    await assert.rejects(
      c.layer.sendRequest(options(), {
        protocol: "TLS",
        address: "127.0.0.1",
        port: b.layer.address("TLS")!.port,
      }),
      TransportError,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
