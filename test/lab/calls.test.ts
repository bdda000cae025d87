// Two real baresip phones on the "internet" call each other through the provider's Kamailio, each
// playing a tone; what each end recorded must be the other end's tone.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dominantFrequency, isSilent } from "./audio.ts";
import { status } from "./lab.ts";
import { notRoot, withLab } from "./lab-fixture.ts";
import { Phone } from "./phone.ts";
import { sleep } from "./sleep.ts";
import { addressOf } from "./topology.ts";

describe("calls between the internet phones through the provider", { skip: notRoot }, () => {
  const lab = withLab();

  it("status: every box present with its addresses, every daemon healthy (answers its protocol)", async () => {
    const s = await status();
    assert.equal(s.up, true);
    const daemons = s.boxes.flatMap((b) => b.daemons.map((d) => `${b.box}/${d.name}:${d.healthy}`));
    assert.deepEqual(daemons.sort(), [
      "desk-phone/dhclient:true",
      "home-router/miniupnpd:true",
      "lab-router/sshd:true",
      "lte-phone/baresip:true",
      "pi/sshd:true",
      "provider/kamailio:true",
      "provider/stun:true",
      "pstn/baresip:true",
    ]);
    const home = s.boxes.find((b) => b.box === "home-router");
    assert.deepEqual(home?.addresses, ["pibx-hr-wan 203.0.113.2/24", "pibx-hr-lan 192.168.1.1/24"]);
  });

  for (const [caller, callee] of [
    ["pstn", "lte-phone"],
    ["lte-phone", "pstn"],
  ] as const) {
    it(`${caller} calls ${callee} via Kamailio, audio flows both ways`, async () => {
      const { settings } = lab();
      const from = await Phone.connect(caller);
      const to = await Phone.connect(callee);
      try {
        const fromMark = from.mark();
        const toMark = to.mark();
        const number = callee === "pstn" ? settings.pstn.username : settings.ltePhone.username;
        await from.dial(`sip:${number}@${addressOf("provider")}`);
        // Auto-answer: the callee reports the call once established (no CALL_INCOMING).
        const answered = await to.waitFor("CALL_ESTABLISHED", 10_000, toMark);
        const callerNumber = caller === "pstn" ? settings.pstn.username : settings.ltePhone.username;
        assert.equal(answered.direction, "incoming");
        assert.match(answered.peeruri ?? "", new RegExp(`sip:${callerNumber}@`));
        await from.waitFor("CALL_ESTABLISHED", 10_000, fromMark);
        // RFC 4733 telephone-events, as an IVR would receive them.
        const dtmfMark = to.mark();
        await from.sendDtmf("13#");
        assert.equal(await to.receivedDtmf(3, 5000, dtmfMark), "13#");
        await sleep(2000);
        await from.hangup();
        await from.waitFor("CALL_CLOSED", 10_000, fromMark);
        await to.waitFor("CALL_CLOSED", 10_000, toMark);
        // sndfile closes its files when the call's audio stops.
        await sleep(300);
        const heardByCallee = to.lastHeard();
        const heardByCaller = from.lastHeard();
        const expect = { pstn: 1000, "lte-phone": 440 } as const;
        assert.equal(isSilent(heardByCallee, 0.05, { skipSeconds: 0.5 }), false, "callee heard nothing");
        assert.equal(isSilent(heardByCaller, 0.05, { skipSeconds: 0.5 }), false, "caller heard nothing");
        const f1 = dominantFrequency(heardByCallee, { skipSeconds: 0.5 });
        const f2 = dominantFrequency(heardByCaller, { skipSeconds: 0.5 });
        assert.ok(f1 !== undefined && Math.abs(f1 - expect[caller]) <= 15, `${callee} heard ${f1} Hz`);
        assert.ok(f2 !== undefined && Math.abs(f2 - expect[callee]) <= 15, `${caller} heard ${f2} Hz`);
      } finally {
        await from.hangup().catch(() => {});
        from.close();
        to.close();
      }
    });
  }

  it("answers by hand and switches what it plays mid-call", async () => {
    const { settings } = lab();
    const pstn = await Phone.connect("pstn");
    const lte = await Phone.connect("lte-phone");
    try {
      await lte.setAutoAnswer(false);
      const lteMark = lte.mark();
      const pstnMark = pstn.mark();
      await pstn.dial(`sip:${settings.ltePhone.username}@${addressOf("provider")}`);
      await lte.waitFor("CALL_INCOMING", 10_000, lteMark);
      await sleep(500);
      assert.equal(
        lte.ctrl.events.slice(lteMark).some((e) => e.type === "CALL_ESTABLISHED"),
        false,
        "answered although answer mode is manual",
      );
      await lte.answer();
      await pstn.waitFor("CALL_ESTABLISHED", 10_000, pstnMark);
      await sleep(1500);
      // pstn switches from its 1 kHz to the 440 Hz file.
      await pstn.play(settings.lteAudio!);
      await sleep(2500);
      await pstn.hangup();
      await lte.waitFor("CALL_CLOSED", 10_000, lteMark);
      await sleep(300);
      const early = dominantFrequency(lte.lastHeard(), { skipSeconds: 0.3, seconds: 1 });
      const late = dominantFrequency(lte.lastHeard(), { skipSeconds: 2.5 });
      assert.ok(early !== undefined && Math.abs(early - 1000) <= 15, `heard ${early} Hz first`);
      assert.ok(late !== undefined && Math.abs(late - 440) <= 15, `heard ${late} Hz after the switch`);
    } finally {
      await pstn.hangup().catch(() => {});
      await lte.setAutoAnswer(true).catch(() => {});
      pstn.close();
      lte.close();
    }
  });
});
