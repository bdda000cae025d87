// Softphone onboarding: one-time Linphone provisioning URLs, plain SIP accounts, QR codes.
export { issueOnboardingToken, type OnboardingTokenRequest } from "./onboarding-token.ts";
export { qrPng, qrTerminal } from "./qr-code.ts";
export { type SipAccount, sipAccountText, sipAccountUri } from "./sip-account-uri.ts";
export {
  DEFAULT_ONBOARDING_TTL_MS,
  type OnboardingInputs,
  type OnboardingQrCodes,
  onboardingQrCodes,
  onboardSoftphones,
  type QrImage,
  type SoftphoneOnboarding,
} from "./softphone-onboarding.ts";
