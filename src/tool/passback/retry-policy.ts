/**
 * When a failed passback runs again: exponential backoff with jitter, or the platform's own
 * `Retry-After`, up to a limit of runs.
 */

export interface RetryPolicy {
  /** Runs of a job before it fails for good (a crashed run counts). */
  readonly maxTries: number
  /** The delay after the first failed run; doubled after each further one. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** A platform's `Retry-After` is honoured up to this long. */
  readonly maxRetryAfterMs: number
}

/**
 * 10 s doubling to 30 min, 15 runs: about two to four hours of an unreachable platform, the
 * jitter spreading the retries of many jobs so a recovering platform is not hit all at once.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxTries: 15,
  baseDelayMs: 10_000,
  maxDelayMs: 30 * 60_000,
  maxRetryAfterMs: 6 * 60 * 60_000,
}

/**
 * The delay before run `tries + 1`, after `tries` runs: half the exponential step fixed, half
 * random ("equal jitter"), so a retry never comes sooner than half the step. A `Retry-After`
 * replaces it, capped by `maxRetryAfterMs`.
 *
 * @param random A number in [0, 1); tests pass a fixed one.
 */
export function retryDelay(
  tries: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs)
  const exponent = Math.min(Math.max(tries - 1, 0), 40)
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent)
  return Math.round(step / 2 + (random() * step) / 2)
}
