import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, SeededRandom } from "../../base/index.ts";
import { type PlayerFrame, toneSamples } from "../../media/index.ts";
import { parseSdp } from "../../sdp/index.ts";
import { HoldState } from "./hold-state.ts";
import { LoopedMusicOnHold } from "./music-on-hold.ts";

const sdp = (dir: string, addr = "192.0.2.5") =>
  parseSdp(
    `v=0\r\no=x 1 1 IN IP4 ${addr}\r\ns=-\r\nc=IN IP4 ${addr}\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n${dir ? `a=${dir}\r\n` : ""}`,
  );

test("sendonly, inactive and c=0.0.0.0 hold; sendrecv resumes", () => {
  const h = new HoldState();
  assert.equal(h.offer(sdp("sendrecv")), "none");
  assert.equal(h.offer(sdp("sendonly")), "hold");
  assert.equal(h.held, true);
  assert.equal(h.offer(sdp("inactive")), "none");
  assert.equal(h.offer(sdp("")), "resume");
  assert.equal(h.offer(sdp("", "0.0.0.0")), "hold");
  assert.equal(h.offer(sdp("recvonly")), "resume", "recvonly receives again");
});

test("music on hold loops in 20 ms packets with timestamps 160 apart", () => {
  const clock = new ManualClock();
  const samples = toneSamples({ frequencies: [440], amplitude: 8000 }, 400);
  const moh = new LoopedMusicOnHold(clock, new SeededRandom(3), samples);
  const frames: PlayerFrame[] = [];
  const p = moh.play("PCMU", (f) => frames.push({ ...f, payload: Uint8Array.from(f.payload) }));
  clock.advance(200);
  p.stop();
  p.stop();
  clock.advance(200);
  assert.ok(frames.length >= 9 && frames.length <= 11, `frames: ${frames.length}`);
  for (let i = 1; i < frames.length; i++) {
    assert.equal((frames[i]!.timestamp - frames[i - 1]!.timestamp) >>> 0, 160);
    assert.equal((frames[i]!.sequenceNumber - frames[i - 1]!.sequenceNumber) & 0xffff, 1);
    assert.equal(frames[i]!.ssrc, frames[0]!.ssrc);
    assert.equal(frames[i]!.payload.length, 160);
  }
  assert.equal(frames[0]!.marker, true);
});
