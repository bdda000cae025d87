// The o= line of the SDPs one side sends over a dialog (RFC 3264 §8): the same username,
// session id and address every time, and a version that goes up by one whenever the
// description changes. An unchanged re-send (a session refresh) keeps its version.
import type { SdpOrigin, SessionDescription } from "./model.ts";
import { serializeSdp } from "./serialize.ts";

export class LocalSdpVersioning {
  private version: bigint;
  private lastBody: string | undefined;

  constructor(
    private readonly base: Omit<SdpOrigin, "sessionVersion">,
    initialVersion: bigint = 0n,
  ) {
    this.version = initialVersion;
  }

  /** The origin the next description will carry if it is unchanged. */
  get origin(): SdpOrigin {
    return { ...this.base, sessionVersion: this.version };
  }

  /** Stamps sdp's o= line: RFC 3264 §8 increments the version when the body changed. */
  stamp(sdp: SessionDescription): SessionDescription {
    const body = serializeSdp({ ...sdp, origin: { ...this.base, sessionVersion: 0n } });
    if (this.lastBody !== undefined && body !== this.lastBody) this.version += 1n;
    this.lastBody = body;
    return { ...sdp, origin: this.origin };
  }
}

/** RFC 3264 §8: a new offer whose o= version did not increase is a retransmission/refresh. */
export function isNewVersion(previous: SdpOrigin | undefined, next: SdpOrigin): boolean {
  if (!previous) return true;
  return (
    next.sessionId !== previous.sessionId ||
    next.username !== previous.username ||
    next.sessionVersion > previous.sessionVersion
  );
}
