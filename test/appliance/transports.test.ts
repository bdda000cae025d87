// The appliance on each transport it listens on: UDP, TCP and TLS (with a certificate from the
// config), answering OPTIONS and digest REGISTER: sipsak over UDP and TCP; over TLS a Node TLS
// client (sipsak 0.9.8.1's gnutls client negotiates TLS 1.3 and then never reads the answer,
// "select returned error", against any server).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { connect } from "node:tls";
import { answerChallenge } from "../../appliance/sip/auth/index.ts";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { run } from "./helpers/run.ts";
import { TEST_EXTENSIONS, writeTestConfig } from "./helpers/test-config.ts";

test("OPTIONS and digest REGISTER over UDP and TCP (sipsak) and TLS (Node TLS client)", async () => {
  const cfg = writeTestConfig();
  const cert = join(cfg.dir, "cert.pem");
  const key = join(cfg.dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
    ],
    { stdio: "ignore", timeout: 30_000 },
  );
  const withTls = writeTestConfig(
    {
      // sipsak computes MD5 only and reads the first challenge: MD5 first here.
      overrides: {
        auth: { algorithms: ["MD5", "SHA-256"] },
        sip: { tls: { enabled: true, port: 0, certFile: cert, keyFile: key } },
      },
    },
    cfg.dir,
  );
  let app: ApplianceProcess | undefined;
  try {
    app = await startApplianceProcess({ configPath: withTls.configPath });
    const ports = { udp: app.listening.udp!.port, tcp: app.listening.tcp!.port };
    const alice = TEST_EXTENSIONS[0]!;
    for (const [transport, port] of Object.entries(ports)) {
      const extra: string[] = [];
      const target = `sip:${alice.number}@127.0.0.1:${port}`;
      const opt = await run(["sipsak", `--transport=${transport}`, ...extra, "-s", target, "-v"], 15_000);
      assert.match(opt.stdout, /^SIP\/2\.0 200 OK/m, `${transport} OPTIONS:\n${opt.stdout}${opt.stderr}`);
      const reg = await run(
        [
          "sipsak",
          `--transport=${transport}`,
          ...extra,
          "-U",
          "-C",
          `sip:${alice.number}@127.0.0.1:9`,
          "-a",
          alice.password,
          "-u",
          alice.number,
          "-s",
          target,
          "-i",
          "-vv",
        ],
        20_000,
      );
      assert.match(
        reg.stdout,
        /All usrloc tests completed successful/,
        `${transport} REGISTER:\n${reg.stdout}${reg.stderr}`,
      );
    }
    await registerOverTls(app.listening.tls!.port, alice.number, alice.password);
    assert.ok(app.alive());
  } finally {
    await app?.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
});

/** OPTIONS, then REGISTER → 401 → REGISTER with digest → 200, over one TLS connection. */
async function registerOverTls(port: number, user: string, password: string): Promise<void> {
  const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", () => resolve());
    socket.once("error", reject);
  });
  let buffer = "";
  socket.on("data", (d: Buffer) => (buffer += d.toString("latin1")));
  const next = async (cseq: number): Promise<string> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      // Every answer here has Content-Length 0: messages end at the empty line.
      const m = buffer
        .split("\r\n\r\n")
        .find((x) => /^SIP\/2\.0 [2-6]/.test(x) && x.includes(`CSeq: ${cseq} `));
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no TLS answer for CSeq ${cseq}:\n${buffer}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const req = (method: string, cseq: number, extra: string[] = []) =>
    [
      `${method} sip:127.0.0.1 SIP/2.0`,
      `Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-tls-${cseq};alias`,
      "Max-Forwards: 70",
      `From: <sip:${user}@pibx.test>;tag=tls`,
      `To: <sip:${user}@pibx.test>`,
      "Call-ID: tls-call",
      `CSeq: ${cseq} ${method}`,
      ...extra,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
  try {
    socket.write(req("OPTIONS", 1));
    assert.match(await next(1), /^SIP\/2\.0 200 /);
    const contact = `Contact: <sip:${user}@127.0.0.1:5999;transport=tls>`;
    socket.write(req("REGISTER", 2, [contact]));
    const challenge = await next(2);
    assert.match(challenge, /^SIP\/2\.0 401 /);
    const offer = /WWW-Authenticate: (.*?)\r\n/.exec(challenge)![1]!;
    const auth = answerChallenge(offer, {
      username: user,
      password,
      method: "REGISTER",
      uri: "sip:127.0.0.1",
      cnonce: "t",
      nc: 1,
    });
    socket.write(req("REGISTER", 3, [contact, `Authorization: ${auth}`]));
    const ok = await next(3);
    assert.match(ok, /^SIP\/2\.0 200 /);
    assert.match(ok, /Contact: <sip:100@127\.0\.0\.1:5999;transport=tls>;expires=\d+/);
  } finally {
    socket.destroy();
  }
}
