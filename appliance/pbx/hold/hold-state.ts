// Hold detection per side of a call (RFC 3264 §8.4): a side that offers sendonly, inactive or
// c=0.0.0.0 holds the other; an offer that receives again resumes. Both sides may hold at once.
import { isHold, type SessionDescription } from "../../sdp/index.ts";

export type HoldChange = "hold" | "resume" | "none";

export class HoldState {
  private holding = false;

  get held(): boolean {
    return this.holding;
  }

  /** Feeds the side's latest offer; says whether it started or ended a hold. */
  offer(sdp: SessionDescription): HoldChange {
    const now = isHold(sdp);
    const was = this.holding;
    this.holding = now;
    if (now && !was) return "hold";
    if (!now && was) return "resume";
    return "none";
  }

  /** The side was replaced (a transfer): the new party is not holding. */
  reset(): void {
    this.holding = false;
  }
}
