// SSH exec/upload over ssh2, for the providers that converge machines (the appliance).
export { type BackoffPolicy, defaultBackoff, nextDelay } from "./backoff.ts";
export { RemoteCommandError, SshError, SshUnreachableError } from "./ssh-errors.ts";
export {
  type ExecOptions,
  type ExecResult,
  hostKeyFingerprint,
  type RemoteShell,
  SshSession,
  type SshTarget,
  withSsh,
} from "./ssh-session.ts";
export { type WaitOptions, waitForSsh } from "./wait-for-ssh.ts";
