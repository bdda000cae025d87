// Lab trunks → the appliance config's `trunks`: the account, where the DIDs go, outbound patterns
// and limits. The trunk's password goes out in plain: answering the provider's digest challenge
// (RFC 7616 §3.4.1) needs it, since its realm (the HA1 input) is only known at the first 401.
import type { Trunk as ApplianceTrunk } from "../../schemas/appliance-config/index.ts";
import type { Lab } from "../../schemas/index.ts";
import { secretValue } from "./appliance-missing-secret.ts";

const TRANSPORT = { udp: "UDP", tcp: "TCP", tls: "TLS" } as const;

export function planTrunks(lab: Lab, secrets: Readonly<Record<string, string>>): ApplianceTrunk[] {
  return lab.trunks.map((t, i): ApplianceTrunk => {
    const out: ApplianceTrunk = {
      name: t.name,
      host: t.host,
      port: t.port,
      transport: TRANSPORT[t.transport],
      username: t.username,
      password: secretValue(secrets, t.password.secret, `trunks[${i}].password`),
      register: t.register,
      expiresSeconds: 600,
      keepaliveSeconds: 25,
      // The lab's providers put the dialled DID in To (and P-Called-Party-ID); the caller in From.
      didSource: "to",
      callerIdSource: "from",
      anySourcePort: false,
      extraInboundAddresses: [],
      dids: t.dids.map((d) => ({ number: d.number, destination: { ...d.destination } })),
      outbound: { patterns: [...t.outbound.patterns], callerIdHeader: t.outbound.callerIdSource },
      limits: { maxCalls: t.maxCalls },
    };
    if (t.authUsername !== undefined) out.authUsername = t.authUsername;
    if (t.outbound.callerId) out.outbound.callerId = { ...t.outbound.callerId };
    if (t.callsPerHour !== undefined) out.limits.callsPerHour = t.callsPerHour;
    return out;
  });
}
