// Grandstream GXP/GRP: `cfg<mac>.xml`, an XML file of P-values. P-value numbers from the
// "Grandstream Networks XML Provisioning Guide" (gs_provision/config layout) and the GXP21xx
// firmware configuration template (P271 account active, P270 account name, P47 SIP server,
// P48 outbound proxy, P35 SIP user ID, P36 authenticate ID, P34 password, P3 display name,
// P33 voicemail, P130 SIP transport, P73/P79 DTMF via RFC 2833 and its payload type, P290 dial
// plan, P30 NTP server, P64/P246 time zone, P1558/P1559 layer-3 QoS for SIP/RTP, P212/P237 config
// server, P1360/P1361 its HTTP credentials, P194/P193 periodic check, P323… multi-purpose keys).
import type { DeviceProvisioning, RenderedFile } from "../device-provisioning.ts";
import { toGrandstreamDialPlan } from "../dial-plan.ts";
import { posixTz } from "../time-zone-format.ts";
import { xmlElement } from "../xml-text.ts";

/** Grandstream's account N P-values; account 1 uses the historical low numbers. */
const ACCOUNT_1 = {
  active: "P271",
  name: "P270",
  server: "P47",
  outboundProxy: "P48",
  userId: "P35",
  authId: "P36",
  password: "P34",
  displayName: "P3",
  voicemail: "P33",
  transport: "P130",
  dtmfRtp: "P73",
  dtmfPayload: "P79",
  dialPlan: "P290",
} as const;

/** Accounts 2+ sit in blocks of 100 (account 2: P401…, account 3: P501…); only these fields. */
const ACCOUNT_N: Readonly<Partial<Record<keyof typeof ACCOUNT_1, number>>> = {
  active: 401,
  server: 402,
  outboundProxy: 403,
  userId: 404,
  authId: 405,
  password: 406,
  displayName: 407,
  name: 417,
};

function accountParam(index: number, field: keyof typeof ACCOUNT_1): string | undefined {
  if (index === 1) return ACCOUNT_1[field];
  const base = ACCOUNT_N[field];
  return base === undefined ? undefined : `P${base + (index - 2) * 100}`;
}

/** P130: 0 UDP, 1 TCP, 2 TLS. */
const TRANSPORT = { udp: 0, tcp: 1, tls: 2 } as const;

export function renderGrandstream(d: DeviceProvisioning): RenderedFile {
  const p: Array<readonly [string, string | number]> = [];
  for (const l of d.lines) {
    const fields: Array<readonly [keyof typeof ACCOUNT_1, string | number]> = [
      ["active", 1],
      ["name", l.label],
      ["server", d.server.domain],
      ["outboundProxy", `${d.server.host}:${d.server.port}`],
      ["userId", l.extension],
      ["authId", l.authUser],
      ["password", l.password],
      ["displayName", l.displayName],
      ["voicemail", d.voicemailNumber],
      ["transport", TRANSPORT[d.server.transport]],
      ["dialPlan", toGrandstreamDialPlan(d.dialPlan)],
      ["dtmfRtp", 1],
      ["dtmfPayload", d.dtmfPayloadType],
    ];
    for (const [field, value] of fields) {
      const name = accountParam(l.index, field);
      if (name !== undefined) p.push([name, value]);
    }
  }
  // Multi-purpose keys: mode (1 BLF, 0 speed dial), account, label, value; 4 P-values per key.
  d.keys.forEach((k, i) => {
    const base = 323 + i * 4;
    p.push(
      [`P${base}`, k.kind === "blf" ? 1 : 0],
      [`P${base + 1}`, 0],
      [`P${base + 2}`, k.label],
      [`P${base + 3}`, k.number],
    );
  });
  const url = new URL(d.resync.url);
  p.push(
    ["P30", d.ntpServers[0] ?? ""],
    ["P64", "customize"],
    ["P246", posixTz(d.timeZone)],
    ["P1558", d.dscp.sip],
    ["P1559", d.dscp.rtp],
    ["P212", url.protocol === "https:" ? 2 : 1],
    // The config server path is host + directory; the phone appends cfg<mac>.xml.
    ["P237", `${url.host}${url.pathname.slice(0, url.pathname.lastIndexOf("/"))}`],
    ["P1360", d.resync.user],
    ["P1361", d.resync.password],
    ["P194", 1],
    ["P193", Math.max(60, Math.round(d.resync.periodicSeconds / 60))],
  );
  const mac = d.mac ?? "";
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gs_provision version="1">',
    `  ${xmlElement("mac", mac)}`,
    '  <config version="1">',
    ...p.map(([k, v]) => `    ${xmlElement(k, v)}`),
    "  </config>",
    "</gs_provision>",
    "",
  ].join("\n");
  return { body, contentType: "application/xml" };
}
