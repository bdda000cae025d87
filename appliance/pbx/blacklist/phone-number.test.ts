import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DialingConventions, dialString, NANP, normaliseNumber } from "./phone-number.ts";

const FRANCE: DialingConventions = { countryCode: "33", nationalPrefix: "0", internationalPrefix: "00" };

describe("normaliseNumber", () => {
  const cases: Array<[string, DialingConventions, string | undefined]> = [
    // NANP: one number, however it is written
    ["+1 555 0100", NANP, "5550100"],
    ["15550100", NANP, "5550100"],
    ["5550100", NANP, "5550100"],
    ["1-555-0100", NANP, "5550100"],
    ["(555) 010.0", NANP, "5550100"],
    ["+15550100", NANP, "5550100"],
    ["011 1 555 0100", NANP, "5550100"],
    ["+1 (212) 555-0100", NANP, "2125550100"],
    ["12125550100", NANP, "2125550100"],
    // foreign numbers keep + and their country code, whichever way they were dialled
    ["+44 20 7946 0000", NANP, "+442079460000"],
    ["011 44 20 7946 0000", NANP, "+442079460000"],
    // the site's own conventions elsewhere
    ["+33 1 23 45 67 89", FRANCE, "123456789"],
    ["01 23 45 67 89", FRANCE, "123456789"],
    ["0033123456789", FRANCE, "123456789"],
    ["+1 555 0100", FRANCE, "+15550100"],
    // service codes and non-numbers
    ["*97", NANP, "*97"],
    ["1", NANP, "1"],
    ["+", NANP, undefined],
    ["anonymous", NANP, undefined],
    ["", NANP, undefined],
  ];
  for (const [raw, d, expected] of cases) {
    it(`${JSON.stringify(raw)} (${d.countryCode}) → ${expected}`, () =>
      assert.equal(normaliseNumber(raw, d), expected));
  }

  it("dialString keeps digits, * # and a leading + only", () => {
    assert.equal(dialString(" +1 (555) 010-0 "), "+15550100");
    assert.equal(dialString("12+3"), undefined);
    assert.equal(dialString("sip:100"), undefined);
  });
});
