/**
 * Records a learner's result (0-100) in an attempt: the attempts API and the scenario player both
 * come through here, so a result is stored the same way whoever reports it.
 */
import type { Logger } from 'pino'
import type { AttemptRepository } from '../store/attempt-repository.js'
import { readAgsService } from '../tool/ags/ags-service.js'
import type { Attempt, AttemptResult, PassbackJob } from '../tool/ports.js'
import type { ToolAppDeps } from './tool-deps.js'

export interface RecordedResult {
  readonly result: AttemptResult
  /** `pending` (the worker posts it to the LMS, best-of-N) or `not_applicable`. */
  readonly job: PassbackJob
}

/**
 * Stores the result with its passback job in one transaction. Without a score service in the
 * launch the result is still kept, and its passback says why it is not sent.
 */
export async function recordAttemptResult(
  deps: Pick<ToolAppDeps, 'clock'> & {
    stores: { attempts: Pick<AttemptRepository, 'recordResult'> }
  },
  attempt: Attempt,
  score: number,
  log: Logger,
): Promise<RecordedResult> {
  const { result, job } = await deps.stores.attempts.recordResult({
    attemptId: attempt.id,
    score,
    at: deps.clock.now(),
    passback: readAgsService(attempt.agsEndpoint)
      ? { state: 'pending' }
      : {
          state: 'not_applicable',
          errorCode: 'LTI_AGS_NOT_AVAILABLE',
          error: 'the launch carried no AGS claim with the score scope and a line item',
        },
  })
  log.info({ attemptId: attempt.id, resultId: result.id, passback: job.state }, 'result recorded')
  return { result, job }
}
