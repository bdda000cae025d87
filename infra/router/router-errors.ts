// The router backends' typed errors: each says where the problem is, never a bare string.

/** The intent cannot be realised (an invalid value, or a limit of the target platform). */
export class RouterIntentError extends Error {
  override name = "RouterIntentError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** `show running-config` text that cannot be read (line is 1-based). */
export class IosParseError extends Error {
  override name = "IosParseError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`running-config line ${line}: ${message}`);
  }
}

/** IOS refused a command: `% Invalid input …`, `% Incomplete command.`, `% Ambiguous command …`. */
export class IosCommandError extends Error {
  override name = "IosCommandError";
  constructor(
    /** The command as sent. */
    readonly command: string,
    /** 1-based position of the command in the list that was being applied. */
    readonly line: number,
    /** What IOS answered (echo, caret line and the `%` message). */
    readonly output: string,
    /** The `%` message alone. */
    readonly iosMessage: string,
  ) {
    super(`line ${line}: \`${command}\` rejected by IOS: ${iosMessage}`);
  }
}

/** The SSH session failed: connection, authentication, enable, timeout or an unexpected prompt. */
export class IosSessionError extends Error {
  override name = "IosSessionError";
  constructor(
    readonly stage: "connect" | "login" | "enable" | "prompt" | "timeout" | "save",
    message: string,
  ) {
    super(`${stage}: ${message}`);
  }
}
