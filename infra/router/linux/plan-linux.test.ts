import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LinuxActualState } from "./linux-actual-state.ts";
import { describeLinuxPlan } from "./linux-plan.ts";
import { baselineOf, lineDiff, planLinux, planLinuxRemoval } from "./plan-linux.ts";
import { renderLinux } from "./render-linux.ts";
import { convergedState, virtualLabIntent } from "./testdata/virtual-lab-intent.ts";

const desired = renderLinux(virtualLabIntent());

function bare(): LinuxActualState {
  return {
    tables: [{ family: "inet", name: "firewalld" }],
    tableText: {},
    dnsmasq: {},
    tc: { eth0: { root: { kind: "noqueue", handle: "0:" }, leaves: [], classes: [], filterCount: 0 } },
    links: [
      { name: "eth0", up: true, inet: [{ address: "192.168.1.57", prefixLength: 24 }] },
      { name: "eth1", up: false, inet: [] },
    ],
    defaultGateways: [],
    ipForward: false,
  };
}

describe("planLinux", () => {
  it("converges a bare router in dependency order", () => {
    const plan = planLinux(desired, bare());
    assert.deepEqual(
      plan.steps.map((s) => `${s.action} ${s.piece}`),
      [
        "update ip_forward",
        "update address eth1",
        "update address eth0",
        "create default route",
        "create nft inet pibx",
        "create nft ip pibx_nat",
        "create tc eth0",
        "create dnsmasq",
      ],
    );
    const eth0 = plan.steps.find((s) => s.piece === "address eth0")!;
    // The old primary goes first: deleting it would take a newer secondary address with it.
    assert.match(
      eth0.script,
      /ip addr del 192\.168\.1\.57\/24 dev eth0\nip addr add 192\.168\.1\.2\/24 dev eth0/,
    );
    assert.match(plan.steps.find((s) => s.piece === "address eth1")!.script, /ip link set dev eth1 up/);
    const dnsmasq = plan.steps.at(-1)!;
    assert.match(dnsmasq.script, /dnsmasq --test --conf-file=\/etc\/pibx\/dnsmasq\.conf\.pibx-new/);
    assert.match(
      dnsmasq.script,
      /dhcp-option=tag:lab,160,"http:\/\/172\.16\.0\.10\/prov\/\$PN\/\$MA\.xml"\n/,
    );
    for (const s of plan.steps) assert.match(s.script, /^set -eu\n/);
  });

  it("plans nothing for a converged router, whatever foreign tables it has", () => {
    assert.deepEqual(planLinux(desired, convergedState(desired)).steps, []);
  });

  it("notices a hand-made rule in an owned table and replaces the table", () => {
    const have = convergedState(desired);
    have.tableText["inet pibx"] = have.tableText["inet pibx"]!.replace(
      "ct state established,related accept\n",
      'ct state established,related accept\n\t\tiifname "eth0" tcp dport 22 accept\n',
    );
    const plan = planLinux(desired, have);
    assert.equal(plan.steps.length, 1);
    assert.equal(plan.steps[0]!.piece, "nft inet pibx");
    assert.deepEqual(plan.steps[0]!.detail, ['- iifname "eth0" tcp dport 22 accept']);
    assert.match(plan.steps[0]!.script, /nft -f - <<'PIBX_EOF'\ntable inet pibx\ndelete table inet pibx\n/);
    assert.match(
      describeLinuxPlan(plan),
      /^~ nft inet pibx \(update\)\n {4}- iifname "eth0" tcp dport 22 accept$/,
    );
  });

  it("deletes an owned table the intent no longer needs", () => {
    const lean = { ...desired, tables: desired.tables.slice(0, 1) };
    const plan = planLinux(lean, convergedState(desired));
    assert.deepEqual(
      plan.steps.map((s) => [s.piece, s.action, s.script]),
      [["nft ip pibx_nat", "delete", "set -eu\nnft delete table ip pibx_nat\n"]],
    );
  });

  it("restarts dnsmasq only when its file changed, and starts it when it is not running", () => {
    const stopped = convergedState(desired);
    stopped.dnsmasq = { content: desired.dnsmasq!.content };
    assert.deepEqual(
      planLinux(desired, stopped).steps.map((s) => [s.piece, s.action]),
      [["dnsmasq", "start"]],
    );
    const edited = convergedState(desired);
    edited.dnsmasq.content = edited.dnsmasq.content!.replace(
      "option:router,172.16.0.1",
      "option:router,172.16.0.254",
    );
    const step = planLinux(desired, edited).steps[0]!;
    assert.equal(step.action, "update");
    assert.deepEqual(step.detail, [
      "- dhcp-option=tag:lab,option:router,172.16.0.254",
      "+ dhcp-option=tag:lab,option:router,172.16.0.1",
    ]);
  });

  it("rebuilds the HTB tree when a rate or a filter differs", () => {
    const have = convergedState(desired);
    have.tc.eth0!.classes[1]!.rateBits = 10_000_000;
    have.tc.eth0!.filterCount = 1;
    const step = planLinux(desired, have).steps[0]!;
    assert.equal(step.piece, "tc eth0");
    assert.deepEqual(step.detail, [
      "class 1:10: rate 10000000bit, want 20000kbit",
      "- 1 filter(s) (pibx classifies in nftables)",
    ]);
    assert.match(
      step.script,
      /tc qdisc del dev eth0 root 2>\/dev\/null \|\| true\ntc qdisc add dev eth0 root handle 1: htb default 30/,
    );
  });

  it("replaces a wrong default route", () => {
    const have = convergedState(desired);
    have.defaultGateways = ["192.168.1.254"];
    const step = planLinux(desired, have).steps[0]!;
    assert.deepEqual(
      [step.piece, step.detail],
      ["default route", ["via 192.168.1.1, was via 192.168.1.254"]],
    );
  });
});

describe("planLinuxRemoval", () => {
  it("removes exactly what pibx owns and puts ip_forward and the route back", () => {
    const baseline = baselineOf(bare());
    const have = convergedState(desired);
    const plan = planLinuxRemoval(desired.paths, ["eth0"], have, {
      ...baseline,
      defaultGateways: ["192.168.1.254"],
    });
    assert.deepEqual(
      plan.steps.map((s) => `${s.action} ${s.piece}`),
      [
        "delete nft inet pibx",
        "delete nft ip pibx_nat",
        "delete tc eth0",
        "delete dnsmasq",
        "update default route",
        "update ip_forward",
      ],
    );
    assert.doesNotMatch(plan.steps.map((s) => s.script).join(""), /firewalld|ip addr/);
    const dnsmasq = plan.steps.find((s) => s.piece === "dnsmasq")!.script;
    for (const d of ["/etc/pibx", "/run/pibx", "/var/lib/pibx"])
      assert.ok(dnsmasq.includes(`rmdir ${d} 2>/dev/null || true`), `${d} removed once empty`);
  });

  it("plans nothing on a router pibx never touched", () => {
    assert.deepEqual(planLinuxRemoval(desired.paths, ["eth0"], bare()).steps, []);
  });
});

describe("lineDiff", () => {
  it("reports reordered rules", () => {
    assert.deepEqual(lineDiff(["a", "b"], ["b", "a"]), ["~ rule order differs"]);
    assert.deepEqual(lineDiff(["a", "a"], ["a"]), ["- a"]);
  });
});
