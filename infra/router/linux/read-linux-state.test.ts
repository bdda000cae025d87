import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_LINUX_PATHS } from "./linux-desired-state.ts";
import {
  parseLinuxState,
  parseRate,
  parseTcClasses,
  readStateScript,
  splitSections,
} from "./read-linux-state.ts";

const sec = (name: string, text: string, rc = 0) =>
  `@@pibx:begin ${name}\n${text}\n@@pibx:end ${name} ${rc}\n`;

// Outputs as nftables 1.0.6 / iproute2 6.1 print them.
const dump = [
  sec(
    "nft-tables",
    '{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}, {"table": {"family": "inet", "name": "pibx", "handle": 2}}, {"table": {"family": "inet", "name": "filter", "handle": 3}}]}',
  ),
  sec("nft:inet:pibx", "table inet pibx {\n\tchain forward {\n\t}\n}"),
  sec("nft:ip:pibx_nat", "", 1),
  sec("dnsmasq-conf", Buffer.from("port=0\n").toString("base64")),
  sec("dnsmasq-pid", "", 1),
  sec(
    "tc-qdisc:eth0",
    '[{"kind":"htb","handle":"1:","root":true,"refcnt":3,"options":{"r2q":10,"default":"0x30","direct_packets_stat":0,"direct_qlen":1000}},{"kind":"pfifo","handle":"30:","parent":"1:30","options":{"limit":1000}}]',
  ),
  sec(
    "tc-class:eth0",
    "class htb 1:1 root rate 100Mbit ceil 100Mbit burst 1600b cburst 1600b \nclass htb 1:10 parent 1:1 prio 0 rate 20Mbit ceil 100Mbit burst 1600b cburst 1600b \nclass htb 1:30 parent 1:1 leaf 30: prio 2 rate 75Mbit ceil 100Mbit burst 1584b cburst 1600b ",
  ),
  sec("tc-filter:eth0", "[]"),
  sec(
    "ip-addr",
    '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host"}]},{"ifindex":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST"],"addr_info":[{"family":"inet","local":"192.168.1.2","prefixlen":24,"scope":"global"},{"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]}]',
  ),
  sec("ip-route", '[{"dst":"default","gateway":"192.168.1.1","dev":"eth0","flags":[]}]'),
  sec("ip-forward", "1"),
].join("");

describe("parseLinuxState", () => {
  it("reads every section of a dump", () => {
    const s = parseLinuxState(dump, ["eth0"]);
    assert.deepEqual(s.tables, [
      { family: "inet", name: "pibx" },
      { family: "inet", name: "filter" },
    ]);
    assert.deepEqual(Object.keys(s.tableText), ["inet pibx"]);
    assert.deepEqual(s.dnsmasq, { content: "port=0\n" });
    assert.deepEqual(s.tc.eth0!.root, { kind: "htb", handle: "1:", defaultMinor: "30" });
    assert.deepEqual(s.tc.eth0!.leaves, [{ kind: "pfifo", parent: "1:30" }]);
    assert.deepEqual(s.tc.eth0!.classes[1], {
      classid: "1:10",
      parent: "1:1",
      prio: 0,
      rateBits: 20e6,
      ceilBits: 100e6,
    });
    assert.deepEqual(s.links[1], {
      name: "eth0",
      up: false,
      inet: [{ address: "192.168.1.2", prefixLength: 24 }],
    });
    assert.deepEqual(s.defaultGateways, ["192.168.1.1"]);
    assert.equal(s.ipForward, true);
  });

  it("fails on a dump without its JSON", () => {
    assert.throws(() => parseLinuxState(sec("ip-forward", "1"), []), /nft-tables/);
  });

  it("parses tc's rates and class lines", () => {
    assert.equal(parseRate("12.5Mbit"), 12.5e6);
    assert.equal(parseRate("4992Kbit"), 4_992_000);
    assert.equal(parseRate("fast"), undefined);
    assert.equal(parseTcClasses("class htb 1:20 parent 1:1 prio 1 rate 5Mbit ceil 100Mbit")[0]!.prio, 1);
  });

  it("dumps each owned piece once, quoting paths", () => {
    const script = readStateScript({ ...DEFAULT_LINUX_PATHS, configDir: "/etc/my pibx" }, ["eth0"]);
    assert.match(script, /base64 -w0 '\/etc\/my pibx\/dnsmasq\.conf'/);
    assert.equal([...script.matchAll(/@@pibx:begin/g)].length, 11);
    assert.equal(splitSections(dump).size, 11);
  });
});
