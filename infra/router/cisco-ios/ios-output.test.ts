import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CTRL_V, escapeForIosCli } from "./cli-escape.ts";
import { iosErrorIn, PROMPT_RE, stripPager } from "./ios-output.ts";

describe("reading IOS output", () => {
  it("finds IOS's refusals and lets notices through", () => {
    const invalid = "ip adress 1.1.1.1\n                      ^\n% Invalid input detected at '^' marker.\n\n";
    assert.equal(iosErrorIn(invalid), "% Invalid input detected at '^' marker.");
    assert.equal(iosErrorIn("ip add\n% Incomplete command.\n"), "% Incomplete command.");
    assert.equal(iosErrorIn('% Ambiguous command:  "i"'), '% Ambiguous command:  "i"');
    assert.equal(iosErrorIn("class X\n% class map X not configured\n"), "% class map X not configured");
    assert.equal(iosErrorIn("% Generating 2048 bit RSA keys, keys will be non-exportable...[OK]"), undefined);
    assert.equal(iosErrorIn("Building configuration...\n[OK]\n"), undefined);
  });

  it("recognises prompts of every mode, and nothing else", () => {
    for (const p of [
      "Router>",
      "lab-router#",
      "r1(config)#",
      "r1(config-pmap-c)#",
      "r1(dhcp-config)#",
      "r(config-std-nacl)#",
    ]) {
      assert.equal(PROMPT_RE.exec(`output\r\n${p}`)?.[1], p);
    }
    assert.equal(PROMPT_RE.test("interface FastEthernet0/0"), false);
    assert.equal(PROMPT_RE.test("lab-router(dhcp-config)#option 160 ascii"), false);
  });

  it("removes the pager and its erasing backspaces", () => {
    assert.equal(
      stripPager(`a\nb\n --More-- ${"\b".repeat(9)}${" ".repeat(9)}${"\b".repeat(9)}c\n`),
      "a\nb\nc\n",
    );
  });

  it("types a `?` after Ctrl-V so IOS takes it literally", () => {
    assert.equal(
      escapeForIosCli('option 160 ascii "http://a/b?c=$MA"'),
      `option 160 ascii "http://a/b${CTRL_V}?c=$MA"`,
    );
  });
});
