import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { directionOf, rtcpOf, rtpMaps, ssrcsOf } from "./attributes.ts";
import { effectiveDirection, holdTransition, isHold } from "./direction.ts";
import {
  BARESIP_OFFER,
  CISCO_7821_HOLD,
  CISCO_7821_OFFER,
  LINPHONE_OFFER,
  OLD_HOLD_OFFER,
} from "./golden-sdps.ts";
import { parseSdp } from "./parse.ts";
import { rewriteForRelay } from "./rewrite.ts";
import { serializeSdp } from "./serialize.ts";
import { isNewVersion, LocalSdpVersioning } from "./session-version.ts";

describe("rewriteForRelay", () => {
  it("points linphone's SDP at the relay, keeps payload types, drops ICE and far RTCP", () => {
    const sdp = parseSdp(LINPHONE_OFFER);
    const out = rewriteForRelay(sdp, { address: "192.168.1.2", ports: [30000] });
    assert.equal(out.connection?.address, "192.168.1.2");
    assert.equal(out.media[0]!.port, 30000);
    assert.deepEqual(out.media[0]!.formats, sdp.media[0]!.formats);
    assert.deepEqual([...rtpMaps(out.media[0]!)], [...rtpMaps(sdp.media[0]!)]);
    assert.deepEqual(rtcpOf(out.media[0]!), { port: 30001 });
    assert.ok(!serializeSdp(out).includes("candidate"));
    assert.ok(!serializeSdp(out).includes("ice-"));
    assert.ok(!serializeSdp(out).includes("10.0.0.23 "), "no far address left in c= lines");
    assert.equal(out.media[1]!.port, 0, "the video stream without a relay port is rejected");
    // The input is untouched.
    assert.equal(sdp.media[0]!.port, 7078);
  });

  it("drops a=ssrc (the relay rewrites SSRCs) and keeps unknown attributes in order", () => {
    const sdp = parseSdp(BARESIP_OFFER);
    const out = rewriteForRelay(sdp, { address: "10.1.1.1", ports: [40000] });
    const m = out.media[0]!;
    assert.deepEqual(ssrcsOf(m), []);
    const before = sdp.media[0]!.attributes.filter((a) => a.name !== "ssrc");
    assert.deepEqual(m.attributes, [...before, { name: "rtcp", value: "40001" }]);
    assert.equal(out.attributes.find((a) => a.name === "tool")?.value, "baresip 3.10.1");
  });

  it("turns the old c=0.0.0.0 hold into an explicit sendonly, so the hold survives the rewrite", () => {
    const out = rewriteForRelay(parseSdp(OLD_HOLD_OFFER), { address: "10.1.1.1", ports: [40000] });
    assert.equal(out.connection?.address, "10.1.1.1");
    assert.equal(directionOf(out.media[0]!, out), "sendonly");
    assert.ok(isHold(out));
  });

  it("replaces the origin when given one", () => {
    const origin = {
      username: "pibx",
      sessionId: "7",
      sessionVersion: 3n,
      netType: "IN",
      addrType: "IP4",
      address: "10.1.1.1",
    };
    assert.deepEqual(
      rewriteForRelay(parseSdp(CISCO_7821_OFFER), { address: "10.1.1.1", ports: [1] }, origin).origin,
      origin,
    );
  });
});

describe("hold detection", () => {
  it("recognises sendonly, inactive and c=0.0.0.0 as hold, sendrecv and recvonly as not", () => {
    const active = parseSdp(CISCO_7821_OFFER);
    assert.equal(isHold(active), false);
    assert.equal(isHold(parseSdp(CISCO_7821_HOLD)), true);
    assert.equal(isHold(parseSdp(CISCO_7821_OFFER.replace("a=sendrecv", "a=inactive"))), true);
    assert.equal(isHold(parseSdp(CISCO_7821_OFFER.replace("a=sendrecv", "a=recvonly"))), false);
    const old = parseSdp(OLD_HOLD_OFFER);
    assert.equal(isHold(old), true);
    assert.equal(effectiveDirection(old.media[0]!, old), "sendonly");
  });

  it("reports hold and resume transitions between successive SDPs", () => {
    const active = parseSdp(CISCO_7821_OFFER);
    const held = parseSdp(CISCO_7821_HOLD);
    assert.equal(holdTransition(undefined, active), "none");
    assert.equal(holdTransition(active, held), "hold");
    assert.equal(holdTransition(held, held), "none");
    assert.equal(holdTransition(held, active), "resume");
    assert.equal(holdTransition(parseSdp(OLD_HOLD_OFFER), active), "resume");
  });
});

describe("o= versioning (RFC 3264 §8)", () => {
  it("increments on each changed description, keeps the version on an unchanged one", () => {
    const v = new LocalSdpVersioning(
      { username: "pibx", sessionId: "99", netType: "IN", addrType: "IP4", address: "10.1.1.1" },
      5n,
    );
    const a = parseSdp(CISCO_7821_OFFER);
    assert.equal(v.stamp(a).origin.sessionVersion, 5n);
    assert.equal(v.stamp(a).origin.sessionVersion, 5n, "a refresh keeps its version");
    const held = v.stamp(parseSdp(CISCO_7821_HOLD));
    assert.equal(held.origin.sessionVersion, 6n);
    assert.equal(held.origin.sessionId, "99");
    assert.equal(v.stamp(a).origin.sessionVersion, 7n);
  });

  it("tells a new offer from a repeated one", () => {
    const a = parseSdp(CISCO_7821_OFFER).origin;
    const b = parseSdp(CISCO_7821_HOLD).origin;
    assert.equal(isNewVersion(undefined, a), true);
    assert.equal(isNewVersion(a, b), true);
    assert.equal(isNewVersion(b, b), false);
  });
});
