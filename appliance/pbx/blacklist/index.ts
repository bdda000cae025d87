export type { BlacklistConfig, BlacklistDecision, BlacklistReply } from "./blacklist.ts";
export { Blacklist, EMPTY_BLACKLIST } from "./blacklist.ts";
export type { CallerIdentity, CallerIdentityOptions } from "./caller-identity.ts";
export { callerIdentity } from "./caller-identity.ts";
export type { DialingConventions } from "./phone-number.ts";
export { dialString, NANP, normaliseNumber } from "./phone-number.ts";
