// Timer values of RFC 3261 Table 4 (§17, §A) and RFC 6026 §8.11 (Timers L and M).
// Durations for the "wait" timers (D, I, J, K) are zero over reliable transports.

export interface TimerConfig {
  /** RTT estimate, default 500 ms (RFC 3261 §17.1.1.1). */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  T2: number;
  /** Maximum duration a message remains in the network, default 5 s. */
  T4: number;
  /** Timer D over unreliable transports: at least 32 s (RFC 3261 §17.1.1.2). */
  timerD: number;
}

export const DEFAULT_TIMERS: Readonly<TimerConfig> = { T1: 500, T2: 4000, T4: 5000, timerD: 32_000 };

export function resolveTimers(t?: Partial<TimerConfig>): TimerConfig {
  return { ...DEFAULT_TIMERS, ...t };
}

/** Initial intervals and timeouts, named as in RFC 3261 Table 4. */
export function timerDurations(t: TimerConfig, reliable: boolean) {
  return {
    A: t.T1, // INVITE retransmit, doubles each time (unreliable only)
    B: 64 * t.T1, // INVITE transaction timeout
    D: reliable ? 0 : t.timerD, // wait for response retransmits (RFC 3261 §17.1.1.2: > 32 s)
    E: t.T1, // non-INVITE retransmit, doubles up to T2
    F: 64 * t.T1, // non-INVITE transaction timeout
    G: t.T1, // INVITE response retransmit, doubles up to T2
    H: 64 * t.T1, // wait for ACK receipt
    I: reliable ? 0 : t.T4, // wait for ACK retransmits
    J: reliable ? 0 : 64 * t.T1, // wait for non-INVITE request retransmits
    K: reliable ? 0 : t.T4, // wait for response retransmits
    L: 64 * t.T1, // RFC 6026: INVITE server Accepted, wait for ACK/2xx retransmits
    M: 64 * t.T1, // RFC 6026: INVITE client Accepted, wait for 2xx retransmits
  };
}

export type TimerName = keyof ReturnType<typeof timerDurations>;
