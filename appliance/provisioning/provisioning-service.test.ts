import assert from "node:assert/strict";
import { test } from "node:test";
import { maskPath } from "./provisioning-service.ts";

test("tokens are masked in logged paths, with or without a leading slash", () => {
  assert.equal(maskPath("/prov/d/SECRET/CP-7821-3PCC/x.xml"), "/prov/d/***/CP-7821-3PCC/x.xml");
  assert.equal(maskPath("d/SECRET/SEP001B54AABBCC.cnf.xml"), "d/***/SEP001B54AABBCC.cnf.xml");
  assert.equal(maskPath("/prov/onboard/abc.def?x=1"), "/prov/onboard/***?x=1");
  assert.equal(maskPath("/prov/CP-7821-3PCC/001b54aabbcc.xml"), "/prov/CP-7821-3PCC/001b54aabbcc.xml");
});
