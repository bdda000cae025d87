// The two phones on the internet side (pstn, lte-phone): baresip registered at the provider with
// their accounts from the lab settings, each playing its tone.
import type { DaemonRecord } from "./daemon.ts";
import { Phone, startPhone } from "./phone.ts";
import type { LabSettings } from "./run-dir.ts";
import { addressOf } from "./topology.ts";

/** (Re)starts both phones and resolves once both are registered. */
export async function startInternetPhones(settings: LabSettings): Promise<DaemonRecord[]> {
  const registrar = addressOf("provider");
  const records = await Promise.all([
    startPhone(settings.runDir, {
      box: "pstn",
      account: settings.pstn,
      registrar,
      audio: settings.pstnAudio ?? "",
      autoAnswer: settings.autoAnswer,
    }),
    startPhone(settings.runDir, {
      box: "lte-phone",
      account: settings.ltePhone,
      registrar,
      audio: settings.lteAudio ?? "",
      autoAnswer: settings.autoAnswer,
    }),
  ]);
  for (const box of ["pstn", "lte-phone"] as const) {
    const phone = await Phone.connect(box, undefined, settings.runDir);
    try {
      await phone.waitRegistered(15_000);
    } finally {
      phone.close();
    }
  }
  return records;
}
