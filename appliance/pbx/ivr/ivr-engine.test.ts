import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, StateError } from "../../base/index.ts";
import { FakePromptPlayer } from "../../prompts/fake-prompt-player.ts";
import { type IvrDecision, IvrEngine } from "./ivr-engine.ts";
import { announcedOptions, type IvrMenuConfig, ivrMenuFromConfig } from "./ivr-menu-config.ts";

// The reference lab's menu (examples/home-lab/lab.yaml), as the appliance config carries it.
const main = ivrMenuFromConfig({
  name: "main",
  number: "700",
  greeting: { say: "Thanks for calling the home lab. For Alice, press 1. For the operator, press 1 3." },
  options: {
    "1": { destination: { extension: "101" }, hidden: false },
    "13": { destination: { extension: "100" }, hidden: false },
    "9": { destination: { extension: "102" }, hidden: true },
    "0": { destination: { voicemail: "100" }, hidden: false },
    "5": { destination: { ivr: "sales" }, hidden: false },
    "6": { destination: { ivr: "loop-a" }, hidden: false },
    "8": { destination: { hangup: true }, hidden: false },
  },
  firstDigitTimeoutSeconds: 5,
  interDigitTimeoutSeconds: 2,
  retries: 2,
  onInvalid: { voicemail: "100" },
  onTimeout: { ringGroup: "everyone" },
  dialByExtension: false,
});

const sales: IvrMenuConfig = {
  name: "sales",
  greeting: "ivr:sales",
  options: {
    "1": { destination: { conference: "800" }, hidden: false },
    "*": { destination: { ivr: "main" }, hidden: false },
  },
  firstDigitTimeoutMs: 4000,
  interDigitTimeoutMs: 2000,
  retries: 0,
  dialByExtension: true,
};
const loopA: IvrMenuConfig = { ...sales, name: "loop-a", options: {}, onTimeout: { ivr: "loop-b" } };
const loopB: IvrMenuConfig = { ...sales, name: "loop-b", options: {}, onTimeout: { ivr: "loop-a" } };

function setup(menus: IvrMenuConfig[] = [main, sales, loopA, loopB], clock = new ManualClock()) {
  const player = new FakePromptPlayer();
  const ivr = new IvrEngine({
    clock,
    player,
    menus,
    timeZone: "America/New_York",
    extensions: ["100", "101", "102", "103"],
  });
  const decisions: IvrDecision[] = [];
  ivr.on("decision", (d) => decisions.push(d));
  return { clock, player, ivr, decisions };
}

test('"1" alone → after the inter-digit timeout, extension 101', () => {
  const { clock, player, ivr, decisions } = setup();
  ivr.start("main");
  assert.deepEqual(player.heard, ["ivr:main"]);
  player.complete();
  ivr.digit("1");
  clock.advance(1999);
  assert.equal(decisions.length, 0, "still waiting for a possible 3");
  clock.advance(1);
  assert.deepEqual(decisions, [{ route: { extension: "101" } }]);
  assert.equal(clock.pending, 0);
});

test('"1","3" → extension 100 immediately', () => {
  const { clock, player, ivr, decisions } = setup();
  ivr.start("main");
  player.complete();
  ivr.digit("1");
  clock.advance(500);
  ivr.digit("3");
  assert.deepEqual(decisions, [{ route: { extension: "100" } }]);
  assert.equal(ivr.state, "done");
});

test('"1","#" → 101 at once: # terminates input', () => {
  const { player, ivr, decisions } = setup();
  ivr.start("main");
  player.complete();
  ivr.digit("1");
  ivr.digit("#");
  assert.deepEqual(decisions, [{ route: { extension: "101" } }]);
});

test('hidden "9" works, barging into the greeting', () => {
  const { player, ivr, decisions } = setup();
  ivr.start("main");
  ivr.digit("9");
  assert.equal(player.plays[0]!.outcome, "interrupted");
  assert.deepEqual(decisions, [{ route: { extension: "102" } }]);
});

