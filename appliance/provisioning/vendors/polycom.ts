// Poly (Polycom) VVX on UC Software: a master configuration file `<mac>.cfg` that lists the
// configuration files to load, and the file with the parameters, `<mac>-pibx.cfg`. Names from
// the "Polycom UC Software Administrator Guide" / "Poly VVX Provisioning" (APPLICATION
// CONFIG_FILES; reg.N.*, msg.mwi.N.*, dialplan.digitmap, tcpIpApp.sntp.*, qos.ip.*,
// tone.dtmf.*, voIpProt.SIP.*, device.prov.*, prov.polling.*, attendant.resourceList.*).
import type { DeviceProvisioning, DstTransition, RenderedFile } from "../device-provisioning.ts";
import { toDigitMap } from "../dial-plan.ts";
import { xmlEscape } from "../xml-text.ts";

export function polycomConfigFileName(mac: string): string {
  return `${mac}-pibx.cfg`;
}

/** The master configuration file: no secrets, only which file to load next. */
export function renderPolycomMaster(d: DeviceProvisioning): RenderedFile {
  const file = polycomConfigFileName(d.mac ?? "");
  return {
    body: `<?xml version="1.0" standalone="yes"?>\n<APPLICATION APP_FILE_PATH="" CONFIG_FILES="${xmlEscape(file)}" MISC_FILES="" LOG_FILE_DIRECTORY="" OVERRIDES_DIRECTORY="" CONTACTS_DIRECTORY="" LICENSE_DIRECTORY="" USER_PROFILES_DIRECTORY="" CALL_LISTS_DIRECTORY=""/>\n`,
    contentType: "application/xml",
  };
}

const TRANSPORT = { udp: "UDPOnly", tcp: "TCPOnly", tls: "TLS" } as const;

/** Polycom's `dayOfWeek` counts 1 = Sunday … 7 = Saturday. */
function polycomDst(prefix: string, t: DstTransition): Array<readonly [string, string | number]> {
  return [
    [`${prefix}.month`, t.month],
    [`${prefix}.date`, t.week === -1 ? 22 : (t.week - 1) * 7 + 1],
    [`${prefix}.dayOfWeek`, (t.weekday % 7) + 1],
    [`${prefix}.dayOfWeek.lastInMonth`, t.week === -1 ? 1 : 0],
    [`${prefix}.time`, t.hour],
  ];
}

function element(name: string, attrs: ReadonlyArray<readonly [string, string | number]>): string {
  const text = attrs.map(([k, v]) => `\n    ${k}="${xmlEscape(String(v))}"`).join("");
  return `  <${name}${text}/>`;
}

export function renderPolycom(d: DeviceProvisioning): RenderedFile {
  const reg: Array<readonly [string, string | number]> = [];
  const msg: Array<readonly [string, string | number]> = [];
  for (const l of d.lines) {
    const r = `reg.${l.index}`;
    reg.push(
      [`${r}.address`, l.extension],
      [`${r}.auth.userId`, l.authUser],
      [`${r}.auth.password`, l.password],
      [`${r}.displayName`, l.displayName],
      [`${r}.label`, l.label],
      [`${r}.server.1.address`, d.server.domain],
      [`${r}.server.1.port`, d.server.port],
      [`${r}.server.1.transport`, TRANSPORT[d.server.transport]],
      [`${r}.outboundProxy.address`, d.server.host],
      [`${r}.outboundProxy.port`, d.server.port],
      [`${r}.outboundProxy.transport`, TRANSPORT[d.server.transport]],
    );
    msg.push(
      [`msg.mwi.${l.index}.callBackMode`, "contact"],
      [`msg.mwi.${l.index}.callBack`, d.voicemailNumber],
    );
  }
  const attendant = d.keys
    .filter((k) => k.kind === "blf")
    .flatMap(
      (k, i): Array<readonly [string, string | number]> => [
        [`attendant.resourceList.${i + 1}.address`, `${k.number}@${d.server.domain}`],
        [`attendant.resourceList.${i + 1}.label`, k.label],
        [`attendant.resourceList.${i + 1}.type`, "normal"],
      ],
    );
  const sntp: Array<readonly [string, string | number]> = [
    ["tcpIpApp.sntp.address", d.ntpServers[0] ?? ""],
    ["tcpIpApp.sntp.gmtOffset", d.timeZone.standardOffsetMinutes * 60],
    ["tcpIpApp.sntp.daylightSavings.enable", d.timeZone.dst ? 1 : 0],
  ];
  if (d.timeZone.dst) {
    sntp.push(
      ["tcpIpApp.sntp.daylightSavings.fixedDayEnable", 0],
      ...polycomDst("tcpIpApp.sntp.daylightSavings.start", d.timeZone.dst.start),
      ...polycomDst("tcpIpApp.sntp.daylightSavings.stop", d.timeZone.dst.end),
    );
  }
  const url = new URL(d.resync.url);
  const body = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    "<polycomConfig>",
    element("reg", reg),
    element("msg", msg),
    element("dialplan", [["dialplan.digitmap", toDigitMap(d.dialPlan).slice(1, -1)]]),
    element("tcpIpApp", sntp),
    element("qos", [
      ["qos.ip.rtp.dscp", d.dscp.rtp],
      ["qos.ip.callControl.dscp", d.dscp.sip],
    ]),
    element("tone", [
      ["tone.dtmf.viaRtp", 1],
      ["tone.dtmf.rfc2833Control", 1],
      ["tone.dtmf.rfc2833Payload", d.dtmfPayloadType],
    ]),
    element("voIpProt", [
      ["voIpProt.SIP.dtmfViaSignaling.rfc2976", 0],
      ["voIpProt.SIP.specialEvent.checkSync.alwaysReboot", 0],
    ]),
    element("device", [
      ["device.set", 1],
      ["device.prov.serverType.set", 1],
      ["device.prov.serverType", url.protocol === "https:" ? 3 : 2], // 2 HTTP, 3 HTTPS
      ["device.prov.serverName.set", 1],
      ["device.prov.serverName", `${url.host}${url.pathname.slice(0, url.pathname.lastIndexOf("/"))}`],
      ["device.prov.user.set", 1],
      ["device.prov.user", d.resync.user],
      ["device.prov.password.set", 1],
      ["device.prov.password", d.resync.password],
    ]),
    element("prov", [
      ["prov.polling.enabled", 1],
      ["prov.polling.mode", "rel"],
      ["prov.polling.period", d.resync.periodicSeconds],
    ]),
    ...(attendant.length > 0 ? [element("attendant", attendant)] : []),
    "</polycomConfig>",
    "",
  ].join("\n");
  return { body, contentType: "application/xml" };
}
