import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dialPlanConfig } from "./dial-plan-config.ts";
import { DialPlanRouter, type RouteDecision } from "./dial-plan-router.ts";
import { authenticatedIdentity, type RouteCaller } from "./route-caller.ts";

// The virtual lab's plan (examples/virtual-lab/lab.yaml), plus a second trunk for international.
const router = new DialPlanRouter(
  dialPlanConfig({
    extensions: [
      { number: "100", permissions: "international" },
      { number: "101", permissions: "national" },
      { number: "102", permissions: "national" },
      { number: "103", permissions: "internal" },
    ],
    ringGroups: [{ name: "everyone", number: "600" }],
    ivrMenus: [{ name: "main", number: "700" }],
    conferences: [{ number: "800" }],
    mailboxes: ["100", "101"],
    trunks: [
      {
        name: "provider",
        patterns: ["1555XXXX", "555XXXX", "1NXXNXXXXXX", "1900NXXXXXX", "911"],
        maxCalls: 4,
      },
      { name: "intl", patterns: ["011."], maxCalls: 2, callsPerHour: 10 },
    ],
    emergency: { numbers: ["911", "112"], trunk: "provider" },
  }),
);

const ext = (user: string): RouteCaller => ({
  kind: "extension",
  identity: authenticatedIdentity({ ok: true, user }),
});
const TRUNK: RouteCaller = { kind: "trunk", trunk: "provider" };
const INTERNET: RouteCaller = { kind: "unauthenticated", source: "198.51.100.20" };

type Expect =
  | RouteDecision["kind"]
  | { status: number }
  | { trunk: string; number: string; emergency?: boolean }
  | { trunks: string[] };

const table: Array<[string, RouteCaller, string, Expect]> = [
  // internal destinations
  ["an extension", ext("101"), "100", "extension"],
  ["a ring group", ext("103"), "600", "ring-group"],
  ["the IVR", ext("103"), "700", "ivr"],
  ["a conference room", ext("103"), "800", "conference"],
  ["own voicemail", ext("101"), "*97", "voicemail-access"],
  ["voicemail without a mailbox", ext("102"), "*97", { status: 404 }],
  // outbound, permissions
  ["national from a national extension", ext("101"), "15550199", { trunk: "provider", number: "15550199" }],
  ["local 7 digits", ext("101"), "5550199", { trunk: "provider", number: "5550199" }],
  [
    "E.164 rewritten to the national form",
    ext("101"),
    "+1 212 555 0100",
    { trunk: "provider", number: "12125550100" },
  ],
  ["national from an internal-only extension", ext("103"), "15550199", { status: 403 }],
  ["international from a national extension", ext("101"), "011442079460000", { status: 403 }],
  [
    "international from an international extension",
    ext("100"),
    "011442079460000",
    { trunk: "intl", number: "011442079460000" },
  ],
  [
    "E.164 foreign rewritten to 011",
    ext("100"),
    "+44 20 7946 0000",
    { trunk: "intl", number: "011442079460000" },
  ],
  ["premium-rate, even from an international extension", ext("100"), "19005551234", { status: 403 }],
  // emergency: always, whatever the permissions
  [
    "911 from an internal-only extension",
    ext("103"),
    "911",
    { trunk: "provider", number: "911", emergency: true },
  ],
  ["112 with no pattern anywhere still goes out", ext("103"), "112", { trunks: ["provider", "intl"] }],
  // incomplete and unknown numbers
  ["too few digits", ext("101"), "1555", { status: 484 }],
  ["an unknown short number", ext("101"), "4", { status: 404 }],
  ["nothing dialled", ext("101"), "", { status: 484 }],
  ["not a number", ext("101"), "alice", { status: 404 }],
  // who may call at all: the toll-fraud path
  ["the internet dials a PSTN number", INTERNET, "15550199", { status: 403 }],
  ["the internet dials an international number", INTERNET, "011442079460000", { status: 403 }],
  ["the internet dials an extension", INTERNET, "100", { status: 403 }],
  ["the internet dials 911", INTERNET, "911", { status: 403 }],
  ["an authenticated user that is no extension", ext("999"), "15550199", { status: 403 }],
  ["a trunk caller reaches an extension (IVR dial-through)", TRUNK, "100", "extension"],
  ["a trunk caller cannot hairpin out", TRUNK, "15550199", { status: 403 }],
  ["a trunk caller cannot dial international", TRUNK, "011442079460000", { status: 403 }],
  ["a trunk caller cannot reach voicemail access", TRUNK, "*97", { status: 403 }],
];

describe("DialPlanRouter", () => {
  for (const [what, caller, dialled, expected] of table) {
    it(`${what}: ${dialled || "(empty)"}`, () => {
      const d = router.route(caller, dialled);
      if (typeof expected === "string") assert.equal(d.kind, expected, JSON.stringify(d));
      else if ("status" in expected) {
        assert.equal(d.kind, "refused", JSON.stringify(d));
        assert.equal(d.kind === "refused" && d.status, expected.status, JSON.stringify(d));
        assert.ok(d.kind === "refused" && d.reason.length > 0);
      } else if ("trunks" in expected) {
        assert.equal(d.kind, "outbound", JSON.stringify(d));
        assert.deepEqual(d.kind === "outbound" && d.candidates.map((c) => c.trunk), expected.trunks);
      } else {
        assert.equal(d.kind, "outbound", JSON.stringify(d));
        if (d.kind !== "outbound") return;
        assert.deepEqual(d.candidates[0], { trunk: expected.trunk, number: expected.number });
        assert.equal(d.emergency, expected.emergency ?? false);
      }
    });
  }

  it("authenticatedIdentity refuses a failed authentication result", () => {
    assert.throws(
      () => authenticatedIdentity({ ok: false, user: "100" } as unknown as { ok: true; user: string }),
      TypeError,
    );
    assert.throws(() => authenticatedIdentity({ ok: true, user: "" }), TypeError);
  });

  it("premium-rate numbers go out only when the site allows them", () => {
    const open = new DialPlanRouter(
      dialPlanConfig({
        extensions: [{ number: "100", permissions: "national" }],
        trunks: [{ name: "t", patterns: ["1NXXNXXXXXX"], maxCalls: 1 }],
        allowPremium: true,
      }),
    );
    assert.equal(open.route(ext("100"), "19005551234").kind, "outbound");
  });

  it("an emergency call with no trunk at all is refused 503, not silently dropped", () => {
    const none = new DialPlanRouter(
      dialPlanConfig({
        extensions: [{ number: "100", permissions: "internal" }],
        emergency: { numbers: ["911"] },
      }),
    );
    const d = none.route(ext("100"), "911");
    assert.equal(d.kind === "refused" && d.status, 503);
  });
});
