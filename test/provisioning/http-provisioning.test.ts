// Desk phones fetching their files over HTTP as each model would (its User-Agent, its path
// conventions), from the appliance's provisioning server built from examples/home-lab.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { digestAuthorization } from "../../appliance/provisioning/index.ts";
import {
  childTexts,
  parseKeyValueCfg,
  parseXml,
  type XmlElement,
} from "../../appliance/provisioning/testing/parse-xml.ts";
import {
  ACCESS,
  allSecretValues,
  allVendorsLab,
  type RunningAppliance,
  SECRETS,
  startAppliance,
} from "./fixture.ts";

const UA = {
  cisco7821: "Cisco-CP-7821-3PCC/11.3.7 (001b54aabbcc)",
  yealink: "Yealink SIP-T46U 108.86.0.20 00:15:65:aa:bb:01",
  grandstream: "Grandstream Model HW GXP2170 SW 1.0.11.3 DevId 000b82aabb02",
  polycom: "FileTransport PolycomVVX-VVX_411-UA/6.4.3.5018",
  snom: "Mozilla/4.0 (compatible; snomD735-SIP 10.1.73.16)",
};

let app: RunningAppliance;

async function get(path: string, userAgent: string, authorization?: string, method = "GET") {
  const res = await fetch(`http://127.0.0.1:${app.httpPort}${path}`, {
    method,
    headers: { "user-agent": userAgent, ...(authorization ? { authorization } : {}) },
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Expands the 3PCC macros the way the phone does: $PN product name, $MA lower-case MAC. */
function expandCisco(url: string): string {
  return url.replace("$PN", "CP-7821-3PCC").replace("$MA", "001b54aabbcc");
}

before(async () => {
  app = await startAppliance(allVendorsLab());
});
after(async () => {
  await app.close();
});

describe("Cisco 7821 (3PCC) from option 160", () => {
  let profileRule = "";

  it("first contact: the option-160 URL yields the flat profile with extension 100's credentials", async () => {
    const r = await get("/prov/CP-7821-3PCC/001b54aabbcc.xml", UA.cisco7821);
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") ?? "", /xml/);
    const root = parseXml(r.body);
    assert.equal(root.name, "flat-profile");
    const p = childTexts(root);
    assert.equal(p.User_ID_1_, "100");
    assert.equal(p.Password_1_, SECRETS.ext100Password);
    assert.equal(p.Display_Name_1_, "Operator");
    assert.equal(p.Proxy_1_, "pbx.home.arpa");
    assert.equal(p.Outbound_Proxy_1_, "172.16.0.10:5060");
    assert.equal(p.Time_Zone, "GMT-05:00");
    assert.equal(p.Daylight_Saving_Time_Rule, "start=3/8/7/2;end=11/1/7/2;save=1");
    assert.equal(p.RTP_TOS_DiffServ_Value_1_, "0xb8"); // EF
    assert.equal(p.SIP_TOS_DiffServ_Value_1_, "0x60"); // CS3
    assert.equal(p.DTMF_Tx_Method_1_, "AVT");
    assert.match(p.Dial_Plan_1_ ?? "", /^\(xxx\|\*97\|911\|933\|1\[2-9\]xx\[2-9\]xxxxxx\|/);
    assert.equal(p.Extended_Function_2_, "fnc=blf+sd+cp;sub=101@pbx.home.arpa;nme=Alice");
    profileRule = p.Profile_Rule ?? "";
    assert.equal(
      profileRule,
      `[--uid desk-7821 --pwd ${ACCESS["desk-7821"]!.password}]http://172.16.0.10/prov/d/${ACCESS["desk-7821"]!.token}/$PN/$MA.xml`,
    );
  });

  it("the phone then resyncs from its own token URL, which enrolls it", async () => {
    const url = new URL(expandCisco(profileRule.replace(/^\[[^\]]*\]/, "")));
    const r = await get(url.pathname, UA.cisco7821);
    assert.equal(r.status, 200);
    assert.equal(childTexts(parseXml(r.body)).User_ID_1_, "100");
    assert.ok(app.prov.enrolled.has("desk-7821"));
  });

  it("once enrolled, the MAC alone gets a digest challenge; the credentials of Profile_Rule pass it", async () => {
    const path = "/prov/CP-7821-3PCC/001b54aabbcc.xml";
    const r = await get(path, UA.cisco7821);
    assert.equal(r.status, 401);
    const challenge = r.headers.get("www-authenticate") ?? "";
    assert.match(challenge, /^Digest realm="pibx-provisioning", qop="auth"/);
    const auth = digestAuthorization(challenge, "GET", path, "desk-7821", ACCESS["desk-7821"]!.password);
    const ok = await get(path, UA.cisco7821, auth);
    assert.equal(ok.status, 200);
    assert.equal(childTexts(parseXml(ok.body)).Password_1_, SECRETS.ext100Password);
    const wrong = digestAuthorization(challenge, "GET", path, "desk-7821", "guess");
    assert.equal((await get(path, UA.cisco7821, wrong)).status, 401);
  });

  it("the MAC is matched however it is spelled", async () => {
    const token = ACCESS["desk-7821"]!.token;
    for (const mac of ["001B54AABBCC", "00:1b:54:aa:bb:cc", "00-1B-54-AA-BB-CC"]) {
      const r = await get(`/prov/d/${token}/CP-7821-3PCC/${mac}.xml`, UA.cisco7821);
      assert.equal(r.status, 200, mac);
    }
  });

  it("another device's token or credentials never open this phone's file", async () => {
    const path = "/prov/CP-7821-3PCC/001b54aabbcc.xml";
    const other = await get(
      `/prov/d/${ACCESS["lobby-t46u"]!.token}/CP-7821-3PCC/001b54aabbcc.xml`,
      UA.cisco7821,
    );
    assert.equal(other.status, 403);
    assert.equal(other.body, "");
    const challenge = (await get(path, UA.cisco7821)).headers.get("www-authenticate") ?? "";
    const otherCreds = digestAuthorization(
      challenge,
      "GET",
      path,
      "lobby-t46u",
      ACCESS["lobby-t46u"]!.password,
    );
    assert.equal((await get(path, UA.cisco7821, otherCreds)).status, 403);
    const unknownToken = await get("/prov/d/not-a-token/CP-7821-3PCC/001b54aabbcc.xml", UA.cisco7821);
    assert.equal(unknownToken.status, 403);
    assert.ok(
      app.messages().some((m) => m.includes("token of lobby-t46u used for desk-7821's file: refused")),
    );
  });

  it("a phone whose User-Agent names its MAC cannot fetch another device's file", async () => {
    const r = await get("/prov/cfg000b82aabb02.xml", UA.cisco7821);
    assert.equal(r.status, 403);
    assert.ok(
      app
        .messages()
        .some((m) =>
          m.includes(
            "the User-Agent says MAC 00:1b:54:aa:bb:cc, the path asks for lobby-gxp's file (00:0b:82:aa:bb:02): refused",
          ),
        ),
    );
  });

  it("an unknown MAC gets 404 and a log line naming what exists", async () => {
    const r = await get("/prov/CP-7821-3PCC/001b54aabbcd.xml", UA.cisco7821);
    assert.equal(r.status, 404);
    const line = app
      .messages()
      .find((m) => m.startsWith("GET /prov/CP-7821-3PCC/001b54aabbcd.xml from 127.0.0.1"));
    assert.ok(line, "no log line for the miss");
    assert.ok(
      line.includes(
        "no device with MAC 00:1b:54:aa:bb:cd; known: desk-7821 00:1b:54:aa:bb:cc at /prov/CP-7821-3PCC/001b54aabbcc.xml",
      ),
      line,
    );
    assert.ok(
      line.endsWith("; nearest: desk-7821 00:1b:54:aa:bb:cc, 1 hex digit apart (a typo in lab.yaml?)"),
      line,
    );
  });

  it("a factory-new phone asking the TFTP-style $PSN.xml is pointed at option 160's URL", async () => {
    const r = await get("/prov/CP-7821-3PCC.xml", UA.cisco7821);
    assert.equal(r.status, 200);
    assert.deepEqual(childTexts(parseXml(r.body)).Profile_Rule, "http://172.16.0.10/prov/$PN/$MA.xml");
    const bySeries = await get("/prov/7821.xml", UA.cisco7821);
    assert.equal(bySeries.body, r.body);
    assert.equal((await get("/prov/7942.xml", UA.cisco7821)).status, 404);
  });
});

describe("the other vendors, each by its own convention", () => {
  it("Yealink T46U: <mac>.cfg with account.1.*, and the common y0000000000xx.cfg", async () => {
    const r = await get("/prov/001565aabb01.cfg", UA.yealink);
    assert.equal(r.status, 200);
    const cfg = parseKeyValueCfg(r.body);
    assert.equal(cfg["account.1.user_name"], "103");
    assert.equal(cfg["account.1.password"], SECRETS.ext103Password);
    assert.equal(cfg["account.1.sip_server.1.address"], "pbx.home.arpa");
    assert.equal(
      cfg["static.auto_provision.server.url"],
      `http://172.16.0.10/prov/d/${ACCESS["lobby-t46u"]!.token}/`,
    );
    const common = await get("/prov/y000000000108.cfg", UA.yealink);
    assert.equal(common.status, 200);
    assert.equal(parseKeyValueCfg(common.body)["network.qos.rtptos"], "46");
    assert.ok(!common.body.includes("password"));
  });

  it("Grandstream GXP2170: cfg<mac>.xml with P35/P36/P34/P47/P3", async () => {
    const r = await get("/prov/cfg000b82aabb02.xml", UA.grandstream);
    assert.equal(r.status, 200);
    const root = parseXml(r.body);
    const p = childTexts(root.children.find((c: XmlElement) => c.name === "config")!);
    assert.equal(p.P35, "103");
    assert.equal(p.P36, "103");
    assert.equal(p.P34, SECRETS.ext103Password);
    assert.equal(p.P47, "pbx.home.arpa");
    assert.equal(p.P3, "Lobby");
  });

  it("Polycom VVX 411: the master <mac>.cfg names the file with reg.1.*", async () => {
    const master = await get("/prov/0004f2aabb03.cfg", UA.polycom);
    assert.equal(master.status, 200);
    const next = parseXml(master.body).attrs.CONFIG_FILES!;
    assert.equal(next, "0004f2aabb03-pibx.cfg");
    const r = await get(`/prov/${next}`, UA.polycom);
    assert.equal(r.status, 200);
    const reg = parseXml(r.body).children.find((c) => c.name === "reg")!.attrs;
    assert.equal(reg["reg.1.address"], "103");
    assert.equal(reg["reg.1.auth.password"], SECRETS.ext103Password);
  });

  it("snom D735: snomD735-<MAC>.htm with user_name1/user_pass1", async () => {
    const r = await get("/prov/snomD735-000413AABB04.htm", UA.snom);
    assert.equal(r.status, 200);
    const s = childTexts(parseXml(r.body).children.find((c) => c.name === "phone-settings")!);
    assert.equal(s.user_name1, "103");
    assert.equal(s.user_pass1, SECRETS.ext103Password);
  });

  it("a Grandstream-style name for the Cisco's MAC says which phone that MAC is", async () => {
    assert.equal((await get("/prov/cfg001b54aabbcc.xml", UA.grandstream)).status, 404);
    assert.ok(
      app
        .messages()
        .some((m) =>
          m.includes(
            "desk-7821 (00:1b:54:aa:bb:cc) is a cisco-mpp phone, provisioned at /prov/CP-7821-3PCC/001b54aabbcc.xml",
          ),
        ),
    );
  });
});

describe("the server's edges", () => {
  it("is read-only, answers HEAD without a body, and bounds the request target", async () => {
    assert.equal((await get("/prov/001565aabb01.cfg", UA.yealink, undefined, "POST")).status, 405);
    const head = await get("/prov/y000000000108.cfg", UA.yealink, undefined, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
    assert.ok(Number(head.headers.get("content-length")) > 0);
    assert.equal((await get(`/prov/${"a".repeat(3000)}.cfg`, UA.yealink)).status, 414);
  });

  it("refuses first contact from outside the lab LAN", async () => {
    const r = await app.prov.service.fetch({
      protocol: "http",
      method: "GET",
      target: "/prov/cfg000b82aabb02.xml",
      source: "203.0.113.5",
    });
    assert.equal(r.status, 401);
    assert.equal(r.body, undefined);
  });

  it("logs every access and never a secret", () => {
    const secrets = allSecretValues(app.config);
    assert.ok(app.logs.length >= 20);
    for (const line of app.logs)
      for (const s of secrets) assert.ok(!line.includes(s), `secret in log: ${line}`);
    assert.ok(app.messages().some((m) => m.includes("/prov/d/***/CP-7821-3PCC/")));
  });
});
