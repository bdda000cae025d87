// `GET <prefix>/onboard/<token>`: a softphone's Linphone XML, once per token. The token is
// verified (signature, expiry), and its nonce is written to the durable used-token store before
// the account leaves the appliance, so neither a second fetch nor a crash and restart can
// replay it.
import type { Clock, Logger } from "../base/index.ts";
import type { DurableIdSet } from "./durable-id-set.ts";
import type { Outcome } from "./fetch-types.ts";
import { verifyOnboardingToken } from "./onboarding-token.ts";
import type { ProvisionedDevice } from "./provisioning-config.ts";
import { renderLinphone } from "./vendors/index.ts";

export class OnboardingEndpoint {
  constructor(
    private readonly devices: readonly ProvisionedDevice[],
    private readonly key: Uint8Array,
    private readonly usedTokens: DurableIdSet,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async fetch(token: string): Promise<Outcome> {
    const now = this.clock.wallTime().getTime();
    const check = verifyOnboardingToken(token, this.key, now);
    if (!check.ok) {
      const claims = check.claims;
      return {
        result: {
          status: check.problem === "expired" ? 410 : 403,
          ...(claims ? { deviceId: claims.deviceId } : {}),
        },
        detail: `onboarding token ${check.problem}${claims ? ` (for ${claims.deviceId})` : ""}: refused`,
        level: "warn",
      };
    }
    const { deviceId, nonce, expiresAt } = check.claims;
    const entry = this.devices.find((d) => d.device.id === deviceId);
    if (entry === undefined || entry.device.vendor !== "linphone") {
      return {
        result: { status: 404, deviceId },
        detail: `onboarding token for ${deviceId}, which is not a softphone of this lab`,
        level: "warn",
      };
    }
    const used: Outcome = {
      result: { status: 410, deviceId },
      detail: `onboarding token for ${deviceId} already used: refused`,
      level: "warn",
    };
    if (this.usedTokens.has(nonce)) return used;
    try {
      if (!(await this.usedTokens.add(nonce, expiresAt, now))) return used;
    } catch (err) {
      this.log.error("cannot record a used onboarding token", { err });
      return { result: { status: 500, deviceId }, detail: "token store not writable", level: "warn" };
    }
    return {
      result: { status: 200, ...renderLinphone(entry.device), deviceId },
      detail: `onboarded ${deviceId} (token now used)`,
      level: "info",
    };
  }
}
