// Linphone (and linphone-SDK apps) remote provisioning: the linphonerc configuration as XML,
// `<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd">` with `<section name>` and
// `<entry name>`. Sections and keys from the Linphone wiki "Remote Provisioning" page and the
// liblinphone "Provisioning configuration keys" reference ([proxy_N] reg_identity, reg_proxy,
// reg_route, reg_sendregister, reg_expires; [auth_info_N] username, userid, passwd, domain;
// [sip] default_proxy, dscp, use_rfc2833, use_info; [rtp] audio_dscp; [misc]
// transient_provisioning, read by liblinphone's linphone_core_is_provisioning_transient).
import type { DeviceProvisioning, RenderedFile } from "../device-provisioning.ts";
import { xmlEscape } from "../xml-text.ts";

function section(name: string, entries: ReadonlyArray<readonly [string, string | number]>): string {
  const lines = entries.map(
    ([k, v]) => `    <entry name="${xmlEscape(k)}" overwrite="true">${xmlEscape(String(v))}</entry>`,
  );
  return `  <section name="${xmlEscape(name)}">\n${lines.join("\n")}\n  </section>`;
}

export function renderLinphone(d: DeviceProvisioning): RenderedFile {
  const s = d.server;
  const proxy = `<sip:${s.host}:${s.port};transport=${s.transport}>`;
  const sections = [
    section("sip", [
      ["default_proxy", 0],
      ["dscp", d.dscp.sip],
      ["use_rfc2833", 1],
      ["use_info", 0],
    ]),
    section("rtp", [["audio_dscp", d.dscp.rtp]]),
    // liblinphone (linphone_core_is_provisioning_transient): apply once and forget the URI, so
    // the app does not fetch the one-time URL again at its next start.
    section("misc", [["transient_provisioning", 1]]),
  ];
  d.lines.forEach((l, i) => {
    sections.push(
      section(`proxy_${i}`, [
        ["reg_identity", `"${l.displayName.replace(/"/g, "")}" <sip:${l.extension}@${s.domain}>`],
        ["reg_proxy", proxy],
        ["reg_route", proxy],
        ["reg_sendregister", 1],
        ["reg_expires", 3600],
        ["publish", 0],
      ]),
      section(`auth_info_${i}`, [
        ["username", l.extension],
        ["userid", l.authUser],
        ["passwd", l.password],
        ["domain", s.domain],
      ]),
    );
  });
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.linphone.org/xsds/lpconfig.xsd lpconfig.xsd">\n${sections.join("\n")}\n</config>\n`;
  return { body, contentType: "application/xml" };
}
