import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { RouterIntentError } from "../router-errors.ts";
import { dnsmasqLease, dnsmasqQuote } from "./render-dnsmasq.ts";
import { renderLinux } from "./render-linux.ts";
import { nftReplaceScript } from "./render-nftables.ts";
import { tcCommands } from "./render-tc.ts";
import { virtualLabIntent } from "./testdata/virtual-lab-intent.ts";

const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url);

/** Compares with the golden file; PIBX_UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
function assertGolden(name: string, actual: string): void {
  if (process.env.PIBX_UPDATE_GOLDEN === "1") writeFileSync(golden(name), actual);
  assert.equal(actual, readFileSync(golden(name), "utf8"));
}

describe("renderLinux (examples/virtual-lab)", () => {
  const desired = renderLinux(virtualLabIntent());

  it("renders the nftables tables as in the golden file", () => {
    assertGolden("virtual-lab.nft", desired.tables.map((t) => t.text).join("\n"));
  });

  it("renders dnsmasq.conf as in the golden file", () => {
    assertGolden("virtual-lab.dnsmasq.conf", desired.dnsmasq!.content);
  });

  it("renders the HTB tree as in the golden file", () => {
    assertGolden("virtual-lab.tc.txt", `${desired.shaping.flatMap(tcCommands).join("\n")}\n`);
  });

  it("keeps every piece under pibx's own names and paths", () => {
    assert.deepEqual(
      desired.tables.map((t) => `${t.family} ${t.name}`),
      ["inet pibx", "ip pibx_nat"],
    );
    assert.equal(desired.dnsmasq!.path, "/etc/pibx/dnsmasq.conf");
    assert.equal(desired.dnsmasq!.pidFile, "/run/pibx/dnsmasq.pid");
    assert.equal(desired.defaultGateway, "192.168.1.1");
    assert.deepEqual(desired.addresses, [
      { device: "eth1", address: "172.16.0.1", prefixLength: 24 },
      { device: "eth0", address: "192.168.1.2", prefixLength: 24 },
    ]);
  });

  it("replaces a table in one transaction that also works when the table is absent", () => {
    const script = nftReplaceScript(desired.tables[0]!);
    assert.match(script, /^table inet pibx\ndelete table inet pibx\ntable inet pibx \{\n/);
  });
});

describe("renderLinux edge cases", () => {
  it("leaves out the forwards' DNAT and the DSCP chain when there are none", () => {
    const intent = { ...virtualLabIntent(), portForwards: [], qosPolicies: [] };
    intent.interfaces = intent.interfaces.map(({ qosPolicyOut: _q, ...i }) => i);
    const d = renderLinux(intent);
    assert.doesNotMatch(d.tables[0]!.text, /postrouting|dport/);
    assert.doesNotMatch(d.tables[1]!.text, /dnat/);
    assert.deepEqual(d.shaping, []);
  });

  it("splits a pool around several excluded ranges and the router's own address", () => {
    const intent = virtualLabIntent();
    intent.dhcpPools[0]!.excluded = [
      { from: "172.16.0.2", to: "172.16.0.99" },
      { from: "172.16.0.200", to: "172.16.0.210" },
    ];
    const conf = renderLinux(intent).dnsmasq!.content;
    assert.deepEqual(
      conf.split("\n").filter((l) => l.startsWith("dhcp-range=")),
      [
        "dhcp-range=set:lab,172.16.0.100,172.16.0.199,255.255.255.0,24h",
        "dhcp-range=set:lab,172.16.0.211,172.16.0.254,255.255.255.0,24h",
      ],
    );
  });

  it("quotes text options and refuses what dnsmasq cannot carry", () => {
    assert.equal(dnsmasqQuote('a"b\\c,$MA', "x"), '"a\\"b\\\\c,$MA"');
    assert.throws(() => dnsmasqQuote("a\nb", "p"), RouterIntentError);
    assert.throws(() => dnsmasqQuote("x".repeat(256), "p"), RouterIntentError);
    assert.equal(dnsmasqLease({ days: 0, hours: 1, minutes: 30 }), "90m");
    assert.equal(dnsmasqLease("infinite"), "infinite");
  });

  it("refuses a shifted port range (nft's dnat cannot map it one to one) and a Cisco intent", () => {
    const intent = virtualLabIntent();
    intent.portForwards[2] = { ...intent.portForwards[2]!, outsidePortStart: 20000 };
    assert.throws(() => renderLinux(intent), /keep its port numbers/);
    assert.throws(() => renderLinux({ ...virtualLabIntent(), kind: "cisco-ios" }), RouterIntentError);
  });

  it("maps a single port to another outside port", () => {
    const intent = virtualLabIntent();
    intent.portForwards = [{ ...intent.portForwards[0]!, outsidePortStart: 5080 }];
    assert.match(renderLinux(intent).tables[1]!.text, /udp dport 5080 dnat to 172\.16\.0\.10:5060/);
  });

  it("marks by source port and sets DSCP in the IOS reference style", () => {
    const intent = virtualLabIntent();
    intent.qosPolicies = [
      {
        name: "voice-out",
        fairQueueDefault: false,
        classes: [
          {
            name: "voice-media",
            match: { kind: "source-ports", ports: [{ protocol: "udp", from: 10000, to: 10199 }] },
            bandwidthPercent: 20,
            setDscp: 46,
          },
        ],
      },
    ];
    const d = renderLinux(intent);
    assert.match(d.tables[0]!.text, /oifname "eth0" udp sport 10000-10199 ip dscp set ef\n/);
    assert.match(d.tables[0]!.text, /oifname "eth0" ip dscp ef meta priority set 1:10\n/);
    assert.equal(d.shaping[0]!.defaultLeaf, undefined);
    assert.equal(d.shaping[0]!.classes[0]!.prio, 1);
  });
});
