import assert from "node:assert/strict";
import { test } from "node:test";
import {
  cidrContains,
  cidrWithin,
  formatCidr,
  formatIpv4,
  parseCidr,
  parseIpv4,
  parseIpv4Range,
} from "./ipv4.ts";

test("addresses parse to 32-bit numbers and back", () => {
  assert.equal(parseIpv4("172.16.0.10"), 0xac10000a);
  assert.equal(parseIpv4("255.255.255.255"), 0xffffffff);
  assert.equal(formatIpv4(0xac10000a), "172.16.0.10");
  for (const bad of ["172.16.0.256", "172.16.0", "01.2.3.4", "a.b.c.d", "1.2.3.4.5", ""]) {
    assert.equal(parseIpv4(bad), undefined, bad);
  }
});

test("CIDR: network, last address, containment", () => {
  const lan = parseCidr("172.16.0.10/24")!;
  assert.equal(formatCidr(lan), "172.16.0.0/24");
  assert.equal(formatIpv4(lan.last), "172.16.0.255");
  assert.equal(formatIpv4(lan.address), "172.16.0.10");
  assert.equal(cidrContains(lan, parseIpv4("172.16.0.200")!), true);
  assert.equal(cidrContains(lan, parseIpv4("172.16.1.1")!), false);
  assert.equal(cidrWithin(parseCidr("172.16.0.128/25")!, lan), true);
  assert.equal(cidrWithin(parseCidr("172.16.0.0/23")!, lan), false);
  assert.equal(parseCidr("172.16.0.0/33"), undefined);
  assert.equal(parseCidr("172.16.0.0"), undefined);
  assert.equal(formatCidr(parseCidr("0.0.0.0/0")!), "0.0.0.0/0");
});

test("ranges: one address or first-last", () => {
  assert.deepEqual(parseIpv4Range("172.16.0.1"), { first: 0xac100001, last: 0xac100001 });
  assert.deepEqual(parseIpv4Range("172.16.0.1-172.16.0.99"), { first: 0xac100001, last: 0xac100063 });
  assert.equal(parseIpv4Range("172.16.0.99-172.16.0.1"), undefined);
  assert.equal(parseIpv4Range("172.16.0.1-172.16.0.2-172.16.0.3"), undefined);
});
