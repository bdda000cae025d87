// The RTP range is a range, is big enough for the declared concurrent calls, and is forwarded
// when the forwards are listed by hand.
import type { Lab } from "../generated/lab.ts";
import { error, type Finding } from "./finding.ts";
import { formatRange, uncovered } from "./port-ranges.ts";

/** Ports a relayed call holds: two legs, RTP and RTCP each. */
export const portsPerCall = 4;

export function checkRtpRange(lab: Lab): Finding[] {
  const { min, max } = lab.appliance.rtp;
  if (max < min) return [error(["appliance", "rtp", "max"], `must not be below rtp.min (${min})`)];
  const findings: Finding[] = [];
  const calls = lab.trunks.reduce((sum, t) => sum + t.maxCalls, 0);
  const size = max - min + 1;
  if (size < calls * portsPerCall) {
    findings.push(
      error(
        ["appliance", "rtp"],
        `the RTP range ${min}–${max} has ${size} ports: too few for ${calls} concurrent trunk calls (${portsPerCall} ports each: ${calls * portsPerCall} needed)`,
      ),
    );
  }
  const forwards = lab.network.portForwards;
  if (forwards !== undefined) {
    const udp = forwards
      .filter((f) => f.protocol === "udp")
      .map((f) => ({ first: f.port, last: f.endPort ?? f.port }));
    const gaps = uncovered({ first: min, last: max }, udp);
    if (gaps.length > 0) {
      findings.push(
        error(
          ["network", "portForwards"],
          `the RTP range ${min}–${max} is not fully forwarded: UDP ${gaps.map(formatRange).join(", ")} missing`,
        ),
      );
    }
  }
  return findings;
}
