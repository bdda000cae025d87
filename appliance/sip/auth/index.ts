export type { CredentialStore, Ha1Set, UserSecret } from "./credentials.ts";
export { StaticCredentialStore } from "./credentials.ts";
export type {
  AuthFailureReason,
  AuthResult,
  Challenge,
  DigestAuthenticatorOptions,
} from "./digest-authenticator.ts";
export { DigestAuthenticator } from "./digest-authenticator.ts";
export type { DigestAnswer } from "./digest-client.ts";
export { answerChallenge } from "./digest-client.ts";
export type { DigestInputs } from "./digest-compute.ts";
export { computeHa1, computeResponse } from "./digest-compute.ts";
export type { DigestAlgorithm } from "./digest-hash.ts";
export { DIGEST_HEX_LENGTH, digestHash, hexEquals, parseAlgorithm } from "./digest-hash.ts";
export type { NonceOptions, NonceStatus } from "./nonce.ts";
export { NonceService } from "./nonce.ts";
export type { NonceCountVerdict } from "./nonce-counts.ts";
export { NonceCountTracker } from "./nonce-counts.ts";
