import assert from "node:assert/strict";
import { test } from "node:test";
import { FileCatalog } from "./file-catalog.ts";
import { sampleDevice } from "./testing/sample-device.ts";

const cisco = sampleDevice("cisco-mpp", { id: "desk-7821" });
const yealink = sampleDevice("yealink", { id: "yl", model: "T46U", mac: "001565aabb01" });
const polycom = sampleDevice("polycom", { id: "poly", model: "VVX 411", mac: "0004f2aabb03" });
const snom = sampleDevice("snom", { id: "sn", model: "D735", mac: "000413aabb04" });
const catalog = new FileCatalog([cisco, yealink, polycom, snom], {
  ciscoMppProfileUrl: "http://h/prov/$PN/$MA.xml",
});

test("a MAC matches however the phone spells it", () => {
  for (const name of [
    "CP-7821-3PCC/001b54aabbcc.xml",
    "CP-7821-3PCC/001B54AABBCC.xml",
    "CP-7821-3PCC/00:1b:54:aa:bb:cc.xml",
    "CP-7821-3PCC/00-1B-54-AA-BB-CC.xml",
    "CP-7821-3PCC/001b.54aa.bbcc.xml",
  ]) {
    const r = catalog.resolve(name);
    assert.equal(r.kind, "device", name);
    if (r.kind === "device") assert.equal(r.device.id, "desk-7821");
  }
});

test("another product name still finds the device, flagged", () => {
  const r = catalog.resolve("CP-7841-3PCC/001b54aabbcc.xml");
  assert.equal(r.kind === "device" && r.productMismatch, "CP-7841-3PCC");
});

test("<mac>.cfg is Yealink's file or Polycom's master by the device's vendor", () => {
  const y = catalog.resolve("001565aabb01.cfg");
  assert.ok(y.kind === "device" && y.device.id === "yl" && y.secret);
  const p = catalog.resolve("0004f2aabb03.cfg");
  assert.ok(p.kind === "device" && p.device.id === "poly" && !p.secret);
});

test("misses say what they are", () => {
  assert.deepEqual(catalog.resolve("CP-7821-3PCC/001b54aabbcd.xml"), {
    kind: "unknown-mac",
    mac: "001b54aabbcd",
    vendor: "cisco-mpp",
  });
  assert.equal(catalog.resolve("cfg001b54aabbcc.xml").kind, "wrong-vendor");
  assert.equal(catalog.resolve("cfg001b54aabbcc").kind, "not-provided");
  assert.equal(catalog.resolve("hello.txt").kind, "unknown-name");
  assert.equal(catalog.resolve("y000000000108.cfg").kind, "shared");
  assert.equal(catalog.resolve("CP-7821-3PCC.xml").kind, "shared");
  assert.match(
    catalog.describeKnown("/prov"),
    /^desk-7821 00:1b:54:aa:bb:cc at \/prov\/CP-7821-3PCC\/001b54aabbcc\.xml; /,
  );
});

test("files phones merely probe for get a reason, not a misleading unknown-MAC", () => {
  for (const name of [
    "CTLSEP001B54AABBCC.tlv",
    "SEP001B54AABBCC.cnf.xml.sgn",
    "XMLDefault.cnf.xml",
    "000000000000.cfg",
    "0004f2aabb03-phone.cfg",
    "001565aabb01-local.cfg",
    "y000000000000.boot",
  ]) {
    assert.equal(catalog.resolve(name).kind, "not-provided", name);
  }
});

test("snom's settings file under both of its names", () => {
  for (const name of ["snomD735-000413AABB04.htm", "000413AABB04.xml", "snomD735-000413aabb04.xml"]) {
    const r = catalog.resolve(name);
    assert.ok(r.kind === "device" && r.device.id === "sn" && r.secret, name);
  }
});
