// Recorded audio (an IVR or box greeting, music on hold as `{ file }`) is not copied to the
// appliance yet: the appliance reads the path on the Pi itself. Said as a warning, so a lab
// that relies on it learns before the first caller hears silence where the greeting should be.
import type { Lab } from "../generated/lab.ts";
import type { LabPath } from "../load/path.ts";
import { type Finding, warning } from "./finding.ts";

const NOT_SHIPPED =
  "audio files are not copied to the appliance yet: it looks for this path on the Pi (use `say`, or put the file there)";

export function checkAudioFiles(lab: Lab): Finding[] {
  const found: Finding[] = [];
  const at = (path: LabPath, g: { say: string } | { file: string } | undefined): void => {
    if (g && "file" in g) found.push(warning([...path, "file"], NOT_SHIPPED));
  };
  for (const [i, m] of lab.ivrMenus.entries()) at(["ivrMenus", i, "greeting"], m.greeting);
  for (const [i, e] of lab.extensions.entries())
    at(["extensions", i, "voicemail", "greeting"], e.voicemail?.greeting);
  if ("file" in lab.musicOnHold) at(["musicOnHold"], lab.musicOnHold);
  return found;
}
