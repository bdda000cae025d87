// The provider's Kamailio as a SIP trunk: digest auth, a PBX registering its trunk account from
// behind the double NAT (a baresip on the pi stands in for the appliance), DIDs routed to that
// registration's public address, calls from the PBX to "PSTN" numbers, and a restart that forgets
// every registration.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capture } from "./capture.ts";
import { exec } from "./lab.ts";
import { notRoot, withLab } from "./lab-fixture.ts";
import { configureLabRouterByHand } from "./lab-router.ts";
import { Phone, startPhone } from "./phone.ts";
import { restartProvider } from "./provider.ts";
import { sleep } from "./sleep.ts";
import { addressOf, interfaceOf } from "./topology.ts";

const provider = addressOf("provider");

async function startFakePbx(): Promise<Phone> {
  const { settings } = lab();
  await startPhone(settings.runDir, {
    box: "pi",
    account: settings.trunk,
    registrar: provider,
    audio: settings.lteAudio!,
    autoAnswer: true,
  });
  const pbx = await Phone.connect("pi");
  await pbx.waitRegistered(10_000);
  return pbx;
}

let lab: ReturnType<typeof withLab>;

describe("the provider (Kamailio SIP trunk)", { skip: notRoot }, () => {
  lab = withLab();

  it("challenges REGISTER and accepts only the right password", async () => {
    const { settings } = lab();
    const register = (password: string) =>
      exec("lte-phone", [
        "sipsak",
        "-U",
        "-C",
        `sip:${settings.trunk.username}@${addressOf("lte-phone")}:5070`,
        "-s",
        `sip:${settings.trunk.username}@${provider}`,
        "-a",
        password,
        // Expires 0: prove the credentials without leaving a binding that competes with the PBX's.
        "-x",
        "0",
        "-l",
        "5070",
      ]);
    assert.notEqual((await register("not-the-password")).code, 0, "wrong password accepted");
    assert.equal((await register(settings.trunk.password)).code, 0, "right password refused");
  });

  it("routes a DID to the trunk registered from behind the double NAT, DID in To and P-Called-Party-ID", async () => {
    const { settings } = lab();
    await configureLabRouterByHand();
    const pbx = await startFakePbx();
    const pstn = await Phone.connect("pstn");
    try {
      const sniff = capture("pi", interfaceOf("pi"), "udp port 5060", {
        seconds: 15,
        maxPackets: 1,
        fields: ["ip.src", "sip.Method", "sip.to.user", "sip.P-Called-Party-ID"],
      });
      await sniff.ready;
      const pbxMark = pbx.mark();
      const pstnMark = pstn.mark();
      const did = settings.dids[0]!;
      await pstn.dial(`sip:${did}@${provider}`);
      const call = await pbx.waitFor("CALL_ESTABLISHED", 10_000, pbxMark);
      assert.equal(call.direction, "incoming");
      await pstn.waitFor("CALL_ESTABLISHED", 10_000, pstnMark);
      const [invite] = await sniff.packets;
      assert.equal(invite?.["ip.src"], provider);
      assert.equal(invite?.["sip.Method"], "INVITE");
      assert.equal(invite?.["sip.to.user"], did);
      assert.match(invite?.["sip.P-Called-Party-ID"] ?? "", new RegExp(`sip:${did}@`));
      await pstn.hangup();
      await pbx.waitFor("CALL_CLOSED", 10_000, pbxMark);
    } finally {
      await pstn.hangup().catch(() => {});
      pstn.close();
      pbx.close();
    }
  });

  it("routes the PBX's calls to the lte-phone's number and to any other (PSTN) number", async () => {
    const { settings } = lab();
    const pbx = await Phone.connect("pi");
    const pstn = await Phone.connect("pstn");
    const lte = await Phone.connect("lte-phone");
    try {
      for (const [number, phone] of [
        [settings.ltePhone.username, lte],
        ["0049301234567", pstn],
      ] as const) {
        const mark = phone.mark();
        const pbxMark = pbx.mark();
        await pbx.dial(`sip:${number}@${provider}`);
        const answered = await phone.waitFor("CALL_ESTABLISHED", 10_000, mark);
        assert.equal(answered.direction, "incoming");
        await pbx.waitFor("CALL_ESTABLISHED", 10_000, pbxMark);
        await pbx.hangup();
        await phone.waitFor("CALL_CLOSED", 10_000, mark);
      }
    } finally {
      await pbx.hangup().catch(() => {});
      for (const p of [pbx, pstn, lte]) p.close();
    }
  });

  it("forgets every registration when restarted (DID then gets 480 until the PBX registers again)", async () => {
    const { settings } = lab();
    await restartProvider();
    // The phones registered again by themselves (restarted); the PBX's registration is gone.
    const lte = await Phone.connect("lte-phone");
    try {
      await lte.waitRegistered(5000);
    } finally {
      lte.close();
    }
    const pstn = await Phone.connect("pstn");
    try {
      const mark = pstn.mark();
      await pstn.dial(`sip:${settings.dids[0]}@${provider}`);
      const closed = await pstn.waitFor("CALL_CLOSED", 10_000, mark);
      assert.match(closed.param ?? "", /480/);
      // A re-registration brings the DID back.
      const pbx = await startFakePbx();
      try {
        await sleep(200);
        const again = pstn.mark();
        const pbxMark = pbx.mark();
        await pstn.dial(`sip:${settings.dids[1]}@${provider}`);
        await pbx.waitFor("CALL_ESTABLISHED", 10_000, pbxMark);
        await pstn.hangup();
        await pstn.waitFor("CALL_CLOSED", 10_000, again);
      } finally {
        pbx.close();
      }
    } finally {
      await pstn.hangup().catch(() => {});
      pstn.close();
    }
  });
});
