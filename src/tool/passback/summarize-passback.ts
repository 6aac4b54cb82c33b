/**
 * The passback state of one attempt, as the admin API shows it, from its jobs.
 */
import type { PassbackJob } from '../ports.js'

export type PassbackStatus = 'pending' | 'posted' | 'failed' | 'not-applicable'

export interface PassbackSummary {
  readonly status: PassbackStatus
  /** The best score (0 to 100) this attempt got into the gradebook. */
  readonly postedScore?: number
  /** Runs of the job the status is about. */
  readonly attempts: number
  readonly lastError?: { readonly code: string; readonly message?: string }
  /** When a pending job runs next (epoch ms). */
  readonly nextTryAt?: number
}

/**
 * Summarises an attempt's jobs, in any order:
 * - `pending` while a job waits or runs;
 * - else `failed` when a failed job's score beats every score posted (a score that is not in
 *   the gradebook; a manual retry brings it back);
 * - else `posted` when a job succeeded (also one that had nothing better to post);
 * - else `not-applicable`.
 * `undefined` for an attempt without results and with somewhere to post them.
 *
 * @param agsAvailable Whether the attempt's launch offers grade passback.
 */
export function summarizePassback(
  jobs: readonly PassbackJob[],
  agsAvailable: boolean,
): PassbackSummary | undefined {
  if (jobs.length === 0) {
    if (agsAvailable) return undefined
    return { status: 'not-applicable', attempts: 0, lastError: { code: 'LTI_AGS_NOT_AVAILABLE' } }
  }
  const newestFirst = [...jobs].sort((a, b) => b.createdAt - a.createdAt || b.runAt - a.runAt)
  const posted = jobs.flatMap((j) => (j.postedScore === undefined ? [] : [j.postedScore]))
  const postedScore = posted.length > 0 ? Math.max(...posted) : undefined
  const withPosted = postedScore === undefined ? {} : { postedScore }

  const active = newestFirst.find((j) => j.state === 'pending' || j.state === 'running')
  if (active) {
    return {
      status: 'pending',
      ...withPosted,
      ...about(active),
      ...(active.state === 'pending' ? { nextTryAt: active.runAt } : {}),
    }
  }
  const lost = newestFirst.find(
    (j) => j.state === 'failed' && (postedScore === undefined || j.score > postedScore),
  )
  if (lost) return { status: 'failed', ...withPosted, ...about(lost) }
  const succeeded = newestFirst.find((j) => j.state === 'succeeded')
  if (succeeded) return { status: 'posted', ...withPosted, attempts: succeeded.tries }
  return { status: 'not-applicable', ...about(newestFirst[0] as PassbackJob) }
}

function about(job: PassbackJob) {
  return {
    attempts: job.tries,
    ...(job.lastErrorCode === undefined
      ? {}
      : {
          lastError: {
            code: job.lastErrorCode,
            ...(job.lastError === undefined ? {} : { message: job.lastError }),
          },
        }),
  }
}
