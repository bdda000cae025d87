// How a call destination reads in plan outputs: "extension 101", "ivr main", "hangup".
import type { Destination } from "../../schemas/index.ts";

export function describeDestination(d: Destination): string {
  if ("extension" in d) return `extension ${d.extension}`;
  if ("ringGroup" in d) return `ring group ${d.ringGroup}`;
  if ("voicemail" in d) return `voicemail ${d.voicemail}`;
  if ("conference" in d) return `conference ${d.conference}`;
  if ("ivr" in d) return `ivr ${d.ivr}`;
  return "hangup";
}
