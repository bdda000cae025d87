import assert from "node:assert/strict";
import { test } from "node:test";
import { dataPacket, errorPacket, oackPacket, parseTftp, toNetascii } from "./tftp-packets.ts";

test("an RRQ with options (RFC 2347), names lower-cased, unknown ones kept for the caller to ignore", () => {
  const rrq = Buffer.from(
    "\0\x01cfg000b82aabbcc.xml\0octet\0BLKSIZE\x001024\0tsize\x000\0grandstream_MODEL\0GXP2170\0",
    "latin1",
  );
  const p = parseTftp(rrq);
  assert.equal(p.op, "RRQ");
  if (p.op !== "RRQ") return;
  assert.equal(p.filename, "cfg000b82aabbcc.xml");
  assert.equal(p.mode, "octet");
  assert.equal(p.options.get("blksize"), "1024");
  assert.equal(p.options.get("tsize"), "0");
  assert.equal(p.options.get("grandstream_model"), "GXP2170");
});

test("golden bytes of DATA, ERROR and OACK", () => {
  assert.deepEqual([...dataPacket(1, Buffer.from("ab"))], [0, 3, 0, 1, 0x61, 0x62]);
  assert.deepEqual([...errorPacket(1, "x")], [0, 5, 0, 1, 0x78, 0]);
  assert.equal(oackPacket(new Map([["tsize", "9"]])).toString("latin1"), "\0\x06tsize\x009\0");
});

test("malformed packets are ParseErrors", () => {
  assert.throws(() => parseTftp(Buffer.from([0, 1, 0x61])), { name: "ParseError" });
  assert.throws(() => parseTftp(Buffer.from([0, 9, 0, 0])), { name: "ParseError" });
  assert.throws(() => parseTftp(Buffer.from("\0\x01name\0oct", "latin1")), { name: "ParseError" });
});

test("netascii: LF → CR LF, CR → CR NUL", () => {
  assert.deepEqual([...toNetascii(Buffer.from("a\nb\r"))], [0x61, 0x0d, 0x0a, 0x62, 0x0d, 0x00]);
});
