// Cisco Unified IP Phone 79xx on enterprise SIP firmware: `SEP<MAC>.cnf.xml`, fetched over TFTP
// (option 150) at every boot. Element names as in the SEP<MAC>.cnf.xml files Cisco Unified CM
// generates for SIP phones ("Cisco Unified IP Phone 7941G/7961G … Administration Guide for Cisco
// Unified Communications Manager (SIP)", "Configuring SIP phones" / sample configuration files):
// devicePool/dateTimeSetting/timeZone, ntps, sipProfile/sipLines/line (name, authName,
// authPassword, displayName, proxy, port), dtmfAvtPayload, dscpForAudio, dscpForCm2Dvce,
// transportLayerProtocol.
import type { DeviceProvisioning, RenderedFile } from "../device-provisioning.ts";
import { tosByte } from "../dscp-tos.ts";
import { xmlElement } from "../xml-text.ts";

/** The 79xx firmware names the file after its MAC in upper case: `SEP001B54AABBCC.cnf.xml`. */
export function ciscoSipFileName(mac: string): string {
  return `SEP${mac.toUpperCase()}.cnf.xml`;
}

/** Unified CM's time-zone names for the IANA zones a small site is likely to use. */
const CISCO_ZONES: Readonly<Record<string, string>> = {
  "America/New_York": "Eastern Standard/Daylight Time",
  "America/Detroit": "Eastern Standard/Daylight Time",
  "America/Toronto": "Eastern Standard/Daylight Time",
  "America/Chicago": "Central Standard/Daylight Time",
  "America/Denver": "Mountain Standard/Daylight Time",
  "America/Phoenix": "US Mountain Standard Time",
  "America/Los_Angeles": "Pacific Standard/Daylight Time",
  "America/Anchorage": "Alaskan Standard/Daylight Time",
  "Pacific/Honolulu": "Hawaiian Standard Time",
  "Europe/London": "GMT Standard/Daylight Time",
  "Europe/Dublin": "GMT Standard/Daylight Time",
  "Europe/Paris": "Romance Standard/Daylight Time",
  "Europe/Brussels": "Romance Standard/Daylight Time",
  "Europe/Madrid": "Romance Standard/Daylight Time",
  "Europe/Berlin": "W. Europe Standard/Daylight Time",
  "Europe/Amsterdam": "W. Europe Standard/Daylight Time",
  "Europe/Rome": "W. Europe Standard/Daylight Time",
  "Europe/Zurich": "W. Europe Standard/Daylight Time",
  "Asia/Tokyo": "Tokyo Standard Time",
  "Australia/Sydney": "AUS Eastern Standard/Daylight Time",
  UTC: "Greenwich Standard Time",
  "Etc/UTC": "Greenwich Standard Time",
};

export function ciscoTimeZoneName(iana: string): string {
  return CISCO_ZONES[iana] ?? "Greenwich Standard Time";
}

export function renderCiscoSip(d: DeviceProvisioning): RenderedFile {
  const i = (depth: number) => "  ".repeat(depth);
  const lines = d.lines.flatMap((l) => [
    `${i(3)}<line button="${l.index}">`,
    `${i(4)}<featureID>9</featureID>`,
    `${i(4)}${xmlElement("featureLabel", l.label)}`,
    `${i(4)}${xmlElement("proxy", d.server.host)}`,
    `${i(4)}${xmlElement("port", d.server.port)}`,
    `${i(4)}${xmlElement("name", l.extension)}`,
    `${i(4)}${xmlElement("displayName", l.displayName)}`,
    `${i(4)}${xmlElement("contact", l.extension)}`,
    `${i(4)}${xmlElement("authName", l.authUser)}`,
    `${i(4)}${xmlElement("authPassword", l.password)}`,
    `${i(4)}${xmlElement("messagesNumber", d.voicemailNumber)}`,
    `${i(3)}</line>`,
  ]);
  const speedDials = d.keys.flatMap((k) => [
    `${i(3)}<line button="${k.position}">`,
    `${i(4)}<featureID>${k.kind === "blf" ? 22 : 2}</featureID>`,
    `${i(4)}${xmlElement("featureLabel", k.label)}`,
    `${i(4)}${xmlElement("speedDialNumber", k.number)}`,
    `${i(3)}</line>`,
  ]);
  const ntps = d.ntpServers.flatMap((s) => [
    `${i(4)}<ntp>`,
    `${i(5)}${xmlElement("name", s)}`,
    `${i(5)}<ntpMode>Unicast</ntpMode>`,
    `${i(4)}</ntp>`,
  ]);
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<device>",
    `${i(1)}<deviceProtocol>SIP</deviceProtocol>`,
    `${i(1)}<devicePool>`,
    `${i(2)}<dateTimeSetting>`,
    `${i(3)}<dateTemplate>M/D/Y</dateTemplate>`,
    `${i(3)}${xmlElement("timeZone", ciscoTimeZoneName(d.timeZone.iana))}`,
    `${i(3)}<ntps>`,
    ...ntps,
    `${i(3)}</ntps>`,
    `${i(2)}</dateTimeSetting>`,
    `${i(2)}<callManagerGroup><members><member priority="0"><callManager>`,
    `${i(3)}<ports><sipPort>${d.server.port}</sipPort></ports>`,
    `${i(3)}${xmlElement("processNodeName", d.server.host)}`,
    `${i(2)}</callManager></member></members></callManagerGroup>`,
    `${i(1)}</devicePool>`,
    `${i(1)}<sipProfile>`,
    `${i(2)}<sipProxies><registerWithProxy>true</registerWithProxy></sipProxies>`,
    `${i(2)}${xmlElement("phoneLabel", d.stationName)}`,
    `${i(2)}${xmlElement("dtmfAvtPayload", d.dtmfPayloadType)}`,
    `${i(2)}<dtmfOutofBand>avt</dtmfOutofBand>`,
    `${i(2)}${xmlElement("dscpForAudio", tosByte(d.dscp.rtp))}`,
    `${i(2)}<sipLines>`,
    ...lines,
    ...speedDials,
    `${i(2)}</sipLines>`,
    `${i(1)}</sipProfile>`,
    // 1 = TCP, 2 = UDP
    `${i(1)}${xmlElement("transportLayerProtocol", d.server.transport === "udp" ? 2 : 1)}`,
    `${i(1)}${xmlElement("dscpForCm2Dvce", tosByte(d.dscp.sip))}`,
    "</device>",
    "",
  ].join("\n");
  return { body, contentType: "application/xml" };
}
