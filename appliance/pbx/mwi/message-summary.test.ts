import assert from "node:assert/strict";
import { test } from "node:test";
import { ParseError } from "../../base/index.ts";
import { buildMessageSummary, parseMessageSummary } from "./message-summary.ts";

test("golden body (RFC 3842 §5.2 layout)", () => {
  assert.equal(
    buildMessageSummary({
      account: "sip:100@pbx.home.arpa",
      voice: { new: 2, old: 8, urgentNew: 0, urgentOld: 2 },
    }),
    "Messages-Waiting: yes\r\nMessage-Account: sip:100@pbx.home.arpa\r\nVoice-Message: 2/8 (0/2)\r\n",
  );
  assert.equal(
    buildMessageSummary({ voice: { new: 0, old: 3 } }),
    "Messages-Waiting: no\r\nVoice-Message: 0/3\r\n",
  );
});

test("parses the RFC 3842 §6 example and lenient variants", () => {
  const body =
    "Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\n" +
    "Voice-Message: 4/8 (1/2)\r\nFax-Message: 0/1\r\n\r\nTo: <alice@atlanta.example.com>\r\n";
  assert.deepEqual(parseMessageSummary(body), {
    waiting: true,
    account: "sip:alice@vmail.example.com",
    counts: {
      "voice-message": { new: 4, old: 8, urgentNew: 1, urgentOld: 2 },
      "fax-message": { new: 0, old: 1 },
    },
  });
  assert.deepEqual(parseMessageSummary("messages-waiting:NO\nvoice-message: 0 / 0\n"), {
    waiting: false,
    counts: { "voice-message": { new: 0, old: 0 } },
  });
});

test("round trip", () => {
  for (const voice of [
    { new: 0, old: 0 },
    { new: 5, old: 1 },
    { new: 1, old: 2, urgentNew: 1, urgentOld: 0 },
  ]) {
    const p = parseMessageSummary(buildMessageSummary({ account: "sip:1@x", voice }));
    assert.deepEqual(p.counts["voice-message"], voice);
    assert.equal(p.waiting, voice.new > 0);
  }
});

test("malformed bodies are ParseErrors", () => {
  assert.throws(() => parseMessageSummary("Voice-Message: 1/2\r\n"), ParseError);
  assert.throws(() => parseMessageSummary("Messages-Waiting: maybe\r\n"), ParseError);
  assert.throws(() => parseMessageSummary("Messages-Waiting: yes\r\nVoice-Message: a/b\r\n"), ParseError);
  assert.throws(() => parseMessageSummary(""), ParseError);
  assert.throws(() => buildMessageSummary({ voice: { new: -1, old: 0 } }), RangeError);
});
