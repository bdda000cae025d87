// Media-specific failures, in the base error vocabulary.
import { PibxError } from "../base/index.ts";

/** Every RTP/RTCP port pair of the configured range is in use. */
export class PortRangeExhaustedError extends PibxError {
  override name = "PortRangeExhaustedError";
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    super(`no free RTP port pair in ${min}-${max}`);
  }
}
