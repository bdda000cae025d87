// Property tests with a fixed seed: arbitrary input never crashes the parser with anything but
// a ParseError, and generated descriptions round-trip through serialize/parse.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ParseError } from "../base/index.ts";
import { GOLDEN } from "./golden-sdps.ts";
import type { SdpMedia, SessionDescription } from "./model.ts";
import { buildAnswer } from "./offer-answer.ts";
import { parseSdp } from "./parse.ts";
import { serializeSdp } from "./serialize.ts";

const SEED = 0x5d9;
const RUNS = 400;

function parsesOrParseError(text: string): boolean {
  try {
    parseSdp(text);
    return true;
  } catch (e) {
    if (e instanceof ParseError) return true;
    throw e;
  }
}

const token = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,11}$/);
const text = fc.stringMatching(/^[ -~]{1,30}$/).map((s) => s.trim() || "x");
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));

const media: fc.Arbitrary<SdpMedia> = fc.record({
  type: fc.constantFrom("audio", "video", "application"),
  port: fc.integer({ min: 1, max: 65535 }),
  proto: fc.constant("RTP/AVP"),
  formats: fc.array(fc.integer({ min: 0, max: 127 }).map(String), { minLength: 1, maxLength: 6 }),
  connections: fc.array(
    ipv4.map((address) => ({ netType: "IN", addrType: "IP4", address })),
    { maxLength: 1 },
  ),
  bandwidths: fc.array(fc.record({ type: fc.constantFrom("AS", "TIAS"), value: fc.nat(100000) }), {
    maxLength: 2,
  }),
  attributes: fc.array(
    fc.oneof(
      token.map((name) => ({ name })),
      fc.record({ name: token, value: text }),
      fc
        .tuple(
          fc.integer({ min: 0, max: 127 }),
          fc.constantFrom("PCMU", "opus"),
          fc.constantFrom(8000, 48000),
        )
        .map(([pt, enc, rate]) => ({ name: "rtpmap", value: `${pt} ${enc}/${rate}` })),
    ),
    { maxLength: 8 },
  ),
});

const description: fc.Arbitrary<SessionDescription> = fc.record({
  version: fc.constant(0),
  origin: fc.record({
    username: token,
    sessionId: fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String),
    sessionVersion: fc.bigInt({ min: 0n, max: 2n ** 63n }),
    netType: fc.constant("IN"),
    addrType: fc.constant("IP4"),
    address: ipv4,
  }),
  sessionName: text,
  emails: fc.array(text, { maxLength: 1 }),
  phones: fc.array(text, { maxLength: 1 }),
  connection: ipv4.map((address) => ({ netType: "IN", addrType: "IP4", address })),
  bandwidths: fc.constant([]),
  timings: fc.constant([{ start: "0", stop: "0", repeats: [] }]),
  attributes: fc.array(fc.record({ name: token, value: text }), { maxLength: 4 }),
  media: fc.array(media, { maxLength: 4 }),
});

describe("SDP properties (fixed seed)", () => {
  it("arbitrary text: parses or throws ParseError, never anything else", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), parsesOrParseError), { seed: SEED, numRuns: RUNS });
  });

  it("mutated golden SDPs: parses or throws ParseError", () => {
    const goldens = Object.values(GOLDEN);
    const mutation = fc.tuple(
      fc.constantFrom(...goldens),
      fc.nat(),
      fc.nat(40),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(mutation, ([g, at, del, ins]) => {
        const i = at % (g.length + 1);
        return parsesOrParseError(g.slice(0, i) + ins + g.slice(i + del));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("answers to generated offers keep RFC 3264 §6's shape", () => {
    const origin = {
      username: "pibx",
      sessionId: "1",
      sessionVersion: 1n,
      netType: "IN",
      addrType: "IP4",
      address: "10.0.0.2",
    };
    fc.assert(
      fc.property(description, (offer) => {
        const { sdp, stream } = buildAnswer(offer, { origin, address: "10.0.0.2", port: 30000 });
        // One m= per offered m=, same media types, at most one accepted stream.
        assert.deepEqual(
          sdp.media.map((m) => m.type),
          offer.media.map((m) => m.type),
        );
        const live = sdp.media.filter((m) => m.port !== 0);
        assert.equal(live.length, stream ? 1 : 0);
        for (const m of live) {
          // Only payload types the offer listed for that stream.
          const offered = offer.media[sdp.media.indexOf(m)]!.formats;
          assert.ok(m.formats.every((f) => offered.includes(f)));
        }
        assert.deepEqual(parseSdp(serializeSdp(sdp)), sdp);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("generated descriptions round-trip through serialize and parse", () => {
    fc.assert(
      fc.property(description, (sdp) => {
        // structuredClone: fast-check builds null-prototype records; compare plain objects.
        assert.deepEqual(parseSdp(serializeSdp(sdp)), structuredClone(sdp));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
