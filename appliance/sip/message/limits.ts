// Bounds on what the parser accepts: an internet-facing PBX must not let one datagram or one TCP
// peer make it allocate or loop without limit.

export interface ParseLimits {
  /** Whole message: start line, headers and body. UDP cannot carry more than 65,507 octets. */
  maxMessageBytes: number;
  /** Number of header fields (after unfolding). */
  maxHeaderCount: number;
  /** One physical line, terminator excluded. */
  maxLineLength: number;
  /** One header value after unfolding. */
  maxHeaderValueLength: number;
}

export const DEFAULT_LIMITS: Readonly<ParseLimits> = {
  maxMessageBytes: 65_535,
  maxHeaderCount: 256,
  maxLineLength: 8_192,
  maxHeaderValueLength: 16_384,
};

export function resolveLimits(limits?: Partial<ParseLimits>): ParseLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
