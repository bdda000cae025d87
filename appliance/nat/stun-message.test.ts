import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ParseError } from "../base/index.ts";
import { decodeBindingResponse, encodeBindingRequest, isStun } from "./stun-message.ts";

const ID = Buffer.from("0102030405060708090a0b0c", "hex");

describe("STUN Binding messages (RFC 5389)", () => {
  it("encodes a Binding request: type 0x0001, length 0, magic cookie, the transaction id (golden bytes)", () => {
    assert.equal(encodeBindingRequest(ID).toString("hex"), "000100002112a4420102030405060708090a0b0c");
    assert.throws(() => encodeBindingRequest(new Uint8Array(8)), RangeError);
  });

  it("decodes XOR-MAPPED-ADDRESS 203.0.113.2:40000 (golden bytes, §15.2)", () => {
    // port 40000 ^ 0x2112 = 0xbd52; 203.0.113.2 = 0xcb007102 ^ 0x2112a442 = 0xea12d540
    const res = Buffer.from(
      "0101000c2112a4420102030405060708090a0b0c" + "0020000800" + "01bd52ea12d540",
      "hex",
    );
    assert.deepEqual(decodeBindingResponse(res), {
      type: "success",
      transactionId: ID,
      mapped: { address: "203.0.113.2", port: 40000 },
    });
  });

  it("prefers XOR-MAPPED-ADDRESS over MAPPED-ADDRESS and falls back to the latter (RFC 3489 servers)", () => {
    const header = "2112a4420102030405060708090a0b0c";
    const plain = "000100080001138dc0000201"; // 192.0.2.1:5005
    const xor = "0020000800" + "01bd52ea12d540";
    const both = Buffer.from(`0101${"0018"}${header}${plain}${xor}`, "hex");
    assert.deepEqual(decodeBindingResponse(both).mapped, { address: "203.0.113.2", port: 40000 });
    const only = Buffer.from(`0101000c${header}${plain}`, "hex");
    assert.deepEqual(decodeBindingResponse(only).mapped, { address: "192.0.2.1", port: 5005 });
  });

  it("decodes an IPv6 XOR-MAPPED-ADDRESS (XORed with cookie and transaction id)", () => {
    const addr = Buffer.from("20010db8000000000000000000000001", "hex");
    const key = Buffer.concat([Buffer.from("2112a442", "hex"), ID]);
    const x = Buffer.from(addr.map((b, i) => b ^ key[i]!));
    const attr = Buffer.concat([Buffer.from("0020001400021234".slice(0, 16), "hex"), x]);
    attr.writeUInt16BE(5060 ^ 0x2112, 6);
    const msg = Buffer.concat([Buffer.from("010100182112a442", "hex"), ID, attr]);
    assert.deepEqual(decodeBindingResponse(msg).mapped, { address: "2001:db8:0:0:0:0:0:1", port: 5060 });
  });

  it("rejects what is not a well-formed Binding response with ParseError", () => {
    assert.equal(isStun(Buffer.from("REGISTER sip:x SIP/2.0\r\n\r\n")), false);
    const bad: string[] = [
      "000100002112a4420102030405060708090a0b0c", // a request
      "010100102112a4420102030405060708090a0b0c", // length beyond the datagram
      "0101000c2112a4420102030405060708090a0b0c0020001000", // attribute overruns
      "0101000c2112a4420102030405060708090a0b0c002000080003bd52ea12d540", // family 3
    ];
    for (const hex of bad)
      assert.throws(() => decodeBindingResponse(Buffer.from(hex, "hex")), ParseError, hex);
  });
});
