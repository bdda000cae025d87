// A flood from one source (bounded: 2,000 OPTIONS as fast as the socket takes them) is cut to
// the configured burst and rate before parsing, the source is banned for a flood, and another
// source is still answered.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { writeTestConfig } from "./helpers/test-config.ts";
import { UdpPeer } from "./helpers/udp-peer.ts";

const FLOODER = "127.0.0.3";

function options(peer: UdpPeer, n: number, tag: string): string {
  return [
    "OPTIONS sip:127.0.0.1 SIP/2.0",
    `Via: SIP/2.0/UDP ${peer.address}:${peer.port};branch=z9hG4bK-${tag}-${n};rport`,
    "Max-Forwards: 70",
    `From: <sip:${tag}@example.test>;tag=${tag}`,
    "To: <sip:127.0.0.1>",
    `Call-ID: ${tag}-${n}`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

test("a flood is rate-limited before parsing and banned; other sources are still answered", async () => {
  const cfg = writeTestConfig({
    overrides: { protection: { requestsPerSecond: 20, burst: 40, floodDropsBeforeBan: 200, banSeconds: 60 } },
  });
  let app: ApplianceProcess | undefined;
  const flooder = await UdpPeer.bind(FLOODER);
  const other = await UdpPeer.bind("127.0.0.1");
  try {
    app = await startApplianceProcess({ configPath: cfg.configPath });
    // ~2,000 packets/s in chunks of 20 (faster would overflow the socket buffer, and the kernel
    // rather than the appliance would drop the flood: realistic, but not what this test shows).
    const started = Date.now();
    for (let i = 0; i < 2000; i++) {
      flooder.send(options(flooder, i, "flood"), app.udpPort);
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 10));
    }
    const floodSeconds = (Date.now() - started) / 1000;
    const ban = await app.waitForLine(/pibx: ban ip=127\.0\.0\.3 reason=flood/, 10_000);
    assert.match(ban, /count=200 seconds=60/);
    await new Promise((r) => setTimeout(r, 500));
    const answered = flooder.received.filter((r) => r.status === 200).length;
    // The burst plus what the rate refilled during the flood, never the flood itself.
    assert.ok(
      answered >= 40 && answered <= 40 + 20 * (floodSeconds + 1),
      `answered ${answered} of 2000 in ${floodSeconds} s`,
    );
    const before = flooder.received.length;
    flooder.send(options(flooder, 5000, "flood"), app.udpPort);
    other.send(options(other, 1, "other"), app.udpPort);
    const r = await other.waitFor((x) => x.text.includes("other-1"), 3000);
    assert.equal(r?.status, 200);
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(flooder.received.length, before, "the banned source got an answer");
    assert.ok(app.alive());
  } finally {
    flooder.close();
    other.close();
    await app?.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
});
