// snom D-series: `snom<model>-<MAC>.htm` (or `.xml`), the XML settings format with one element
// per setting and the line index as a suffix (`user_name1`). Names from the snom "XML
// provisioning" / "Settings" reference on service.snom.com (user_active, user_realname,
// user_name, user_host, user_outbound, user_pname, user_pass, user_mailbox, user_dtmf_info,
// dtmf_payload_type, ntp_server, timezone/utc_offset/dst, codec_tos, signaling_tos, setting_server,
// settings_refresh_timer, fkey).
import type { DeviceProvisioning, DstTransition, RenderedFile } from "../device-provisioning.ts";
import { tosByte } from "../dscp-tos.ts";
import { xmlElement } from "../xml-text.ts";

/**
 * `snomD735-001B54AABBCC.htm`: the file name the phone asks for, MAC in upper case (also
 * `<MAC>.xml`, the name wazo-provd's snom plugin has the .htm point at, is served).
 */
export function snomFileName(model: string, mac: string): string {
  const m = model.replace(/\s+/g, "");
  return `snom${m.replace(/^snom/i, "")}-${mac.toUpperCase()}.htm`;
}

/** snom's `dst`: `<seconds> <MM.WW.DD HH:MM:SS> <…stop…>`, week 5 = last, day 1 = Monday. */
function snomWhen(t: DstTransition): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(t.month)}.${two(t.week === -1 ? 5 : t.week)}.${two(t.weekday)} ${two(t.hour)}:00:00`;
}

export function renderSnom(d: DeviceProvisioning): RenderedFile {
  const s: string[] = [];
  const set = (name: string, value: string | number) => s.push(`    ${xmlElement(name, value, 'perm="R"')}`);
  for (const l of d.lines) {
    const n = l.index;
    set(`user_active${n}`, "on");
    set(`user_realname${n}`, l.displayName);
    set(`user_idle_text${n}`, l.label);
    set(`user_name${n}`, l.extension);
    set(`user_host${n}`, d.server.domain);
    set(`user_outbound${n}`, `${d.server.host}:${d.server.port};transport=${d.server.transport}`);
    set(`user_pname${n}`, l.authUser);
    set(`user_pass${n}`, l.password);
    set(`user_mailbox${n}`, d.voicemailNumber);
    set(`user_dtmf_info${n}`, "off"); // off = DTMF as RFC 2833 events
  }
  set("dtmf_payload_type", d.dtmfPayloadType);
  set("ntp_server", d.ntpServers[0] ?? "");
  // An empty `timezone` makes the phone use utc_offset and dst (signed seconds).
  set("timezone", "");
  const offset = d.timeZone.standardOffsetMinutes * 60;
  set("utc_offset", offset < 0 ? String(offset) : `+${offset}`);
  const dst = d.timeZone.dst;
  if (dst) set("dst", `${dst.savingMinutes * 60} ${snomWhen(dst.start)} ${snomWhen(dst.end)}`);
  set("codec_tos", tosByte(d.dscp.rtp));
  set("signaling_tos", tosByte(d.dscp.sip));
  // snom takes HTTP credentials in the settings URL; {mac} is expanded by the phone.
  const url = new URL(d.resync.url);
  url.username = encodeURIComponent(d.resync.user);
  url.password = encodeURIComponent(d.resync.password);
  set("setting_server", url.toString());
  set("settings_refresh_timer", d.resync.periodicSeconds);
  set("update_policy", "settings_only");
  const keys = d.keys.map((k, i) => {
    const value = k.kind === "blf" ? `blf <sip:${k.number}@${d.server.domain}>` : `speed ${k.number}`;
    return `    ${xmlElement("fkey", value, `idx="${i}" context="active" label="${k.label.replace(/"/g, "")}" perm="R"`)}`;
  });
  const body = [
    '<?xml version="1.0" encoding="utf-8"?>',
    "<settings>",
    '  <phone-settings e="2">',
    ...s,
    "  </phone-settings>",
    '  <functionKeys e="2">',
    ...keys,
    "  </functionKeys>",
    "</settings>",
    "",
  ].join("\n");
  return { body, contentType: "application/xml" };
}
