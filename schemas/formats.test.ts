import assert from "node:assert/strict";
import { test } from "node:test";
import { stringFormats } from "./formats.ts";

function check(format: string, good: string[], bad: string[]) {
  const f = stringFormats[format]!;
  for (const value of good) assert.equal(f.validate(value), true, `${format} should accept ${value}`);
  for (const value of bad) assert.equal(f.validate(value), false, `${format} should reject ${value}`);
}

test("network formats", () => {
  check("ipv4", ["172.16.0.10"], ["172.16.0.300", "pbx"]);
  check("ipv4-cidr", ["172.16.0.10/24"], ["172.16.0.10", "172.16.0.10/40"]);
  check("ipv4-range", ["172.16.0.1", "172.16.0.1-172.16.0.99"], ["172.16.0.9-172.16.0.1"]);
  check("hostname", ["pbx.home.arpa", "pibx"], ["-bad", "a..b", ""]);
  check("host", ["sip.callcentric.net", "203.0.113.10"], ["203.0.113.300", "bad host"]);
  check("host-port", ["stun.example.com:3478"], ["stun.example.com", "stun:99999"]);
  check(
    "provisioning-url",
    ["http://172.16.0.10/prov/$PN/$MA.xml", "tftp://10.0.0.1"],
    ["ftp://x/y", "http:// x"],
  );
});

test("telephony formats", () => {
  check("digits", ["100", "0"], ["", "*97", "10a"]);
  check("dtmf-digits", ["1", "13", "*0", "#"], ["", "1a"]);
  check("dial-string", ["*97", "800", "+15550123"], ["", "9 1 1"]);
  check("phone-number", ["15550123", "+33123456789"], ["555-0123", ""]);
  check(
    "dial-pattern",
    ["NXXNXXXXXX", "1NXXNXXXXXX", "011.", "911", "[1-5]XX", "+1NXX."],
    ["1NXX-XXX", ".1", "[", "9.1"],
  );
});

test("other formats", () => {
  check("iana-timezone", ["Europe/Paris", "America/New_York", "UTC"], ["Mars/Olympus", "CEST", ""]);
  check("locale", ["en-US", "fr", "fr-FR"], ["en_US", "EN-us"]);
  check("time-of-day", ["09:00", "23:59", "24:00"], ["9:00", "24:01", "12:60"]);
  check("date", ["2026-12-25", "2028-02-29"], ["2026-02-30", "2026-13-01", "26-12-25"]);
  check("identifier", ["main", "desk-7821", "a.b_c"], ["-x", "has space", ""]);
  check("secret-name", ["trunkPassword", "vm-100"], ["2fa", "a b"]);
  check("unix-user", ["pibx", "_svc"], ["Pi", "1user"]);
  check("ssh-public-key", ["ssh-ed25519 AAAAC3Nza x@y", "ssh-rsa AAAAB3== "], ["AAAAC3Nza", "ssh-dss AAAA"]);
  check("debian-package", ["tcpdump", "libc6", "g++"], ["A", "x"]);
});

test("every format describes itself for messages and docs", () => {
  for (const [name, format] of Object.entries(stringFormats)) {
    assert.ok(format.description.length > 5, name);
  }
});
