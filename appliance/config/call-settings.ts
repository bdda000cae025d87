// From a validated ApplianceConfig to the settings of the call-side components: the trunks'
// registrations and inbound recognition, the dial plan and the blacklist.
import type { ApplianceConfig, Trunk } from "../../schemas/appliance-config/index.ts";
import type { BlacklistConfig, DialingConventions } from "../pbx/blacklist/index.ts";
import { type DialPlanConfig, dialPlanConfig } from "../pbx/routing/index.ts";
import { type TrunkSettings, trunkSettings } from "../pbx/trunk/index.ts";

export function dialingOf(c: ApplianceConfig): DialingConventions {
  return { ...c.dialPlan.dialing };
}

export function trunkSettingsOf(t: Trunk): TrunkSettings {
  const s = trunkSettings({
    name: t.name,
    host: t.host,
    port: t.port,
    transport: t.transport,
    username: t.username,
    password: t.password,
    register: t.register,
    dids: t.dids.map((d) => ({ number: d.number, destination: { ...d.destination } })),
    expiresSeconds: t.expiresSeconds,
    keepaliveSeconds: t.keepaliveSeconds,
    didSource: t.didSource,
    callerIdSource: t.callerIdSource,
    anySourcePort: t.anySourcePort,
    extraInboundAddresses: [...t.extraInboundAddresses],
  });
  if (t.authUsername !== undefined) s.authUsername = t.authUsername;
  if (t.domain !== undefined) s.domain = t.domain;
  const id = t.outbound.callerId;
  s.outboundCallerId = { header: t.outbound.callerIdHeader };
  if (id?.number !== undefined) s.outboundCallerId.number = id.number;
  if (id?.name !== undefined) s.outboundCallerId.name = id.name;
  return s;
}

export function dialPlanOf(c: ApplianceConfig): DialPlanConfig {
  const d = c.dialPlan;
  const plan: Partial<DialPlanConfig> = {
    dialing: dialingOf(c),
    // Every extension that can register may call; unlisted ones get internal calls only.
    extensions: c.extensions.map((e) => ({
      number: e.number,
      permissions: d.extensions.find((x) => x.number === e.number)?.permissions ?? "internal",
    })),
    // The internal numbers: the same sections the PBX routes on.
    ringGroups: c.ringGroups.map((g) => ({ name: g.name, number: g.number })),
    ivrMenus: c.ivrMenus.flatMap((m) => (m.number === undefined ? [] : [{ name: m.name, number: m.number }])),
    conferences: c.conferences.map((x) => ({ number: x.number })),
    mailboxes: c.voicemail.boxes.map((b) => b.number),
    voicemailAccessNumber: c.voicemail.accessNumber,
    trunks: c.trunks.map((t) => {
      const out: DialPlanConfig["trunks"][number] = {
        name: t.name,
        patterns: [...t.outbound.patterns],
        maxCalls: t.limits.maxCalls,
      };
      return t.limits.callsPerHour === undefined ? out : { ...out, callsPerHour: t.limits.callsPerHour };
    }),
    premiumPrefixes: [...d.premiumPrefixes],
    allowPremium: d.allowPremium,
  };
  if (d.emergency) {
    plan.emergency =
      d.emergency.trunk === undefined
        ? { numbers: [...d.emergency.numbers] }
        : { numbers: [...d.emergency.numbers], trunk: d.emergency.trunk };
  }
  return dialPlanConfig(plan);
}

export function blacklistOf(c: ApplianceConfig): BlacklistConfig {
  const b = c.blacklist;
  return { numbers: [...b.numbers], prefixes: [...b.prefixes], anonymous: b.anonymous, response: b.response };
}
