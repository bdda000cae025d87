import assert from "node:assert/strict";
import { test } from "node:test";
import type { IvrMenu } from "../generated/lab.ts";
import { checkIvrPrefixes, prefixPairs } from "./ivr-prefixes.ts";
import { labForTests } from "./lab-for-tests.ts";

function menu(options: string[], extra: Partial<IvrMenu> = {}): IvrMenu {
  return {
    name: "main",
    greeting: { say: "Hi" },
    options: Object.fromEntries(options.map((o) => [o, { destination: { hangup: true }, hidden: false }])),
    firstDigitTimeout: 5,
    retries: 2,
    dialByExtension: false,
    ...extra,
  };
}

test("prefix pairs", () => {
  assert.deepEqual(prefixPairs(["1", "13", "2", "134"]), [
    ["1", "13"],
    ["1", "134"],
    ["13", "134"],
  ]);
  assert.deepEqual(prefixPairs(["1", "2", "30"]), []);
});

test('"1" and "13" need an inter-digit timeout', () => {
  const lab = labForTests();
  lab.ivrMenus.push(menu(["1", "13", "0"]));
  assert.deepEqual(checkIvrPrefixes(lab), [
    {
      path: ["ivrMenus", 0, "options"],
      message:
        '"1" and "13" start alike: set interDigitTimeout (seconds to wait after "1" for a further digit)',
      severity: "error",
      atKey: true,
    },
  ]);
  lab.ivrMenus[0]!.interDigitTimeout = 2;
  assert.deepEqual(checkIvrPrefixes(lab), []);
});

test("dial-by-extension adds the extension numbers", () => {
  const lab = labForTests();
  lab.ivrMenus.push(menu(["1", "2"]));
  assert.deepEqual(checkIvrPrefixes(lab), []);
  lab.ivrMenus[0]!.dialByExtension = true;
  assert.match(checkIvrPrefixes(lab)[0]!.message, /^"1" and "100", "1" and "101" start alike/);
});
