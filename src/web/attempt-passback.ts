/**
 * An attempt's results and grade passback state, as both the attempts API and the admin's grades
 * page present them, and the manual retry both offer.
 */
import { LtiConflict } from '../core/errors.js'
import type { Clock } from '../core/ports.js'
import { readAgsService } from '../tool/ags/ags-service.js'
import { summarizePassback } from '../tool/passback/summarize-passback.js'
import type { PassbackSummary } from '../tool/passback/summarize-passback.js'
import type { Attempt, AttemptResult } from '../tool/ports.js'
import type { ToolStores } from './tool-stores.js'

export interface AttemptPassback {
  readonly attempt: Attempt
  /** Oldest first. */
  readonly results: readonly AttemptResult[]
  readonly latestScore?: number
  readonly bestScore?: number
  /** Whether the attempt's launch offers grade passback (AGS with a line item and the scope). */
  readonly agsAvailable: boolean
  /** Absent for an attempt without results that has somewhere to post them. */
  readonly passback?: PassbackSummary
}

/** Results and passback jobs of a page of attempts, in two queries, in the attempts' order. */
export async function loadAttemptPassbacks(
  stores: Pick<ToolStores, 'attempts' | 'passback'>,
  attempts: readonly Attempt[],
): Promise<AttemptPassback[]> {
  const ids = attempts.map((a) => a.id)
  const [results, jobs] = await Promise.all([
    stores.attempts.listResults(ids),
    stores.passback.listJobs(ids),
  ])
  const resultsOf = groupBy(results)
  const jobsOf = groupBy(jobs)
  return attempts.map((attempt) => {
    const mine = resultsOf.get(attempt.id) ?? []
    const agsAvailable = readAgsService(attempt.agsEndpoint) !== undefined
    const passback = summarizePassback(jobsOf.get(attempt.id) ?? [], agsAvailable)
    const scores = mine.map((r) => r.score)
    const latest = mine.at(-1)
    return {
      attempt,
      results: mine,
      ...(latest ? { latestScore: latest.score } : {}),
      ...(scores.length > 0 ? { bestScore: Math.max(...scores) } : {}),
      agsAvailable,
      ...(passback ? { passback } : {}),
    }
  })
}

/**
 * Puts the attempt's failed and not-applicable passback jobs back in the queue, due now; the
 * passback worker posts them on its next round. Returns how many were requeued.
 * @throws LTI_AGS_NOT_AVAILABLE (409) when the attempt's launch offers no grade passback.
 */
export async function retryPassback(
  deps: { stores: Pick<ToolStores, 'passback'>; clock: Clock },
  attempt: Attempt,
): Promise<number> {
  if (!readAgsService(attempt.agsEndpoint)) {
    throw new LtiConflict('LTI_AGS_NOT_AVAILABLE', 'this attempt has no grade passback', {
      cause: { attemptId: attempt.id },
    })
  }
  return deps.stores.passback.requeue(attempt.id, deps.clock.now())
}

function groupBy<T extends { readonly attemptId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byAttempt = new Map<string, T[]>()
  for (const row of rows) {
    const list = byAttempt.get(row.attemptId)
    if (list) list.push(row)
    else byAttempt.set(row.attemptId, [row])
  }
  return byAttempt
}
