// Exponential backoff with full jitter for reconnects after drops, BYE and throttling.

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Returns a number in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

const MAX_DELAY_MS = 5 * 60_000;

/** Delay before retry number `attempt` (0-based): base·2^attempt capped at max, jittered to [half, full]. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = MAX_DELAY_MS, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * The wait before retry number `attempt` after a server said `reason`: the backoff, or longer when
 * the server named a wait. Microsoft 365 refuses with `BAD Request is throttled. Suggested Backoff
 * Time: 92415 milliseconds`, and a shorter wait is refused again (imapflow waits that long too).
 * Never more than the backoff's cap.
 */
export function retryDelay(attempt: number, reason: string, options: BackoffOptions = {}): number {
  const backoff = backoffDelay(attempt, options);
  const suggested = /\bBackoff Time[:=\s]+(\d{1,9})\s*(?:milliseconds|ms)\b/i.exec(reason);
  if (suggested === null) return backoff;
  return Math.max(backoff, Math.min(Number(suggested[1]), options.maxMs ?? MAX_DELAY_MS));
}

/** The backoff a pass or a watch was configured with (tests make it short and deterministic). */
export function backoffOptions(options: { backoffBaseMs?: number; random?: () => number }): BackoffOptions {
  return {
    ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
  };
}
