// Softphone onboarding end to end: the QR code printed on the operator's side decodes (jsQR and
// zbarimg) to a one-time URL; the appliance serves the Linphone XML with the right account once,
// refuses it afterwards (also after a restart), and refuses expired and forged tokens.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ManualClock } from "../../appliance/base/index.ts";
import { linphoneSections, parseXml } from "../../appliance/provisioning/testing/parse-xml.ts";
import {
  issueOnboardingToken,
  onboardingQrCodes,
  onboardSoftphones,
  type SoftphoneOnboarding,
} from "../../infra/onboarding/index.ts";
import { homeLab, ONBOARDING_KEY, type RunningAppliance, SECRETS, startAppliance } from "./fixture.ts";
import { decodeWithJsQr, decodeWithZbar } from "./qr-decode.ts";

const EPOCH = Date.UTC(2026, 10, 27, 3, 0, 0);
const clock = new ManualClock(0, EPOCH);
let app: RunningAppliance;
let dir: string;
let onboardings: SoftphoneOnboarding[];
let counter = 0;

/** The URL names the appliance's LAN address; the test server listens on 127.0.0.1. */
function local(url: string): string {
  const u = new URL(url);
  return `http://127.0.0.1:${app.httpPort}${u.pathname}`;
}

async function fetchOnce(url: string) {
  const r = await fetch(local(url), {
    headers: { "user-agent": "LinphoneiOS/5.2.5 (iPhone) LinphoneSDK/5.3.0" },
  });
  return { status: r.status, body: await r.text() };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pibx-onboard-"));
  app = await startAppliance(homeLab(), { clock, stateDir: join(dir, "state") });
  onboardings = onboardSoftphones(homeLab(), {
    secrets: SECRETS,
    onboardingKey: ONBOARDING_KEY,
    now: clock.wallTime().getTime(),
    nonce: () => `nonce-${++counter}`,
  });
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the QR codes", () => {
  it("one onboarding per softphone of the lab", () => {
    assert.deepEqual(
      onboardings.map((o) => o.deviceId),
      ["alice-iphone", "bob-iphone"],
    );
    assert.match(onboardings[0]!.linphoneUrl, /^http:\/\/172\.16\.0\.10\/prov\/onboard\/[\w-]+\.[\w-]+$/);
  });

  it("the Linphone QR decodes to the URL with jsQR and with zbarimg", async () => {
    const alice = onboardings[0]!;
    const qr = await onboardingQrCodes(alice);
    assert.equal(decodeWithJsQr(qr.linphone.png), alice.linphoneUrl);
    const file = join(dir, "alice-linphone.png");
    writeFileSync(file, qr.linphone.png);
    assert.equal(await decodeWithZbar(file), alice.linphoneUrl);
    assert.match(qr.linphone.terminal, /[▀▄█]/);
  });

  it("the plain SIP account QR carries sip:user:password@domain with the server as maddr", async () => {
    const qr = await onboardingQrCodes(onboardings[0]!);
    const expected = `sip:101:${SECRETS.ext101Password}@pbx.home.arpa:5060;transport=udp;maddr=172.16.0.10`;
    assert.equal(decodeWithJsQr(qr.accounts[0]!.png), expected);
    const file = join(dir, "alice-account.png");
    writeFileSync(file, qr.accounts[0]!.png);
    assert.equal(await decodeWithZbar(file), expected);
  });
});

describe("the one-time URL", () => {
  it("the first fetch returns Alice's account as Linphone XML", async () => {
    const url = decodeWithJsQr((await onboardingQrCodes(onboardings[0]!)).linphone.png)!;
    const r = await fetchOnce(url);
    assert.equal(r.status, 200);
    const root = parseXml(r.body);
    assert.equal(root.name, "config");
    assert.equal(root.attrs.xmlns, "http://www.linphone.org/xsds/lpconfig.xsd");
    const s = linphoneSections(root);
    assert.equal(s.proxy_0?.reg_identity, '"Alice" <sip:101@pbx.home.arpa>');
    assert.equal(s.proxy_0?.reg_proxy, "<sip:172.16.0.10:5060;transport=udp>");
    assert.equal(s.auth_info_0?.username, "101");
    assert.equal(s.auth_info_0?.passwd, SECRETS.ext101Password);
    assert.equal(s.auth_info_0?.domain, "pbx.home.arpa");
    assert.equal(s.proxy_1, undefined);
  });

  it("a second fetch is refused", async () => {
    const r = await fetchOnce(onboardings[0]!.linphoneUrl);
    assert.equal(r.status, 410);
    assert.equal(r.body, "");
    assert.ok(
      app.messages().some((m) => m.includes("onboarding token for alice-iphone already used: refused")),
    );
  });

  it("and stays refused after the appliance restarts", async () => {
    await app.close(false);
    app = await startAppliance(homeLab(), { clock, stateDir: join(dir, "state") });
    assert.equal((await fetchOnce(onboardings[0]!.linphoneUrl)).status, 410);
  });

  it("an expired token is refused (Bob waited more than a day)", async () => {
    clock.advance(24 * 3600_000 + 1000);
    assert.equal((await fetchOnce(onboardings[1]!.linphoneUrl)).status, 410);
    assert.ok(app.messages().some((m) => m.includes("onboarding token expired (for bob-iphone): refused")));
  });

  it("a token signed with another key, or for a desk phone, is refused", async () => {
    const now = clock.wallTime().getTime();
    const forged = issueOnboardingToken({
      key: Buffer.alloc(32, 1),
      deviceId: "bob-iphone",
      expiresAt: now + 3600_000,
      nonce: "forged",
    });
    assert.equal((await fetchOnce(`http://172.16.0.10/prov/onboard/${forged}`)).status, 403);
    const desk = issueOnboardingToken({
      key: Buffer.from(ONBOARDING_KEY, "base64"),
      deviceId: "desk-7821",
      expiresAt: now + 3600_000,
      nonce: "desk",
    });
    assert.equal((await fetchOnce(`http://172.16.0.10/prov/onboard/${desk}`)).status, 404);
  });

  it("a fresh token for Bob works once", async () => {
    const [bob] = onboardSoftphones(homeLab(), {
      secrets: SECRETS,
      onboardingKey: ONBOARDING_KEY,
      now: clock.wallTime().getTime(),
      nonce: () => `nonce-${++counter}`,
      deviceIds: ["bob-iphone"],
    });
    const first = await fetchOnce(bob!.linphoneUrl);
    assert.equal(first.status, 200);
    assert.equal(linphoneSections(parseXml(first.body)).auth_info_0?.passwd, SECRETS.ext102Password);
    assert.equal((await fetchOnce(bob!.linphoneUrl)).status, 410);
  });

  it("no token or password reaches the log", () => {
    const tokens = onboardings.map((o) => o.linphoneUrl.split("/").at(-1)!);
    for (const line of app.logs) {
      for (const secret of [...tokens, ...Object.values(SECRETS)]) assert.ok(!line.includes(secret), line);
    }
  });
});
