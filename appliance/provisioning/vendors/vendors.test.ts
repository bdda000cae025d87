// Each renderer writes the parameter names of its vendor's documentation (see the comment at the
// top of each renderer) with the values of the device.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { childTexts, findAll, linphoneSections, parseKeyValueCfg, parseXml } from "../testing/parse-xml.ts";
import { SAMPLE_PASSWORD, sampleDevice } from "../testing/sample-device.ts";
import {
  ciscoMppProductName,
  renderCiscoMpp,
  renderCiscoMppGeneric,
  renderCiscoSip,
  renderGrandstream,
  renderLinphone,
  renderPolycom,
  renderPolycomMaster,
  renderSnom,
  renderYealink,
  renderYealinkCommon,
  snomFileName,
} from "./index.ts";

describe("Cisco MPP (3PCC) flat profile", () => {
  const file = renderCiscoMpp(sampleDevice("cisco-mpp"));
  const root = parseXml(file.body);
  const p = childTexts(root);

  it("is a <flat-profile> of Provisioning Guide parameters", () => {
    assert.equal(root.name, "flat-profile");
    assert.equal(file.contentType, "application/xml");
  });
  it("registers line 1 with the extension's credentials through the appliance", () => {
    assert.equal(p.Line_Enable_1_, "Yes");
    assert.equal(p.User_ID_1_, "100");
    assert.equal(p.Auth_ID_1_, "100");
    assert.equal(p.Password_1_, SAMPLE_PASSWORD);
    assert.equal(p.Display_Name_1_, "Operator");
    assert.equal(p.Proxy_1_, "pbx.home.arpa");
    assert.equal(p.Outbound_Proxy_1_, "172.16.0.10:5060");
    assert.equal(p.SIP_Transport_1_, "UDP");
  });
  it("hides the password from the phone's web page (ua=na)", () => {
    const pw = root.children.find((c) => c.name === "Password_1_")!;
    assert.equal(pw.attrs.ua, "na");
  });
  it("sets dial plan, NTP, time zone with DST, DTMF and DSCP", () => {
    assert.equal(p.Dial_Plan_1_, "(xxx|*97|911|1[2-9]xx[2-9]xxxxxx|011xx.)");
    assert.equal(p.Primary_NTP_Server, "172.16.0.1");
    assert.equal(p.Secondary_NTP_Server, "pool.ntp.org");
    assert.equal(p.Time_Zone, "GMT-05:00");
    assert.equal(p.Daylight_Saving_Time_Rule, "start=3/8/7/2;end=11/1/7/2;save=1");
    assert.equal(p.DTMF_Tx_Method_1_, "AVT");
    assert.equal(p.SIP_TOS_DiffServ_Value_1_, "0x60");
    assert.equal(p.RTP_TOS_DiffServ_Value_1_, "0xb8");
  });
  it("resyncs from its own token URL with digest credentials", () => {
    assert.equal(
      p.Profile_Rule,
      "[--uid desk-1 --pwd digest-pw]http://172.16.0.10/prov/d/TOKEN123/$PN/$MA.xml",
    );
    assert.equal(p.Resync_Periodic, "3600");
    assert.equal(p.Resync_From_SIP, "Yes");
  });
  it("turns the BLF key into an Extended_Function", () => {
    assert.equal(p.Extension_2_, "Disabled");
    assert.equal(p.Extended_Function_2_, "fnc=blf+sd+cp;sub=101@pbx.home.arpa;nme=Alice");
  });
  it("names the product the way $PN expands", () => {
    assert.equal(ciscoMppProductName("7821"), "CP-7821-3PCC");
    assert.equal(ciscoMppProductName("cp-8845-3pcc"), "CP-8845-3PCC");
  });
  it("the generic $PSN.xml only points at the per-MAC file", () => {
    const g = childTexts(parseXml(renderCiscoMppGeneric("http://172.16.0.10/prov/$PN/$MA.xml").body));
    assert.deepEqual(Object.keys(g).sort(), ["Profile_Rule", "Resync_On_Reset"]);
    assert.equal(g.Profile_Rule, "http://172.16.0.10/prov/$PN/$MA.xml");
  });
});

