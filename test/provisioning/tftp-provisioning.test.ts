// Phones that fetch over TFTP (option 150/66): the Debian tftp-hpa client as a real peer, and
// option negotiation as Grandstream/Cisco firmware does it.
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ManualClock } from "../../appliance/base/index.ts";
import { childTexts, findAll, parseXml } from "../../appliance/provisioning/testing/parse-xml.ts";
import { allVendorsLab, type RunningAppliance, SECRETS, startAppliance } from "./fixture.ts";
import { tftpGetWithOptions, tftpHpa } from "./tftp-client.ts";

let app: RunningAppliance;
let dir: string;

before(async () => {
  app = await startAppliance(allVendorsLab());
  dir = mkdtempSync(join(tmpdir(), "pibx-tftp-"));
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function viaHttp(path: string): Promise<string> {
  return (await fetch(`http://127.0.0.1:${app.httpPort}${path}`)).text();
}

describe("tftp-hpa as the phone", () => {
  it("a Cisco 7960 on SIP firmware reads SEP<MAC>.cnf.xml (octet) with its line's credentials", async () => {
    const local = join(dir, "sep.xml");
    const r = await tftpHpa(app.tftpPort, "octet", ["get", "SEP001B54AABB05.cnf.xml", local]);
    assert.equal(r.code, 0, r.output);
    const root = parseXml(readFileSync(local, "utf8"));
    const line = childTexts(findAll(root, "line")[0]!);
    assert.equal(line.name, "103");
    assert.equal(line.authPassword, SECRETS.ext103Password);
    assert.equal(line.proxy, "172.16.0.10");
    // More than one 512-byte block went through.
    assert.ok(readFileSync(local).length > 512);
  });

  it("netascii arrives identical to the HTTP body once the client undoes CR LF", async () => {
    const local = join(dir, "yealink.cfg");
    const r = await tftpHpa(app.tftpPort, "netascii", ["get", "001565aabb01.cfg", local]);
    assert.equal(r.code, 0, r.output);
    assert.equal(readFileSync(local, "utf8"), await viaHttp("/prov/001565aabb01.cfg"));
  });

  it("a factory-new Cisco MPP reads $PSN.xml, which points it at the option-160 URL", async () => {
    const local = join(dir, "psn.xml");
    const r = await tftpHpa(app.tftpPort, "octet", ["get", "/CP-7821-3PCC.xml", local]);
    assert.equal(r.code, 0, r.output);
    assert.equal(
      childTexts(parseXml(readFileSync(local, "utf8"))).Profile_Rule,
      "http://172.16.0.10/prov/$PN/$MA.xml",
    );
  });

  it("an unknown file is 'file not found', and the log names the known devices", async () => {
    const r = await tftpHpa(app.tftpPort, "octet", ["get", "SEP001B54AABB99.cnf.xml", join(dir, "x")]);
    assert.match(r.output, /Error code 1: file not found/);
    assert.ok(
      app
        .messages()
        .some(
          (m) =>
            m.startsWith(
              "TFTP RRQ SEP001B54AABB99.cnf.xml from 127.0.0.1: no device with MAC 00:1b:54:aa:bb:99",
            ) && m.includes("lobby-7960 00:1b:54:aa:bb:05 at /prov/SEP001B54AABB05.cnf.xml"),
        ),
    );
  });

  it("writes are refused: the server is read-only", async () => {
    const r = await tftpHpa(app.tftpPort, "octet", ["put", "/etc/hostname", "evil.cfg"]);
    assert.match(r.output, /Error code 2: read-only server/);
  });
});

describe("option negotiation (RFC 2347/2348/2349)", () => {
  it("blksize and tsize are granted, vendor options ignored, the file matches HTTP", async () => {
    const t = await tftpGetWithOptions(app.tftpPort, "cfg000b82aabb02.xml", [
      ["blksize", "1024"],
      ["tsize", "0"],
      ["timeout", "3"],
      ["grandstream_MODEL", "GXP2170"],
      ["grandstream_ID", "000b82aabb02"],
    ]);
    assert.equal(t.error, undefined);
    assert.deepEqual([...(t.oack?.keys() ?? [])].sort(), ["blksize", "timeout", "tsize"]);
    assert.equal(t.oack?.get("blksize"), "1024");
    assert.equal(Number(t.oack?.get("tsize")), t.data.length);
    assert.equal(t.data.toString("utf8"), await viaHttp("/prov/cfg000b82aabb02.xml"));
  });

  it("a large block size is lowered to fit the MTU; small blocks split the file", async () => {
    const big = await tftpGetWithOptions(app.tftpPort, "SEP001B54AABB05.cnf.xml", [["blksize", "65464"]]);
    assert.equal(big.oack?.get("blksize"), "1428");
    const small = await tftpGetWithOptions(app.tftpPort, "SEP001B54AABB05.cnf.xml", [["blksize", "100"]]);
    assert.equal(small.data.toString(), big.data.toString());
    assert.equal(small.blocks, Math.floor(small.data.length / 100) + 1);
  });

  it("answers nothing but errors to sources outside the lab LAN", async () => {
    const outside = await startAppliance(allVendorsLab(), { lan: ["172.16.0.0/24"] });
    try {
      const r = await tftpHpa(outside.tftpPort, "octet", ["get", "SEP001B54AABB05.cnf.xml", join(dir, "y")]);
      assert.match(r.output, /Error code 2: not allowed from this address/);
    } finally {
      await outside.close();
    }
  });

  it("no transfer is left running once the last ACKs are in", async () => {
    for (let i = 0; i < 50 && app.prov.tftp.activeTransfers > 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(app.prov.tftp.activeTransfers, 0);
  });
});

describe("a silent client (timers on a manual clock)", () => {
  it("the server retransmits a few times, then gives the transfer up", async () => {
    const clock = new ManualClock();
    const quiet = await startAppliance(allVendorsLab(), { clock });
    const socket = createSocket("udp4");
    const received: number[] = [];
    let notify: (() => void) | undefined;
    socket.on("message", (msg) => {
      received.push(msg.readUInt16BE(2)); // block number of each DATA
      notify?.();
    });
    const nextPacket = () => new Promise<void>((resolve) => (notify = resolve));
    try {
      await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
      const first = nextPacket();
      socket.send(
        Buffer.from("\0\x01SEP001B54AABB05.cnf.xml\0octet\0", "latin1"),
        quiet.tftpPort,
        "127.0.0.1",
      );
      await first;
      for (let i = 0; i < 5; i++) {
        const again = nextPacket();
        clock.advance(2000); // the default retransmission timeout; the client never ACKs
        await again;
      }
      assert.deepEqual(received, [1, 1, 1, 1, 1, 1]);
      assert.equal(quiet.prov.tftp.activeTransfers, 1);
      clock.advance(2000);
      assert.equal(quiet.prov.tftp.activeTransfers, 0);
      assert.ok(quiet.messages().some((m) => m.includes("timed out at block 1")));
    } finally {
      socket.close();
      await quiet.close();
    }
  });
});
