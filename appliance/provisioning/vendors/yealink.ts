// Yealink T-series: `<mac>.cfg` (per device) and `y0000000000xx.cfg` (common, per model family),
// text files of `key = value` lines starting with `#!version:1.0.0.1`. Parameter names from the
// "Yealink SIP IP Phones Auto Provisioning Guide" and the T4x/T5x Administrator Guides
// (account.N.*, linekey.N.*, local_time.*, network.qos.*, static.auto_provision.*,
// sip.notify_reboot_enable).
import type { DeviceProvisioning, DstTransition, RenderedFile } from "../device-provisioning.ts";

/** Yealink's `transport_type`: 0 UDP, 1 TCP, 2 TLS. */
const TRANSPORT = { udp: 0, tcp: 1, tls: 2 } as const;

/** `local_time.time_zone`: `-5`, `+5:30`. */
function yealinkOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${abs % 60}` : ""}`;
}

/** `month/week/weekday/hour` with week 5 for "last" (dst_time_type 1 = by week). */
function yealinkWhen(t: DstTransition): string {
  return `${t.month}/${t.week === -1 ? 5 : t.week}/${t.weekday}/${t.hour}`;
}

function lines(entries: ReadonlyArray<readonly [string, string | number]>): string {
  return `#!version:1.0.0.1\n${entries.map(([k, v]) => `${k} = ${v}`).join("\n")}\n`;
}

export function renderYealink(d: DeviceProvisioning): RenderedFile {
  const e: Array<readonly [string, string | number]> = [];
  for (const l of d.lines) {
    const a = `account.${l.index}`;
    e.push(
      [`${a}.enable`, 1],
      [`${a}.label`, l.label],
      [`${a}.display_name`, l.displayName],
      [`${a}.user_name`, l.extension],
      [`${a}.auth_name`, l.authUser],
      [`${a}.password`, l.password],
      [`${a}.sip_server.1.address`, d.server.domain],
      [`${a}.sip_server.1.port`, d.server.port],
      [`${a}.sip_server.1.transport_type`, TRANSPORT[d.server.transport]],
      [`${a}.outbound_proxy_enable`, 1],
      [`${a}.outbound_proxy.1.address`, d.server.host],
      [`${a}.outbound_proxy.1.port`, d.server.port],
      [`${a}.dtmf.type`, 1], // 1 = RFC 2833
      [`${a}.dtmf.dtmf_payload`, d.dtmfPayloadType],
      [`voice_mail.number.${l.index}`, d.voicemailNumber],
    );
  }
  for (const k of d.keys) {
    // linekey type 16 = BLF, 13 = speed dial
    e.push(
      [`linekey.${k.position}.type`, k.kind === "blf" ? 16 : 13],
      [`linekey.${k.position}.value`, k.number],
      [`linekey.${k.position}.label`, k.label],
      [`linekey.${k.position}.line`, 1],
    );
  }
  const dir = d.resync.url.slice(0, d.resync.url.lastIndexOf("/") + 1);
  e.push(
    ["static.auto_provision.server.url", dir],
    ["static.auto_provision.server.username", d.resync.user],
    ["static.auto_provision.server.password", d.resync.password],
    ["static.auto_provision.repeat.enable", 1],
    ["static.auto_provision.repeat.minutes", Math.max(1, Math.round(d.resync.periodicSeconds / 60))],
    ["sip.notify_reboot_enable", 0], // reboot only when the check-sync NOTIFY says reboot=true
  );
  return { body: lines([...e, ...yealinkCommon(d)]), contentType: "text/plain; charset=utf-8" };
}

/** The settings without secrets, also served as the common `y0000000000xx.cfg`. */
export function yealinkCommon(d: DeviceProvisioning): Array<readonly [string, string | number]> {
  const e: Array<readonly [string, string | number]> = [
    ["local_time.ntp_server1", d.ntpServers[0] ?? ""],
    ["local_time.ntp_server2", d.ntpServers[1] ?? ""],
    ["local_time.time_zone", yealinkOffset(d.timeZone.standardOffsetMinutes)],
    ["local_time.summer_time", d.timeZone.dst ? 1 : 0],
    ["network.qos.rtptos", d.dscp.rtp],
    ["network.qos.signaltos", d.dscp.sip],
  ];
  const dst = d.timeZone.dst;
  if (dst) {
    e.push(
      ["local_time.dst_time_type", 1],
      ["local_time.start_time", yealinkWhen(dst.start)],
      ["local_time.end_time", yealinkWhen(dst.end)],
      ["local_time.offset_time", dst.savingMinutes],
    );
  }
  return e;
}

export function renderYealinkCommon(d: DeviceProvisioning): RenderedFile {
  return { body: lines(yealinkCommon(d)), contentType: "text/plain; charset=utf-8" };
}
