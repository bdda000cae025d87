import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { requireLab } from "../../../schemas/index.ts";
import { deriveRouterIntent } from "../derive-router-intent.ts";
import { RouterIntentError } from "../router-errors.ts";
import { homeLabIntent } from "../testdata/home-lab-intent.ts";
import { renderBootstrapSnippet } from "./bootstrap-snippet.ts";
import { renderIos } from "./render-ios.ts";
import { renderIosText } from "./render-ios-text.ts";

const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url);

/** Compares with the golden file; PIBX_UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
function assertGolden(name: string, actual: string): void {
  if (process.env.PIBX_UPDATE_GOLDEN === "1") writeFileSync(golden(name), actual);
  assert.equal(actual, readFileSync(golden(name), "utf8"));
}

describe("renderIos", () => {
  it("renders the reference lab (derived from examples/home-lab) as in the golden file", () => {
    const lab = requireLab(new URL("../../../examples/home-lab/lab.yaml", import.meta.url).pathname);
    assertGolden("home-lab.ios.txt", renderIosText(renderIos(deriveRouterIntent(lab)!)));
  });

  it("renders the console bootstrap snippet as in the golden file", () => {
    assertGolden("home-lab.bootstrap.txt", renderBootstrapSnippet(homeLabIntent()));
  });

  it("orders sections so each depends only on earlier ones", () => {
    const kinds = renderIos(homeLabIntent()).sections.map((s) => s.kind);
    const order = [
      "acl",
      "class-map",
      "policy-map",
      "dhcp-excluded",
      "dhcp-pool",
      "interface",
      "nat",
      "dns",
      "route",
    ];
    assert.deepEqual([...new Set(kinds)], order);
  });

  it("renders the reference lab's own QoS style: ports matched through an ACL, bandwidth, set dscp", () => {
    const intent = homeLabIntent();
    intent.qosPolicies[0]!.classes = [
      {
        name: "voice-media",
        match: { kind: "source-ports", ports: [{ protocol: "udp", from: 10000, to: 10199 }] },
        bandwidthPercent: 20,
        setDscp: 46,
      },
      {
        name: "voice-signalling",
        match: {
          kind: "source-ports",
          ports: [
            { protocol: "udp", from: 5060, to: 5060 },
            { protocol: "tcp", from: 5060, to: 5060 },
          ],
        },
        bandwidthPercent: 5,
        setDscp: 24,
      },
    ];
    const text = renderIosText(renderIos(intent));
    assert.match(
      text,
      /ip access-list extended PIBX-VOICE-MEDIA-PORTS\n permit udp any range 10000 10199 any\n/,
    );
    assert.match(text, /permit udp any eq 5060 any\n permit tcp any eq 5060 any\n/);
    assert.match(
      text,
      /class-map match-any PIBX-VOICE-MEDIA\n match access-group name PIBX-VOICE-MEDIA-PORTS\n/,
    );
    assert.match(text, /class PIBX-VOICE-MEDIA\n {2}bandwidth percent 20\n {2}set dscp ef\n/);
    assert.match(text, /class PIBX-VOICE-SIGNALLING\n {2}bandwidth percent 5\n {2}set dscp cs3\n/);
  });

  it("renders a non-default lease and leaves the default (1 day) out", () => {
    const intent = homeLabIntent();
    assert.doesNotMatch(renderIosText(renderIos(intent)), /lease/);
    intent.dhcpPools[0]!.lease = { days: 0, hours: 8, minutes: 0 };
    assert.match(renderIosText(renderIos(intent)), /\n lease 0 8\n/);
    intent.dhcpPools[0]!.lease = "infinite";
    assert.match(renderIosText(renderIos(intent)), /\n lease infinite\n/);
  });

  it("refuses an RTP range wider than one static entry per port allows", () => {
    const intent = homeLabIntent();
    intent.portForwards[1]!.ports = { from: 10000, to: 20000 };
    assert.throws(
      () => renderIos(intent),
      (e) => e instanceof RouterIntentError && /narrow the appliance's RTP/.test(e.message),
    );
  });

  it("refuses more than 75% reserved bandwidth, and priority with bandwidth in one class", () => {
    const intent = homeLabIntent();
    intent.qosPolicies[0]!.classes[0]!.priorityPercent = 80;
    assert.throws(() => renderIos(intent), RouterIntentError);
    const both = homeLabIntent();
    both.qosPolicies[0]!.classes[0]!.bandwidthPercent = 5;
    assert.throws(() => renderIos(both), /either priority or bandwidth/);
  });

  it("refuses an ascii option IOS cannot carry", () => {
    const intent = homeLabIntent();
    intent.dhcpPools[0]!.options[2] = { code: 160, kind: "ascii", value: 'http://x/"a"' };
    assert.throws(
      () => renderIos(intent),
      (e) => e instanceof RouterIntentError && e.path === "dhcpPools[0].options[2]",
    );
  });
});
