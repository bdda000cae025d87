// The CANCEL of a losing fork carries RFC 3326's Reason, seen by a real phone: extension 1002 has
// two devices, a baresip desk phone (ringing, not answering, SIP trace on) and a scripted UA that
// answers. The PBX (loopback-pbx.ts) cancels the desk phone's INVITE with
// `Reason: SIP;cause=200;text="Call completed elsewhere"`, and baresip prints what it received.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseUri } from "../../appliance/sip/message/index.ts";
import { freePort } from "../appliance/helpers/free-port.ts";
import { generateTone } from "../lab/tone.ts";
import { type LoopbackPbx, startLoopbackPbx } from "./loopback-pbx.ts";
import { LoopbackPhone, sleep } from "./loopback-phone.ts";
import { type LoopbackUa, startLoopbackUa } from "./loopback-ua.ts";

let dir = "";
let pbx: LoopbackPbx;
let caller: LoopbackPhone;
let desk: LoopbackPhone;
let other: LoopbackUa;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pibx-fork-reason-"));
  pbx = await startLoopbackPbx({ rtpPorts: { min: 37_000, max: 37_099 }, extensions: ["1001", "1002"] });
  const audio = await generateTone(join(dir, "tone.wav"), 700, { seconds: 30, amplitude: 0.4 });
  const phone = async (user: string, rtp: number, extra: { autoAnswer?: boolean; sipTrace?: boolean }) =>
    LoopbackPhone.start({
      dir: join(dir, user),
      user,
      registrar: `127.0.0.1:${pbx.port}`,
      sipPort: await freePort(),
      ctrlPort: await freePort(),
      rtpPorts: [rtp, rtp + 19],
      audio,
      ...extra,
    });
  caller = await phone("1001", 37_200, {});
  desk = await phone("1002", 37_300, { autoAnswer: false, sipTrace: true });
  await caller.waitRegistered(10_000);
  await desk.waitRegistered(10_000);
  // The second device of 1002 (the in-test registrar keeps one contact per user: added here).
  other = await startLoopbackUa("1002");
  pbx.contacts.set("1002", [
    ...(pbx.contacts.get("1002") ?? []),
    { uri: parseUri(`sip:1002@127.0.0.1:${other.port}`), source: { address: "127.0.0.1", port: other.port } },
  ]);
});

after(async () => {
  await caller?.stop();
  await desk?.stop();
  await other?.close();
  await pbx?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the device that did not answer gets CANCEL with Reason: SIP;cause=200 (RFC 3326 §2)", async () => {
  const mc = caller.mark();
  const md = desk.mark();
  await caller.command("dial", `sip:1002@127.0.0.1:${pbx.port}`);
  await desk.waitFor("CALL_INCOMING", 10_000, md); // ringing: its INVITE is in Proceeding
  const deadline = Date.now() + 10_000;
  while (other.incoming.length === 0 && Date.now() < deadline) await sleep(50);
  assert.ok(other.incoming[0], "the second device rings too");
  other.incoming[0].answer(other.sdp(1));
  await caller.waitFor("CALL_ESTABLISHED", 10_000, mc);
  await desk.waitFor("CALL_CLOSED", 10_000, md);
  const trace = desk.log.join("");
  const cancel = /\nCANCEL sip:[^\r\n]* SIP\/2\.0\r\n[\s\S]*?\r\n\r\n/.exec(trace)?.[0];
  assert.ok(cancel, `baresip received no CANCEL:\n${trace.slice(-3000)}`);
  assert.match(cancel, /\r\nReason: SIP;cause=200;text="Call completed elsewhere"\r\n/);
  assert.match(cancel, /\r\nCSeq: \d+ CANCEL\r\n/);
  await caller.command("hangup");
  await sleep(300);
  assert.equal(pbx.cdr.records.at(-1)?.outcome, "answered");
});
