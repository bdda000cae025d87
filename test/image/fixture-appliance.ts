// Test fixture, not the appliance: the smallest stand-in that proves the image runs a bundled Node
// program as pibx.service. It answers SIP OPTIONS over UDP with 200 OK (RFC 3261 §11.2) and writes a
// file into its state directory so the test can see the sandbox lets it.
import { createSocket } from "node:dgram";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const port = Number(process.env.PIBX_SIP_UDP_PORT ?? 5060);
const stateDir = process.env.PIBX_STATE_DIR ?? "/var/lib/pibx";

function header(msg: string, name: string): string[] {
  const re = new RegExp(`^${name}\\s*:\\s*(.*)$`, "gim");
  return [...msg.matchAll(re)].map((m) => m[1]!.trim());
}

const socket = createSocket("udp4");
socket.on("message", (data, peer) => {
  const msg = data.toString("utf8");
  if (!msg.startsWith("OPTIONS ")) return;
  const seed = existsSync(join(stateDir, "seed.json")) ? "present" : "absent";
  // RFC 3261 §8.2.6.2: copy Via, From, Call-ID, CSeq; add a To tag.
  const lines = [
    "SIP/2.0 200 OK",
    ...header(msg, "Via").map((v) => `Via: ${v}`),
    ...header(msg, "From").map((v) => `From: ${v}`),
    ...header(msg, "To").map((v) => `To: ${v}${v.includes("tag=") ? "" : ";tag=pibx-fixture"}`),
    ...header(msg, "Call-ID").map((v) => `Call-ID: ${v}`),
    ...header(msg, "CSeq").map((v) => `CSeq: ${v}`),
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS",
    `Server: pibx-image-fixture (seed ${seed})`,
    "Content-Length: 0",
    "",
    "",
  ];
  socket.send(lines.join("\r\n"), peer.port, peer.address);
});
socket.bind(port, () => {
  writeFileSync(join(stateDir, "started"), `${new Date().toISOString()}\n`);
  console.log(`pibx fixture: SIP OPTIONS responder on udp/${port}`);
});
