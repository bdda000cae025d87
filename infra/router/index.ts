// The lab router: intent (what it must do), and the Cisco IOS backend (render, diff, apply over SSH).

export type { ConvergeResult } from "./cisco-ios/apply-ios.ts";
export { applyCliLines, convergeIos, fetchRunningConfig, readRunning } from "./cisco-ios/apply-ios.ts";
export { renderBootstrapSnippet } from "./cisco-ios/bootstrap-snippet.ts";
export type { ConfigNode } from "./cisco-ios/config-node.ts";
export type { IosDesiredConfig, IosOwnership, IosSection } from "./cisco-ios/ios-desired-config.ts";
export type { IosTarget, NegotiatedAlgorithms } from "./cisco-ios/ios-shell.ts";
export { IosShell } from "./cisco-ios/ios-shell.ts";
export { parseRunningConfig } from "./cisco-ios/parse-running-config.ts";
export type { IosPlan, PlanStep } from "./cisco-ios/plan-ios.ts";
export { describePlan, planIos, planToCliLines } from "./cisco-ios/plan-ios.ts";
export { MAX_STATIC_FORWARD_PORTS, renderIos } from "./cisco-ios/render-ios.ts";
export { renderIosText } from "./cisco-ios/render-ios-text.ts";
export { LEGACY_IOS_ALGORITHMS, sshAlgorithmsFor } from "./cisco-ios/ssh-algorithms.ts";
export { IosCommandError, IosParseError, IosSessionError, RouterIntentError } from "./router-errors.ts";
export type * from "./router-intent.ts";
