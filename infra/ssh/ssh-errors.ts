// The SSH helper's errors: each names the host, so a failed `pulumi up` says which machine.

export class SshError extends Error {
  override name = "SshError";
  constructor(
    readonly host: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${host}: ${message}`, options);
  }
}

/** The host did not accept an SSH session before the deadline (every attempt is in `attempts`). */
export class SshUnreachableError extends SshError {
  override name = "SshUnreachableError";
  constructor(
    host: string,
    readonly attempts: number,
    readonly seconds: number,
    readonly lastError: string,
  ) {
    super(
      host,
      `not reachable over SSH after ${attempts} attempts in ${seconds.toFixed(0)} s (${lastError})`,
    );
  }
}

/** A remote command exited non-zero (or was killed) where success was required. */
export class RemoteCommandError extends SshError {
  override name = "RemoteCommandError";
  constructor(
    host: string,
    readonly what: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(host, `${what} failed (exit ${exitCode ?? "signal"})${stderr.trim() ? `: ${stderr.trim()}` : ""}`);
  }
}
