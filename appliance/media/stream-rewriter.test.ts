import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seqDelta } from "./sequence.ts";
import { StreamRewriter } from "./stream-rewriter.ts";

describe("StreamRewriter: one continuous stream per leg", () => {
  it("keeps SSRC fixed and sequence/timestamps continuous across source changes", () => {
    const rw = new StreamRewriter(0xabcdef01, 65530, 4294967000);
    const out: Array<{ seq: number; ts: number; marker: boolean; at: number }> = [];
    let now = 0;
    const feed = (ssrc: number, seq0: number, ts0: number, n: number) => {
      for (let i = 0; i < n; i++, now += 20) {
        const h = rw.map(ssrc, (seq0 + i) & 0xffff, (ts0 + i * 160) >>> 0, false, now);
        out.push({ seq: h.sequenceNumber, ts: h.timestamp, marker: h.marker, at: now });
      }
    };
    feed(111, 1000, 50_000, 10); // the far phone
    feed(222, 7, 9_999_999, 10); // music on hold (its own SSRC and numbering)
    now += 200; // a 200 ms gap while switching back (re-INVITE)
    feed(111, 60_000, 3_000_000, 10); // the phone again, with a new random start
    for (let i = 1; i < out.length; i++) {
      assert.equal(seqDelta(out[i - 1]!.seq, out[i]!.seq), 1, `sequence continuous at ${i}`);
      const dt = (out[i]!.ts - out[i - 1]!.ts) >>> 0;
      const expected = ((out[i]!.at - out[i - 1]!.at) * 8) >>> 0;
      assert.equal(dt, expected, `timestamp follows time at ${i}`);
    }
    assert.deepEqual(
      out.map((o, i) => (o.marker ? i : -1)).filter((i) => i >= 0),
      [0, 10, 20],
      "marker on the first packet of each segment",
    );
  });

  it("a reordered packet keeps its place; resync() starts a segment even with the same SSRC", () => {
    const rw = new StreamRewriter(1, 0, 0);
    const a = rw.map(5, 100, 1600, false, 0).sequenceNumber;
    rw.map(5, 102, 1920, false, 40);
    const late = rw.map(5, 101, 1760, false, 45).sequenceNumber;
    assert.equal(seqDelta(a, late), 1);
    rw.resync();
    const h = rw.map(5, 103, 2080, false, 60);
    assert.equal(h.marker, true);
    assert.equal(seqDelta(a, h.sequenceNumber), 3);
  });
});
