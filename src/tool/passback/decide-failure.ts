/**
 * What a failed passback run leads to: another run later (timeouts, network errors, 5xx, 429,
 * token endpoint trouble), or a failure for good with a code an admin can act on.
 */
import { LtiError } from '../../core/errors.js'
import { agsFailureOf } from '../ags/ags-client.js'
import type { PassbackJob, PassbackOutcome } from '../ports.js'
import { retryDelay } from './retry-policy.js'
import type { RetryPolicy } from './retry-policy.js'

/**
 * The outcome of a run of `job` that threw `error` at `now`.
 * - retryable: `pending` after {@link retryDelay} (or `Retry-After`), until `policy.maxTries`
 *   runs, then `failed` with the last code and the platform's last answer;
 * - anything else (403, 404, 409 twice, 422, a URL the guard refused): `failed` at once.
 */
export function decideFailure(
  error: unknown,
  job: PassbackJob,
  now: number,
  policy: RetryPolicy,
  random: () => number,
): PassbackOutcome {
  const { code, answer, retryable, retryAfterMs } = describe(error)
  if (!retryable) return { state: 'failed', errorCode: code, error: answer }
  if (job.tries >= policy.maxTries) return { state: 'failed', errorCode: code, error: answer }
  return {
    state: 'pending',
    runAt: now + retryDelay(job.tries, policy, random, retryAfterMs),
    countsAsTry: true,
    errorCode: code,
    error: answer,
  }
}

interface Described {
  code: string
  answer: string
  retryable: boolean
  retryAfterMs?: number
}

function describe(error: unknown): Described {
  if (!(error instanceof LtiError)) {
    // A bug or the database: worth another run, and bounded by maxTries like any other.
    return {
      code: 'LTI_INTERNAL',
      answer: 'unexpected error (see the server log)',
      retryable: true,
    }
  }
  const ags = agsFailureOf(error)
  if (ags) {
    return {
      code: error.code,
      answer: ags.answer,
      retryable: ags.retryable,
      ...(ags.retryAfterMs === undefined ? {} : { retryAfterMs: ags.retryAfterMs }),
    }
  }
  if (error.code === 'LTI_TOKEN_RESPONSE_INVALID') {
    // The token endpoint is the platform too: down, slow, or briefly refusing a new key.
    const cause = (error.cause ?? {}) as { status?: number; oauthError?: string; reason?: string }
    const answer = [
      'access token request',
      cause.status ? `HTTP ${cause.status}` : cause.reason,
      cause.oauthError,
    ]
    return { code: error.code, answer: answer.filter(Boolean).join(': '), retryable: true }
  }
  return { code: error.code, answer: error.message, retryable: false }
}
