// Shared by the lab's tests: skip unless root, bring a lab up before and always take it down after.
import { after, before } from "node:test";
import { down, type UpResult, up } from "./lab.ts";
import { LabError } from "./lab-error.ts";
import type { LabOptions } from "./options.ts";

export const notRoot: string | false =
  process.getuid?.() === 0 ? false : "needs root: the lab uses network namespaces (run as root)";

/** Registers before/after hooks; the returned getter gives the running lab's settings. */
export function withLab(options: Partial<LabOptions> = {}): () => UpResult {
  let result: UpResult | undefined;
  before(async () => {
    try {
      result = await up(options);
    } catch (e) {
      await down();
      throw e;
    }
  });
  after(async () => {
    await down();
  });
  return () => {
    if (!result) throw new LabError("lab is not up");
    return result;
  };
}
