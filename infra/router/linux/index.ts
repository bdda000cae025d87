// The Linux router backend: RouterIntent → nftables + dnsmasq + tc + addresses/route/ip_forward,
// read over SSH, planned as a minimal diff of what pibx owns, applied and verified.
export {
  applyLinuxPlan,
  convergeLinux,
  type LinuxConvergeResult,
  readForPlan,
  stateDevices,
} from "./apply-linux.ts";
export { type CommandRunner, localRunner, type ScriptResult } from "./command-runner.ts";
export type { LinkActual, LinuxActualState, TcActual } from "./linux-actual-state.ts";
export {
  DEFAULT_LINUX_PATHS,
  type DnsmasqFile,
  type LinuxDesiredState,
  type LinuxPaths,
  type LinuxRenderOptions,
  type NftTable,
  OWNED_TABLES,
  type TcShaping,
} from "./linux-desired-state.ts";
export { LinuxApplyError, LinuxSessionError, LinuxStateError, LinuxVerifyError } from "./linux-errors.ts";
export { describeLinuxPlan, type LinuxPlan, type LinuxStep } from "./linux-plan.ts";
export { baselineOf, type LinuxBaseline, planLinux, planLinuxRemoval } from "./plan-linux.ts";
export { parseLinuxState, readLinuxState, readStateScript } from "./read-linux-state.ts";
export { renderDnsmasq } from "./render-dnsmasq.ts";
export { renderLinux } from "./render-linux.ts";
export { nftReplaceScript, renderNftTables } from "./render-nftables.ts";
export { DEFAULT_LINK_KBIT, renderTc, tcCommands } from "./render-tc.ts";
export { type LinuxSshTarget, SshRunner, sshFingerprint } from "./ssh-runner.ts";