test("barge-in: a digit during the greeting stops it and counts", () => {
  const { clock, player, ivr, decisions } = setup();
  ivr.start("main");
  ivr.digit("1");
  assert.equal(player.plays[0]!.outcome, "interrupted");
  assert.equal(ivr.state, "collecting");
  ivr.digit("3");
  assert.deepEqual(decisions, [{ route: { extension: "100" } }]);
  clock.runAll();
  assert.equal(decisions.length, 1);
});

test("timeout path: retries replay the greeting, then the timeout destination", () => {
  const { clock, player, ivr, decisions } = setup();
  ivr.start("main");
  for (let i = 0; i < 3; i++) {
    player.complete();
    clock.advance(4999);
    assert.equal(decisions.length, 0);
    clock.advance(1);
  }
  assert.deepEqual(player.heard, ["ivr:main", "ivr:main", "ivr:main"]);
  assert.deepEqual(decisions, [{ route: { ringGroup: "everyone" } }]);
});

test("invalid path: 'invalid option' + greeting per retry, then onInvalid", () => {
  const { player, ivr, decisions } = setup();
  const invalid: string[] = [];
  ivr.on("invalid", (d) => invalid.push(d));
  ivr.start("main");
  player.complete();
  ivr.digit("4"); // cannot grow into any option: invalid at once
  assert.deepEqual(player.last!.items, ["ivr-invalid-option", "ivr:main"]);
  ivr.digit("7"); // barge into the replay
  player.complete();
  ivr.digit("#"); // nothing entered
  assert.deepEqual(invalid, ["4", "7", ""]);
  assert.deepEqual(decisions, [{ route: { voicemail: "100" } }]);
});

test("a valid entry after one invalid one still routes", () => {
  const { player, ivr, decisions } = setup();
  ivr.start("main");
  player.complete();
  ivr.digit("4");
  player.complete();
  ivr.digit("0");
  assert.deepEqual(decisions, [{ route: { voicemail: "100" } }]);
});

test("sub-menu, dial-by-extension inside it, and back to main with *", () => {
  const { clock, player, ivr, decisions } = setup();
  const menus: string[] = [];
  ivr.on("menu", (m) => menus.push(m));
  ivr.start("main");
  ivr.digit("5");
  assert.equal(ivr.currentMenu, "sales");
  ivr.digit("*");
  assert.equal(ivr.currentMenu, "main");
  ivr.digit("5");
  player.complete();
  ivr.digit("1"); // "1" is an option, and also the start of 100–103: wait
  ivr.digit("0");
  ivr.digit("3");
  assert.deepEqual(decisions, [{ route: { extension: "103" } }]);
  assert.deepEqual(menus, ["main", "sales", "main", "sales"]);
  clock.runAll();
});

test("sub-menu: option 1 chosen after the inter-digit timeout when extensions start with 1", () => {
  const { clock, ivr, decisions } = setup();
  ivr.start("sales");
  ivr.digit("1");
  clock.advance(2000);
  assert.deepEqual(decisions, [{ route: { conference: "800" } }]);
});

test("menu loop guard: a → b → a … ends with hangup menu-loop", () => {
  const { clock, player, ivr, decisions } = setup();
  ivr.start("main");
  ivr.digit("6");
  for (let i = 0; i < 20 && decisions.length === 0; i++) {
    player.complete();
    clock.advance(4000);
  }
  assert.deepEqual(decisions, [{ hangup: "menu-loop" }]);
});

test("hang-up destination, caller hang-up, unknown menu", () => {
  const a = setup();
  a.ivr.start("main");
  a.ivr.digit("8");
  assert.deepEqual(a.decisions, [{ hangup: "destination" }]);
  const b = setup();
  b.ivr.start("main");
  b.ivr.handle({ type: "hangup" });
  assert.deepEqual(b.decisions, [{ hangup: "caller-hangup" }]);
  assert.equal(b.player.plays[0]!.outcome, "interrupted");
  b.ivr.close();
  assert.equal(b.decisions.length, 1);
  const c = setup();
  c.ivr.start("nope");
  assert.deepEqual(c.decisions, [{ hangup: "unknown-menu" }]);
});

