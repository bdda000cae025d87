// Pure parts of the lab: topology naming rules, the provider config template, the STUN responder,
// netstring framing of baresip's ctrl_tcp. No root needed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { requireLab } from "../../schemas/index.ts";
import { netstring, parseNetstrings } from "./baresip-ctrl.ts";
import { LabError } from "./lab-error.ts";
import { labOptions } from "./options.ts";
import { renderProviderConfig } from "./provider.ts";
import { bindingResponse } from "./stun-server.ts";
import { addressOf, allNamespaces, boxes, interfaceOf, segments } from "./topology.ts";

describe("topology", () => {
  it("names every namespace, bridge and switch-side veth pibx-*, interfaces ≤ 15 chars and unique", () => {
    // Bridges and switch ports share the segments' namespaces: pibx-* and unique across the lab.
    const links = [
      ...segments.map((s) => s.bridge),
      ...boxes.flatMap((b) => b.interfaces.map((i) => i.switchPort)),
    ];
    for (const n of [...allNamespaces, ...links]) assert.match(n, /^pibx-/);
    for (const l of links) assert.ok(l.length <= 15, `${l} is longer than IFNAMSIZ-1`);
    assert.equal(new Set(links).size, links.length);
    assert.equal(new Set(allNamespaces).size, allNamespaces.length);
    // A box's own ends are named per namespace (the lab router's are eth0/eth1, as in lab.yaml).
    for (const b of boxes) {
      const names = b.interfaces.map((i) => i.name);
      for (const n of names) assert.ok(n.length <= 15, `${n} is longer than IFNAMSIZ-1`);
      assert.equal(new Set(names).size, names.length, `${b.name} has two interfaces of one name`);
    }
  });

  it("names the lab router's interfaces as examples/virtual-lab/lab.yaml does", () => {
    const example = requireLab(
      fileURLToPath(new URL("../../examples/virtual-lab/lab.yaml", import.meta.url)),
    );
    const declared = example.network.labRouter!.interfaces;
    assert.equal(interfaceOf("lab-router", "home-lan"), declared.outside.name);
    assert.equal(interfaceOf("lab-router", "lab-lan"), declared.inside.name);
  });

  it("has LAB.md's addresses", () => {
    assert.equal(addressOf("pstn"), "198.51.100.20");
    assert.equal(addressOf("provider"), "203.0.113.10");
    assert.equal(addressOf("lte-phone"), "198.51.100.30");
    assert.equal(addressOf("home-router", "wan"), "203.0.113.2");
    assert.equal(addressOf("home-router", "home-lan"), "192.168.1.1");
    assert.equal(addressOf("lab-router", "home-lan"), "192.168.1.2");
    assert.equal(addressOf("lab-router", "lab-lan"), "172.16.0.1");
    assert.equal(addressOf("pi"), "172.16.0.10");
    assert.throws(() => addressOf("desk-phone"), LabError);
  });
});

describe("provider config", () => {
  const template = readFileSync(fileURLToPath(new URL("kamailio/provider.cfg", import.meta.url)), "utf8");
  const {
    log: _log,
    afterDaemonsStarted: _hook,
    ...settings
  } = labOptions({
    trunk: { username: "pibx-trunk", password: "s3cret-pw" },
  });

  it("substitutes every placeholder: users, DIDs, trunk, realm", () => {
    const cfg = renderProviderConfig(settings, template, "/mods");
    assert.doesNotMatch(cfg, /\{\{[A-Z_]+\}\}/);
    assert.match(cfg, /\$sht\(users=>pibx-trunk\) = "s3cret-pw";/);
    for (const did of settings.dids) assert.match(cfg, new RegExp(`\\$sht\\(dids=>${did}\\) = 1;`));
    assert.match(cfg, /lookup\("location", "sip:pibx-trunk@203\.0\.113\.10"\)/);
    assert.match(cfg, /mpath="\/mods"/);
  });

  it("refuses a password that could break out of a Kamailio string", () => {
    for (const password of ['a"b', "a$b", "a b", ""]) {
      assert.throws(
        () => renderProviderConfig({ ...settings, trunk: { username: "t", password } }, template, "/m"),
        LabError,
      );
    }
  });
});

describe("STUN binding response (RFC 5389)", () => {
  it("echoes the transaction and encodes (XOR-)MAPPED-ADDRESS", () => {
    const req = Buffer.alloc(20);
    req.writeUInt16BE(0x0001, 0);
    req.writeUInt32BE(0x2112a442, 4);
    req.fill(7, 8, 20);
    const res = bindingResponse(req, "203.0.113.2", 40000)!;
    assert.equal(res.readUInt16BE(0), 0x0101);
    assert.equal(res.readUInt16BE(2), 24);
    assert.deepEqual(res.subarray(4, 20), req.subarray(4, 20));
    // MAPPED-ADDRESS
    assert.equal(res.readUInt16BE(20), 0x0001);
    assert.equal(res.readUInt16BE(26), 40000);
    assert.deepEqual([...res.subarray(28, 32)], [203, 0, 113, 2]);
    // XOR-MAPPED-ADDRESS
    assert.equal(res.readUInt16BE(32), 0x0020);
    assert.equal(res.readUInt16BE(38) ^ 0x2112, 40000);
    assert.equal((res.readUInt32BE(40) ^ 0x2112a442) >>> 0, 0xcb007102);
    assert.equal(bindingResponse(Buffer.alloc(10), "1.2.3.4", 1), undefined);
  });
});

describe("ctrl_tcp netstrings", () => {
  it("splits complete messages and keeps a partial one", () => {
    const a = netstring('{"a":1}');
    const b = netstring('{"b":"é"}');
    assert.equal(a, '7:{"a":1},');
    const partial = Buffer.from(b).subarray(0, 5);
    const { messages, rest } = parseNetstrings(Buffer.concat([Buffer.from(a + b), partial]));
    assert.deepEqual(messages, ['{"a":1}', '{"b":"é"}']);
    assert.deepEqual(rest, partial);
  });
});
