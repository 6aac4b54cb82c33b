/**
 * The locked part of a passback run: under the (platform, line item, learner) lock, post the
 * score when it beats what the platform holds, with a timestamp after every earlier one.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
import { LtiError } from '../../core/errors.js'
import type { Clock } from '../../core/ports.js'
import { agsFailureOf } from '../ags/ags-client.js'
import type { AgsClient } from '../ags/ags-client.js'
import { buildScore } from '../ags/build-score.js'
import { postScore } from '../ags/post-score.js'
import type { KnownLineItem } from '../ags/read-line-item.js'
import type {
  Attempt,
  PassbackJob,
  PassbackOutcome,
  ScoreLedger,
  ScoreLedgerEntry,
  ScoreLedgerKey,
} from '../ports.js'
import { afterPost, improves, nextTimestamp } from './best-of-n.js'

/** Thrown when another run holds the lock: the job waits a little, without counting a run. */
export class LockBusy extends Error {}

/** AGS 2.0 §3.4.6: after a 409, the one retry goes a second past the refused timestamp. */
const STALE_STEP_MS = 1000

export interface LockDeps {
  readonly ledger: ScoreLedger
  readonly clock: Clock
}

/**
 * Runs `body` holding the ledger lock of `key` until the job's lease ends, then writes back
 * `ledger.entry` and releases it, also when `body` throws.
 * @throws LockBusy when another run holds the lock.
 */
export async function withLedgerLock<T>(
  deps: LockDeps,
  job: PassbackJob,
  key: ScoreLedgerKey,
  body: (ledger: { entry: ScoreLedgerEntry }) => Promise<T>,
): Promise<T> {
  // Per job: the jobs of one claim share a lease token, never a lock.
  const token = `${job.id}:${job.leaseToken}`
  const now = deps.clock.now()
  const entry = await deps.ledger.acquire(key, token, job.leaseExpiresAt ?? now, now)
  if (!entry) throw new LockBusy()
  const ledger = { entry }
  try {
    return await body(ledger)
  } finally {
    await deps.ledger.release(key, token, ledger.entry)
  }
}

/**
 * Posts `job.score` for the attempt's learner to `item` when it improves on the ledger: a job
 * that does not succeeds without a `postedScore`. A 409 (stale timestamp) gets one more try with
 * a later timestamp; any other failure, and a second 409, is thrown after the ledger has noted
 * the timestamp used and whether the score may have landed.
 * @throws LockBusy, and what {@link AgsClient.call} throws.
 */
export function postBestScore(
  deps: LockDeps,
  job: PassbackJob,
  attempt: Attempt,
  item: KnownLineItem,
  client: AgsClient,
): Promise<PassbackOutcome> {
  const key = {
    registrationId: attempt.registrationId,
    lineItemUrl: item.url,
    userId: attempt.userId,
  }
  return withLedgerLock(deps, job, key, async (ledger) => {
    if (!improves(job.score, ledger.entry)) return { state: 'succeeded' }
    let timestamp = nextTimestamp(ledger.entry, deps.clock.now())
    for (let sent = 1; ; sent++) {
      const score = buildScore({
        userId: attempt.userId,
        score: job.score,
        ...(item.scoreMaximum === undefined ? {} : { scoreMaximum: item.scoreMaximum }),
        timestamp,
      })
      try {
        await postScore(client, item.url, score)
        ledger.entry = afterPost(ledger.entry, job.score, timestamp, 'posted')
        return { state: 'succeeded', postedScore: job.score }
      } catch (error) {
        const outcome = agsFailureOf(error)?.ambiguous ? 'uncertain' : 'refused'
        ledger.entry = afterPost(ledger.entry, job.score, timestamp, outcome)
        if (sent === 1 && error instanceof LtiError && error.code === 'LTI_SCORE_STALE') {
          timestamp = Math.max(deps.clock.now(), timestamp) + STALE_STEP_MS
          continue
        }
        throw error
      }
    }
  })
}
