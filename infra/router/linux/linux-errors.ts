// The Linux backend's typed errors: which stage failed and, when applying, which plan step.

/** The SSH session to the router failed (connect, authentication, a command that could not run). */
export class LinuxSessionError extends Error {
  override name = "LinuxSessionError";
  constructor(
    readonly stage: "connect" | "login" | "exec" | "timeout",
    message: string,
  ) {
    super(`${stage}: ${message}`);
  }
}

/** A plan step's script exited non-zero on the router; nothing after it was run. */
export class LinuxApplyError extends Error {
  override name = "LinuxApplyError";
  constructor(
    /** The step's piece (`nft inet pibx`, `dnsmasq`, `tc eth0`…). */
    readonly piece: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`${piece}: exited ${exitCode}: ${stderr.trim()}`);
  }
}

/** The router's state dump could not be read (a section missing or not the JSON expected). */
export class LinuxStateError extends Error {
  override name = "LinuxStateError";
  constructor(
    readonly section: string,
    message: string,
  ) {
    super(`${section}: ${message}`);
  }
}

/** After applying, the router still differs from the desired state (listed in the message). */
export class LinuxVerifyError extends Error {
  override name = "LinuxVerifyError";
  constructor(readonly remaining: string) {
    super(`the router still differs after applying:\n${remaining}`);
  }
}