describe("Cisco 79xx SIP SEP<MAC>.cnf.xml", () => {
  const root = parseXml(renderCiscoSip(sampleDevice("cisco-sip")).body);
  it("carries the line's credentials and the proxy", () => {
    assert.equal(root.name, "device");
    const line = findAll(root, "line").find((l) => l.attrs.button === "1")!;
    const t = childTexts(line);
    assert.equal(t.name, "100");
    assert.equal(t.authName, "100");
    assert.equal(t.authPassword, SAMPLE_PASSWORD);
    assert.equal(t.proxy, "172.16.0.10");
    assert.equal(t.port, "5060");
  });
  it("sets time zone, NTP, DTMF payload and DSCP", () => {
    assert.equal(findAll(root, "timeZone")[0]!.text, "Eastern Standard/Daylight Time");
    assert.equal(childTexts(findAll(root, "ntp")[0]!).name, "172.16.0.1");
    assert.equal(findAll(root, "dtmfAvtPayload")[0]!.text, "101");
    assert.equal(findAll(root, "dscpForAudio")[0]!.text, "184");
    assert.equal(findAll(root, "transportLayerProtocol")[0]!.text, "2");
  });
});

describe("Yealink <mac>.cfg", () => {
  const body = renderYealink(sampleDevice("yealink", { model: "T46U" })).body;
  const cfg = parseKeyValueCfg(body);
  it("starts with the version line and sets account.1.*", () => {
    assert.ok(body.startsWith("#!version:1.0.0.1\n"));
    assert.equal(cfg["account.1.enable"], "1");
    assert.equal(cfg["account.1.user_name"], "100");
    assert.equal(cfg["account.1.auth_name"], "100");
    assert.equal(cfg["account.1.password"], SAMPLE_PASSWORD);
    assert.equal(cfg["account.1.display_name"], "Operator");
    assert.equal(cfg["account.1.sip_server.1.address"], "pbx.home.arpa");
    assert.equal(cfg["account.1.outbound_proxy.1.address"], "172.16.0.10");
    assert.equal(cfg["account.1.dtmf.type"], "1");
  });
  it("sets time, QoS, BLF and the authenticated auto-provisioning URL", () => {
    assert.equal(cfg["local_time.time_zone"], "-5");
    assert.equal(cfg["local_time.start_time"], "3/2/7/2");
    assert.equal(cfg["network.qos.rtptos"], "46");
    assert.equal(cfg["network.qos.signaltos"], "24");
    assert.equal(cfg["linekey.2.type"], "16");
    assert.equal(cfg["linekey.2.value"], "101");
    assert.equal(cfg["static.auto_provision.server.url"], "http://172.16.0.10/prov/d/TOKEN123/$PN/");
    assert.equal(cfg["static.auto_provision.server.username"], "desk-1");
  });
  it("the common file has no account", () => {
    const common = parseKeyValueCfg(renderYealinkCommon(sampleDevice("yealink")).body);
    assert.equal(common["local_time.ntp_server1"], "172.16.0.1");
    assert.ok(!Object.keys(common).some((k) => k.startsWith("account.")));
  });
});

describe("Grandstream cfg<mac>.xml", () => {
  const root = parseXml(renderGrandstream(sampleDevice("grandstream", { mac: "000b82aabbcc" })).body);
  const p = childTexts(root.children.find((c) => c.name === "config")!);
  it("is a gs_provision with the MAC and P-values", () => {
    assert.equal(root.name, "gs_provision");
    assert.equal(childTexts(root).mac, "000b82aabbcc");
    assert.equal(p.P271, "1");
    assert.equal(p.P47, "pbx.home.arpa");
    assert.equal(p.P48, "172.16.0.10:5060");
    assert.equal(p.P35, "100");
    assert.equal(p.P36, "100");
    assert.equal(p.P34, SAMPLE_PASSWORD);
    assert.equal(p.P3, "Operator");
  });
  it("sets DTMF, dial plan, NTP, time zone and the config server", () => {
    assert.equal(p.P79, "101");
    assert.equal(p.P290, "{ xxx | *97 | 911 | 1[2-9]xx[2-9]xxxxxx | 011x+ }");
    assert.equal(p.P30, "172.16.0.1");
    assert.equal(p.P246, "EST5EDT,M3.2.0/2,M11.1.0/2");
    assert.equal(p.P237, "172.16.0.10/prov/d/TOKEN123/$PN");
    assert.equal(p.P1360, "desk-1");
  });
});

