import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkMacAddresses, formatMac, normalizeMac } from "./mac-addresses.ts";

test("common MAC spellings normalise to 12 lowercase hex digits", () => {
  for (const spelling of [
    "00:1B:54:AA:BB:CC",
    "00-1b-54-aa-bb-cc",
    "001B.54AA.BBCC",
    "001b54aabbcc",
    " 001B54AABBCC ",
  ]) {
    assert.equal(normalizeMac(spelling), "001b54aabbcc", spelling);
  }
  for (const bad of ["00:1B:54:AA:BB", "00:1B-54:AA:BB:CC", "001B54AABBCG", "00:1B:54:AA:BB:CC:DD", ""]) {
    assert.equal(normalizeMac(bad), undefined, bad);
  }
  assert.equal(formatMac("001b54aabbcc"), "00:1b:54:aa:bb:cc");
});

test("bad and duplicate MACs are errors; softphones have none", () => {
  const lab = labForTests();
  lab.devices.push(
    { id: "a", type: "desk", vendor: "cisco-mpp", model: "7821", mac: "00:1B:54:AA:BB:CC" },
    { id: "b", type: "desk", vendor: "cisco-sip", model: "7960", mac: "001b.54aa.bbcc" },
    { id: "c", type: "desk", vendor: "polycom", model: "VVX 411", mac: "nope" },
    { id: "d", type: "softphone", app: "linphone" },
  );
  assert.deepEqual(checkMacAddresses(lab), [
    {
      path: ["devices", 1, "mac"],
      message: 'MAC address 00:1b:54:aa:bb:cc is already used by device "a" (devices[0].mac)',
      severity: "error",
    },
    {
      path: ["devices", 2, "mac"],
      message: '"nope" is not a MAC address (write it like 00:1B:54:AA:BB:CC)',
      severity: "error",
    },
  ]);
});
