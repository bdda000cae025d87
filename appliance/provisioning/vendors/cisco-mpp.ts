// Cisco IP Phone 7800/8800 Multiplatform (3PCC/MPP) firmware: an XML "flat profile".
// Parameter names from "Cisco IP Phone 7800 Series Multiplatform Phones Provisioning Guide"
// (chapters "Provisioning Parameters" and "Profile Rules"; the per-line `_n_` suffix convention
// and `ua="na"` user-access attribute) and the 7800 MPP Administration Guide (Ext n / Voice
// fields: Line_Enable, Proxy, Outbound_Proxy, User_ID, Password, Auth_ID, Display_Name,
// Dial_Plan, DTMF_Tx_Method, SIP/RTP_TOS_DiffServ_Value, Extended_Function for BLF keys).
import type { DeviceProvisioning, RenderedFile } from "../device-provisioning.ts";
import { toDigitMap } from "../dial-plan.ts";
import { tosHex } from "../dscp-tos.ts";
import { ciscoDstRule, gmtOffsetText } from "../time-zone-format.ts";
import { xmlElement, xmlEscape } from "../xml-text.ts";

/** `$PN` as the 3PCC firmware expands it: model 7821 → `CP-7821-3PCC`. */
export function ciscoMppProductName(model: string): string {
  const bare = model
    .toUpperCase()
    .replace(/^CP-/, "")
    .replace(/-3PCC$/, "");
  return `CP-${bare}-3PCC`;
}

/** `[--uid user --pwd pass]url`: the Profile_Rule option syntax of the Provisioning Guide. */
export function ciscoProfileRule(url: string, user: string, password: string): string {
  return `[--uid ${user} --pwd ${password}]${url}`;
}

export function renderCiscoMpp(d: DeviceProvisioning): RenderedFile {
  const e: string[] = [];
  // ua="na": the value is never shown on, nor editable from, the phone's web page.
  const p = (name: string, value: string | number, access = "na") =>
    e.push(`  ${xmlElement(name, value, `ua="${access}"`)}`);

  p("Provision_Enable", "Yes");
  p("Resync_On_Reset", "Yes");
  p("Resync_Periodic", d.resync.periodicSeconds);
  p("Resync_From_SIP", "Yes"); // honour NOTIFY Event: check-sync
  p("Profile_Rule", ciscoProfileRule(d.resync.url, d.resync.user, d.resync.password));
  p("Station_Display_Name", d.stationName, "ro");
  p("Primary_NTP_Server", d.ntpServers[0] ?? "", "ro");
  p("Secondary_NTP_Server", d.ntpServers[1] ?? "", "ro");
  p("Time_Zone", gmtOffsetText(d.timeZone.standardOffsetMinutes), "ro");
  const dst = ciscoDstRule(d.timeZone);
  p("Daylight_Saving_Time_Enable", dst ? "Yes" : "No", "ro");
  if (dst) p("Daylight_Saving_Time_Rule", dst, "ro");
  p("Voice_Mail_Number", d.voicemailNumber, "ro");

  p("AVT_Dynamic_Payload", d.dtmfPayloadType);
  const transport = d.server.transport.toUpperCase();
  for (const line of d.lines) {
    const n = line.index;
    p(`Line_Enable_${n}_`, "Yes");
    p(`Extension_${n}_`, n); // line key n shows extension n
    p(`Short_Name_${n}_`, line.label, "ro");
    p(`Proxy_${n}_`, d.server.domain);
    p(`Outbound_Proxy_${n}_`, `${d.server.host}:${d.server.port}`);
    p(`Use_Outbound_Proxy_${n}_`, "Yes");
    p(`SIP_Transport_${n}_`, transport);
    p(`Register_${n}_`, "Yes");
    p(`Make_Call_Without_Reg_${n}_`, "No");
    p(`Display_Name_${n}_`, line.displayName, "ro");
    p(`User_ID_${n}_`, line.extension);
    p(`Auth_ID_${n}_`, line.authUser);
    p(`Use_Auth_ID_${n}_`, "Yes");
    p(`Password_${n}_`, line.password);
    p(`Dial_Plan_${n}_`, toDigitMap(d.dialPlan));
    p(`DTMF_Tx_Method_${n}_`, "AVT"); // AVT = RFC 2833/4733 telephone-event
    p(`SIP_TOS_DiffServ_Value_${n}_`, tosHex(d.dscp.sip));
    p(`RTP_TOS_DiffServ_Value_${n}_`, tosHex(d.dscp.rtp));
    p(`Voice_Mail_Server_${n}_`, d.voicemailNumber);
  }
  for (const key of d.keys) {
    const n = key.position;
    p(`Extension_${n}_`, "Disabled");
    const fnc = key.kind === "blf" ? "blf+sd+cp" : "sd";
    const target = `${key.number}@${d.server.domain}`;
    const value =
      key.kind === "blf"
        ? `fnc=${fnc};sub=${target};nme=${key.label}`
        : `fnc=${fnc};ext=${target};nme=${key.label}`;
    p(`Extended_Function_${n}_`, value, "ro");
  }
  return {
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<flat-profile>\n${e.join("\n")}\n</flat-profile>\n`,
    contentType: "application/xml",
  };
}

/**
 * The generic file a factory-new phone asks the option 150/66 server for with its default
 * Profile_Rule `/$PSN.xml`: no secrets, only the Profile_Rule pointing at the per-MAC file (the
 * option-160 URL), for labs whose router hands out option 150/66 but not 160.
 */
export function renderCiscoMppGeneric(macProfileUrl: string): RenderedFile {
  return {
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<flat-profile>\n  <Profile_Rule ua="na">${xmlEscape(macProfileUrl)}</Profile_Rule>\n  <Resync_On_Reset ua="na">Yes</Resync_On_Reset>\n</flat-profile>\n`,
    contentType: "application/xml",
  };
}