test("illegal edges are StateErrors", () => {
  const { ivr } = setup();
  ivr.start("main");
  assert.throws(() => ivr.handle({ type: "interDigitTimeout" }), StateError);
});

test("a player that completes synchronously does not confuse the machine", () => {
  const clock = new ManualClock();
  const ivr = new IvrEngine({
    clock,
    timeZone: "UTC",
    menus: [main],
    player: {
      play: (_i, done) => {
        done("completed");
        return { stop() {} };
      },
    },
  });
  const decisions: IvrDecision[] = [];
  ivr.on("decision", (d) => decisions.push(d));
  ivr.start("main");
  assert.equal(ivr.state, "collecting");
  clock.runAll();
  assert.deepEqual(decisions, [{ route: { ringGroup: "everyone" } }]);
});

const hoursMenu: IvrMenuConfig = {
  ...sales,
  name: "front",
  options: { "1": { destination: { extension: "101" }, hidden: false } },
  hours: {
    weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }],
    holidays: ["2026-12-25"],
    afterHours: { voicemail: "100" },
  },
};

function atInstant(iso: string) {
  // ManualClock's wallTime is epoch + now: put the epoch at the instant.
  return setup([hoursMenu], new ManualClock(0, Date.parse(iso)));
}

test("business hours: open on a weekday at 10:00 New York time", () => {
  const { player, ivr, decisions } = atInstant("2026-12-23T15:00:00Z"); // Wed 10:00 EST
  ivr.start("front");
  assert.equal(decisions.length, 0);
  assert.deepEqual(player.heard, ["ivr:sales"]);
});

test("after hours: 18:00 New York time goes to afterHours without a greeting", () => {
  const { player, ivr, decisions } = atInstant("2026-12-23T23:00:00Z"); // Wed 18:00 EST
  ivr.start("front");
  assert.deepEqual(decisions, [{ route: { voicemail: "100" } }]);
  assert.equal(player.plays.length, 0);
});

test("holiday: Christmas at 10:00 local is closed", () => {
  const { ivr, decisions } = atInstant("2026-12-25T15:00:00Z");
  ivr.start("front");
  assert.deepEqual(decisions, [{ route: { voicemail: "100" } }]);
});

test("hidden options are not announced; '#' can itself be an option", () => {
  assert.deepEqual(announcedOptions(main), ["0", "1", "13", "5", "6", "8"]);
  const pound: IvrMenuConfig = {
    ...sales,
    name: "pound",
    options: {
      "#": { destination: { extension: "100" }, hidden: false },
      "2": { destination: { extension: "101" }, hidden: false },
    },
  };
  const { player, ivr, decisions } = setup([pound]);
  ivr.start("pound");
  player.complete();
  ivr.digit("#");
  assert.deepEqual(decisions, [{ route: { extension: "100" } }]);
});

test("dial-by-extension: an extension number routes there, options win over extensions", () => {
  const menu: IvrMenuConfig = {
    ...sales,
    name: "ext",
    options: { "101": { destination: { voicemail: "101" }, hidden: false } },
  };
  const a = setup([menu]);
  a.ivr.start("ext");
  for (const d of "102") a.ivr.digit(d);
  assert.deepEqual(a.decisions, [{ route: { extension: "102" } }]);
  const b = setup([menu]);
  b.ivr.start("ext");
  for (const d of "101") b.ivr.digit(d);
  assert.deepEqual(b.decisions, [{ route: { voicemail: "101" } }]);
  const c = setup([menu]);
  c.ivr.start("ext");
  for (const d of "109") c.ivr.digit(d); // not an extension: invalid at once; no retries left
  assert.deepEqual(c.decisions, [{ hangup: "destination" }]);
});
