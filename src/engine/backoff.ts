// Exponential backoff with full jitter for reconnects after drops, BYE and throttling.

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Returns a number in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/** Delay before retry number `attempt` (0-based): base·2^attempt capped at max, jittered to [half, full]. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 5 * 60_000, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The backoff a pass or a watch was configured with (tests make it short and deterministic). */
export function backoffOptions(options: { backoffBaseMs?: number; random?: () => number }): BackoffOptions {
  return {
    ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
  };
}
