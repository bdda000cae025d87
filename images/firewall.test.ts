import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { renderNftables } from "./firewall.ts";
import { testRecipe } from "./test-recipe.ts";

describe("nftables ruleset", () => {
  const r = testRecipe();
  const t = renderNftables(r);

  it("names no protocol by /etc/protocols (the image has no netbase)", () => {
    assert.doesNotMatch(t, /l4proto [a-z]/);
  });

  it("drops by default and opens SIP and RTP to everyone", () => {
    assert.match(t, /type filter hook input priority filter; policy drop;/);
    assert.match(t, /^ {4}udp dport 5060 accept/m);
    assert.match(t, /^ {4}tcp dport 5060 accept/m);
    assert.match(t, /^ {4}udp dport 10000-10999 accept/m);
  });

  it("opens SSH, provisioning HTTP, the admin API and TFTP to the LAN only", () => {
    assert.match(t, /ip saddr @lan4 tcp dport \{ 22, 8080, 8443 \} accept/);
    assert.match(t, /ip6 saddr @lan6 tcp dport \{ 22, 8080, 8443 \} accept/);
    assert.match(t, /ip saddr @lan4 udp dport 69 ct helper set "tftp" accept/);
    assert.match(
      t,
      /set lan4 \{ type ipv4_addr; flags interval; elements = \{ 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16 \} \}/,
    );
    assert.doesNotMatch(t, /^ {4}tcp dport 22 accept/m);
  });

  it("marks the appliance's outgoing SIP and RTP with the recipe's DSCP", () => {
    assert.match(t, /udp sport 5060 ip dscp set 24/);
    assert.match(t, /tcp sport 5060 ip dscp set 24/);
    assert.match(t, /udp sport 10000-10999 ip dscp set 46/);
    assert.match(t, /udp sport 10000-10999 ip6 dscp set 46/);
    const af41 = renderNftables(testRecipe((d) => ({ ...d, dscp: { sip: 26, rtp: 34 } })));
    assert.match(af41, /udp sport 10000-10999 ip dscp set 34/);
    assert.match(af41, /udp sport 5060 ip dscp set 26/);
  });

  it("leaves out disabled transports and TFTP", () => {
    const t2 = renderNftables(
      testRecipe((d) => ({ ...d, ports: { ...d.ports, sipTcp: undefined, sipTls: 5061, tftp: false } })),
    );
    assert.match(t2, /tcp dport 5061 accept/);
    assert.doesNotMatch(t2, /tcp dport 5060/);
    assert.doesNotMatch(t2, /tftp/);
  });

  // nft's own parser, when the host has it and may use it (root): the syntax, not just the text.
  const nft = spawnSync("nft", ["--version"]);
  const canCheck = nft.status === 0 && process.getuid?.() === 0;
  it("is accepted by nft --check", { skip: canCheck ? false : "needs nft and root" }, () => {
    const dir = mkdtempSync(join(tmpdir(), "pibx-nft-"));
    const file = join(dir, "nftables.conf");
    // --check runs in a throwaway network namespace so the host's ruleset is never touched.
    writeFileSync(file, t.replace("flush ruleset\n", ""));
    const res = spawnSync("unshare", ["--net", "nft", "--check", "-f", file], { encoding: "utf8" });
    assert.equal(res.status, 0, res.stderr);
  });
});
