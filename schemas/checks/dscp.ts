// DSCP marks agree: what the appliance sends, what the phones are provisioned to send, and what
// the lab router's voice QoS matches (priority) or writes (set-dscp).
import type { Dscp, Lab } from "../generated/lab.ts";
import { type Finding, warning } from "./finding.ts";

const named: Readonly<Record<string, number>> = {
  DF: 0,
  CS0: 0,
  CS1: 8,
  CS2: 16,
  CS3: 24,
  CS4: 32,
  CS5: 40,
  CS6: 48,
  CS7: 56,
  AF11: 10,
  AF12: 12,
  AF13: 14,
  AF21: 18,
  AF22: 20,
  AF23: 22,
  AF31: 26,
  AF32: 28,
  AF33: 30,
  AF41: 34,
  AF42: 36,
  AF43: 38,
  EF: 46,
  VA: 44,
};

/** The 6-bit value of a DSCP mark. */
export function dscpValue(mark: Dscp): number {
  return typeof mark === "number" ? mark : named[mark]!;
}

function same(a: Dscp, b: Dscp): boolean {
  return dscpValue(a) === dscpValue(b);
}

export function checkDscp(lab: Lab): Finding[] {
  const marks = lab.appliance.dscp;
  const findings: Finding[] = [];
  lab.devices.forEach((device, i) => {
    if (device.type !== "desk" || device.dscp === undefined) return;
    for (const kind of ["rtp", "sip"] as const) {
      const mark = device.dscp[kind];
      if (mark !== undefined && !same(mark, marks[kind])) {
        findings.push(
          warning(
            ["devices", i, "dscp", kind],
            `phone "${device.id}" is provisioned to mark ${kind.toUpperCase()} ${mark} while the appliance marks it ${marks[kind]}`,
          ),
        );
      }
    }
  });
  const qos = lab.network.labRouter?.qos;
  if (qos === undefined) return findings;
  const classes = [
    { kind: "rtp", name: "media", qosClass: qos.media },
    { kind: "sip", name: "signalling", qosClass: qos.signalling },
  ] as const;
  for (const { kind, name, qosClass } of classes) {
    const mark = qosClass?.dscp;
    if (mark === undefined || same(mark, marks[kind])) continue;
    const label = kind.toUpperCase();
    const message =
      qos.style === "set-dscp"
        ? `${label} is re-marked ${mark} by the router while the appliance and phones send ${marks[kind]}`
        : `the router's ${name} class matches ${mark} while the appliance and phones mark ${label} ${marks[kind]}: ${name} would miss its queue`;
    findings.push(warning(["network", "labRouter", "qos", name, "dscp"], message));
  }
  return findings;
}
