import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { IosParseError } from "../router-errors.ts";
import type { ConfigNode } from "./config-node.ts";
import { parseRunningConfig } from "./parse-running-config.ts";

const fixture = readFileSync(new URL("./testdata/1841-running-config.txt", import.meta.url), "utf8");

describe("parseRunningConfig", () => {
  const { nodes } = parseRunningConfig(fixture);
  const find = (text: string) => nodes.find((n) => n.text === text);

  it("reads an 1841's running-config into top-level sections", () => {
    assert.equal(nodes[0]?.text, "version 15.1");
    assert.equal(nodes.at(-1)?.text, "scheduler allocate 20000 1000");
    const interfaces = nodes.filter((n) => n.text.startsWith("interface ")).map((n) => n.text);
    assert.deepEqual(interfaces, ["interface FastEthernet0/0", "interface FastEthernet0/1"]);
    assert.deepEqual(
      find("interface FastEthernet0/0")?.children.map((c) => c.text),
      [
        "description uplink to the ISP router",
        "ip address dhcp",
        "ip nat outside",
        "ip virtual-reassembly",
        "duplex auto",
        "speed auto",
        "service-policy output PIBX-VOICE-OUT",
      ],
    );
  });

  it("nests by indentation of any width and drops IOS's trailing blanks", () => {
    const pool = find("ip dhcp pool PIBX-LAB");
    assert.ok(pool);
    assert.equal(pool.children.length, 7);
    assert.ok(pool.children.some((c) => c.text === "default-router 172.16.0.1"));
    assert.ok(pool.children.some((c) => c.text === 'option 160 ascii "http://172.16.0.10/prov/$PN/$MA.xml"'));
    const policy = find("policy-map PIBX-VOICE-OUT");
    assert.deepEqual(
      policy?.children.map((c) => [c.text, c.children.map((g) => g.text)]),
      [
        ["class PIBX-VOICE-MEDIA", ["priority percent 20"]],
        ["class PIBX-VOICE-SIGNALLING", ["bandwidth percent 5"]],
        ["class class-default", ["fair-queue"]],
      ],
    );
  });

  it("keeps certificate hex inside its chain and banners opaque", () => {
    const chain = find("crypto pki certificate chain TP-self-signed-1234567890");
    assert.equal(chain?.children[0]?.text, "certificate self-signed 01");
    const flat = (ns: ConfigNode[]): string[] => ns.flatMap((n) => [n.text, ...flat(n.children)]);
    assert.ok(flat(chain!.children).includes("quit"));
    assert.ok(!nodes.some((n) => n.text === "quit" || /^[0-9A-F]{8} /.test(n.text)));
    assert.ok(find("banner motd ^C"));
    assert.ok(find("banner exec ^C"));
    // The banner's text holds `interface FastEthernet0/9` and a `!`: neither is configuration.
    assert.equal(nodes.filter((n) => n.text === "interface FastEthernet0/9").length, 0);
    assert.equal(find("line con 0")?.children.length, 0);
  });

  it("records the line each command came from", () => {
    const route = find("ip route 0.0.0.0 0.0.0.0 192.168.1.1");
    assert.equal(fixture.split("\n")[route!.line! - 1], "ip route 0.0.0.0 0.0.0.0 192.168.1.1");
  });

  it("fails with the line number on an unclosed banner or an orphan indented line", () => {
    assert.throws(
      () => parseRunningConfig("!\nhostname r\nbanner motd ^C\nnever closed\n"),
      (e) => e instanceof IosParseError && e.line === 3,
    );
    assert.throws(
      () => parseRunningConfig("!\n ip address dhcp\n"),
      (e) => e instanceof IosParseError && e.line === 2,
    );
  });
});
