// Which packets the router marks and queues, per QoS class, from the intent. Two styles exist:
// - classes matched by source ports (with `setDscp`): mark those ports, as the IOS ACLs do;
// - classes matched by DSCP (the appliance marks its own packets): the router re-marks the
//   appliance's forwarded ports anyway, so an unmarked or bleached packet still gets its class.
//   A forwarded port range is media (the RTP range), a single port is signalling (SIP).
import type { PortForward, QosClass, QosPolicy, RouterIntent } from "../router-intent.ts";

export interface PortMatch {
  protocol: "udp" | "tcp";
  from: number;
  to: number;
  /** Only packets from this inside address (the appliance); undefined: any source. */
  source?: string;
}

export interface ClassMarks {
  cls: QosClass;
  /** Minor id of the class's HTB class (hex notation). */
  minor: string;
  /** DSCP written on the matched ports (absent: packets keep their mark). */
  setDscp?: number;
  ports: PortMatch[];
  /** DSCP values that put a packet in this class. */
  dscp: number[];
}

/** Minor ids 10, 20, 30… (hex): the nth class, then the default class after the last one. */
export const classMinor = (index: number): string => ((index + 1) * 16).toString(16);

export function voiceMarks(intent: RouterIntent, policy: QosPolicy): ClassMarks[] {
  const forwards = intent.portForwards;
  const media = policy.classes.find((c) => c.priorityPercent !== undefined) ?? policy.classes[0];
  const signalling = policy.classes.find((c) => c !== media && c.match.kind === "dscp");
  const forwardClass = (f: PortForward) => (f.ports.to > f.ports.from ? media : signalling);
  return policy.classes.map((cls, i) => {
    const minor = classMinor(i);
    if (cls.match.kind === "source-ports") {
      const ports = cls.match.ports.map((p) => ({ protocol: p.protocol, from: p.from, to: p.to }));
      return {
        cls,
        minor,
        ...(cls.setDscp !== undefined ? { setDscp: cls.setDscp } : {}),
        ports,
        dscp: cls.setDscp !== undefined ? [cls.setDscp] : [],
      };
    }
    const mark = cls.setDscp ?? cls.match.values[0];
    const ports = forwards
      .filter((f) => forwardClass(f) === cls)
      .map((f) => ({ protocol: f.protocol, from: f.ports.from, to: f.ports.to, source: f.insideAddress }));
    return {
      cls,
      minor,
      ...(mark !== undefined && ports.length > 0 ? { setDscp: mark } : {}),
      ports,
      dscp: [...cls.match.values],
    };
  });
}