describe("Polycom master and configuration files", () => {
  const d = sampleDevice("polycom", { mac: "0004f2aabbcc" });
  it("the master file names the configuration file and carries no secret", () => {
    const master = parseXml(renderPolycomMaster(d).body);
    assert.equal(master.name, "APPLICATION");
    assert.equal(master.attrs.CONFIG_FILES, "0004f2aabbcc-pibx.cfg");
    assert.ok(!renderPolycomMaster(d).body.includes(SAMPLE_PASSWORD));
  });
  it("reg.1.* carries the account", () => {
    const root = parseXml(renderPolycom(d).body);
    assert.equal(root.name, "polycomConfig");
    const reg = root.children.find((c) => c.name === "reg")!.attrs;
    assert.equal(reg["reg.1.address"], "100");
    assert.equal(reg["reg.1.auth.userId"], "100");
    assert.equal(reg["reg.1.auth.password"], SAMPLE_PASSWORD);
    assert.equal(reg["reg.1.server.1.address"], "pbx.home.arpa");
    assert.equal(reg["reg.1.outboundProxy.address"], "172.16.0.10");
    const tcp = root.children.find((c) => c.name === "tcpIpApp")!.attrs;
    assert.equal(tcp["tcpIpApp.sntp.gmtOffset"], "-18000");
    assert.equal(tcp["tcpIpApp.sntp.daylightSavings.start.date"], "8");
    assert.equal(tcp["tcpIpApp.sntp.daylightSavings.start.dayOfWeek"], "1");
    const qos = root.children.find((c) => c.name === "qos")!.attrs;
    assert.equal(qos["qos.ip.rtp.dscp"], "46");
  });
});

describe("snom settings XML", () => {
  const root = parseXml(renderSnom(sampleDevice("snom", { model: "D735", mac: "000413aabbcc" })).body);
  const s = childTexts(root.children.find((c) => c.name === "phone-settings")!);
  it("uses user_*1 names", () => {
    assert.equal(s.user_name1, "100");
    assert.equal(s.user_pname1, "100");
    assert.equal(s.user_pass1, SAMPLE_PASSWORD);
    assert.equal(s.user_host1, "pbx.home.arpa");
    assert.equal(s.user_outbound1, "172.16.0.10:5060;transport=udp");
    assert.equal(s.user_dtmf_info1, "off");
    assert.equal(s.codec_tos, "184");
    assert.equal(s.dst, "3600 03.02.07 02:00:00 11.01.07 02:00:00");
    assert.equal(s.utc_offset, "-18000");
    assert.equal(s.timezone, "");
    assert.equal(s.dtmf_payload_type, "101");
  });
  it("names its file snom<model>-<MAC>.htm", () => {
    assert.equal(snomFileName("D735", "000413aabbcc"), "snomD735-000413AABBCC.htm");
  });
});

describe("Linphone remote-provisioning XML", () => {
  const root = parseXml(renderLinphone(sampleDevice("linphone", { mac: undefined })).body);
  it("is an lpconfig with proxy_0 and auth_info_0", () => {
    assert.equal(root.name, "config");
    assert.equal(root.attrs.xmlns, "http://www.linphone.org/xsds/lpconfig.xsd");
    const s = linphoneSections(root);
    assert.equal(s.proxy_0?.reg_identity, '"Operator" <sip:100@pbx.home.arpa>');
    assert.equal(s.proxy_0?.reg_proxy, "<sip:172.16.0.10:5060;transport=udp>");
    assert.equal(s.auth_info_0?.username, "100");
    assert.equal(s.auth_info_0?.passwd, SAMPLE_PASSWORD);
    assert.equal(s.sip?.use_rfc2833, "1");
    assert.equal(s.rtp?.audio_dscp, "46");
    assert.equal(s.misc?.transient_provisioning, "1");
  });
});
