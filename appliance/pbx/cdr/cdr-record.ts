// A call detail record: who called whom, when it started, was answered and ended, and how it
// ended (with the SIP status that decided it).

export type CallOutcome = "answered" | "busy" | "no-answer" | "cancelled" | "failed";

export interface CallDetailRecord {
  id: string;
  /** The caller's Call-ID (the A-leg). */
  callId: string;
  from: string;
  fromName?: string;
  to: string;
  /** ISO 8601 times. */
  start: string;
  answer?: string;
  end: string;
  /** Seconds from start to end. */
  durationSeconds: number;
  /** Seconds from answer to end (0 when never answered). */
  billableSeconds: number;
  outcome: CallOutcome;
  /** The final status the caller got (200 when answered). */
  status: number;
  /** Who hung up an answered call. */
  endedBy?: "caller" | "callee" | "system";
  /** Where the call went (extension, transfer target...). */
  answeredBy?: string;
  /** Nobody answered here: where the caller went next (e.g. `voicemail:100`). */
  forwardedTo?: string;
}

/** Where records go (the JSON-lines file, or a test's array). */
export interface CdrSink {
  write(record: CallDetailRecord): Promise<void>;
}

/** RFC 3261 §21: 486/600 mean busy; 408/480 no answer; 487 after our CANCEL cancelled. */
export function outcomeOfStatus(status: number): CallOutcome {
  if (status >= 200 && status < 300) return "answered";
  if (status === 486 || status === 600) return "busy";
  if (status === 408 || status === 480) return "no-answer";
  if (status === 487) return "cancelled";
  return "failed";
}

export function isCallDetailRecord(x: unknown): x is CallDetailRecord {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.id === "string" &&
    typeof r.callId === "string" &&
    typeof r.start === "string" &&
    typeof r.end === "string" &&
    typeof r.outcome === "string" &&
    typeof r.status === "number"
  );
}
