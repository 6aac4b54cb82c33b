/**
 * One run of a passback job: find the attempt's line item, take the (line item, learner) lock,
 * post the score when it beats the best already posted, and say how the run ended.
 */
import type { LineItem } from '../../core/ags/types.js'
import { LtiError } from '../../core/errors.js'
import { createAccessTokenCache } from '../../core/oauth/access-token-cache.js'
import type { AccessTokenCache } from '../../core/oauth/access-token-cache.js'
import type { Clock, Fetch, Registration } from '../../core/ports.js'
import type { SigningKey } from '../../core/security/key-set.js'
import { createAgsClient } from '../ags/ags-client.js'
import type { AgsClient } from '../ags/ags-client.js'
import { readAgsService } from '../ags/ags-service.js'
import type { AgsService } from '../ags/ags-service.js'
import { createLineItemResolver } from '../ags/resolve-line-item.js'
import type { LineItemResolver, ResolveLineItemInput } from '../ags/resolve-line-item.js'
import type { Attempt, PassbackJob, PassbackOutcome, PassbackPorts } from '../ports.js'
import { decideFailure } from './decide-failure.js'
import { LockBusy, postBestScore, withLedgerLock } from './post-best-score.js'
import { DEFAULT_RETRY_POLICY } from './retry-policy.js'
import type { RetryPolicy } from './retry-policy.js'

export interface PassbackProcessorOptions {
  readonly ports: PassbackPorts
  /** The guarded fetch in production: service URLs come from launch claims. */
  readonly fetch: Fetch
  readonly clock: Clock
  /** The workspace's signing key, for client assertions. */
  signingKey(workspaceId: string): Promise<SigningKey>
  readonly tokens?: AccessTokenCache
  readonly lineItems?: LineItemResolver
  readonly policy?: Partial<RetryPolicy>
  /** [0, 1); the jitter of retry delays. */
  readonly random?: () => number
  /** Per AGS request; default 10 s. */
  readonly requestTimeoutMs?: number
  /** No request starts this close to the end of the lease; default 15 s. */
  readonly leaseMarginMs?: number
  /** How long an LMS connection read is reused; default 5 s, `0` reads it for every job. */
  readonly registrationCacheMs?: number
  /** How long a run waits for a lock another run holds; default 1 s (not counted as a run). */
  readonly lockWaitMs?: number
  /**
   * The line item to create when the platform has none for the resource link (add
   * `submissionReview` here, say); by default the scenario's title out of 100.
   */
  readonly newLineItem?: (attempt: Attempt, base: LineItem) => LineItem
}

export interface PassbackProcessor {
  /** Runs a claimed job; never throws: every failure becomes an outcome. */
  run(job: PassbackJob): Promise<PassbackOutcome>
}

/**
 * The passback runner. Its decisions:
 * - a score that does not beat the best posted (or possibly posted) score is not sent; the job
 *   succeeds without a `postedScore`;
 * - 409 (stale timestamp): one more try with a later timestamp; a second 409 fails the job with
 *   LTI_SCORE_STALE (the platform holds a newer score, perhaps an instructor's: not overwritten);
 * - 404 on a line item this process had cached: forget it and resolve again once;
 * - 401: a fresh token once (in the AGS client); 403, 404, 422 fail at once.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function createPassbackProcessor(options: PassbackProcessorOptions): PassbackProcessor {
  const { ports, fetch, clock } = options
  const tokens = options.tokens ?? createAccessTokenCache({ clock })
  const lineItems = options.lineItems ?? createLineItemResolver({ clock })
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy }
  const random = options.random ?? Math.random
  const leaseMarginMs = options.leaseMarginMs ?? 15_000
  const lockWaitMs = options.lockWaitMs ?? 1000
  const registrationTtlMs = options.registrationCacheMs ?? 5000
  const lock = { ledger: ports.ledger, clock }

  // A burst of jobs mostly shares a few LMS connections; a removed one fails within seconds.
  const registrationCache = new Map<
    string,
    { at: number; value: Promise<Registration | undefined> }
  >()
  function registrations(workspaceId: string, id: string): Promise<Registration | undefined> {
    const key = `${workspaceId}\n${id}`
    const cached = registrationCache.get(key)
    if (cached && clock.now() - cached.at < registrationTtlMs) return cached.value
    const value = ports.findRegistration(workspaceId, id)
    registrationCache.delete(key)
    if (registrationCache.size >= 1000) registrationCache.clear()
    if (registrationTtlMs > 0) registrationCache.set(key, { at: clock.now(), value })
    value.catch(() => registrationCache.delete(key))
    return value
  }

  /** The end of the lease less a margin (a quarter of a short lease at most). */
  function deadlineOf(leaseExpiresAt: number): number {
    const left = leaseExpiresAt - clock.now()
    return leaseExpiresAt - Math.min(leaseMarginMs, Math.max(0, left) / 4)
  }

  async function newLineItem(attempt: Attempt): Promise<LineItem> {
    const scenario = await ports.findScenario(attempt.workspaceId, attempt.scenarioId)
    const base: LineItem = {
      label: scenario?.title ?? 'Scenario',
      scoreMaximum: 100,
      resourceLinkId: attempt.resourceLinkId,
      resourceId: attempt.scenarioId,
    }
    return options.newLineItem ? options.newLineItem(attempt, base) : base
  }

  async function run(job: PassbackJob, attempt: Attempt, service: AgsService, client: AgsClient) {
    const input: ResolveLineItemInput = {
      client,
      registrationId: attempt.registrationId,
      service,
      resourceLinkId: attempt.resourceLinkId,
      newLineItem: () => newLineItem(attempt),
      guardCreate: (lockKey, create) =>
        withLedgerLock(
          lock,
          job,
          { registrationId: attempt.registrationId, lineItemUrl: lockKey, userId: '' },
          create,
        ),
    }
    for (let look = 1; ; look++) {
      const item = await lineItems.resolve(input)
      if (item === 'unavailable') {
        return notApplicable(
          'LTI_AGS_LINE_ITEM_UNAVAILABLE',
          'no line item, and none may be created',
        )
      }
      try {
        return await postBestScore(lock, job, attempt, item, client)
      } catch (error) {
        // The cached column may have been replaced since: one fresh look (AGS 2.0 §3.2).
        if (look === 1 && !item.fresh && codeOf(error) === 'LTI_AGS_LINE_ITEM_GONE') {
          lineItems.forget(input)
          continue
        }
        throw error
      }
    }
  }

  return {
    async run(job) {
      try {
        const attempt = await ports.findAttemptById(job.attemptId)
        if (!attempt) return failed('LTI_ATTEMPT_NOT_FOUND', 'the attempt was deleted')
        const service = readAgsService(attempt.agsEndpoint)
        if (!service)
          return notApplicable('LTI_AGS_NOT_AVAILABLE', 'the launch carried no AGS claim')
        const registration = await registrations(attempt.workspaceId, attempt.registrationId)
        if (!registration) {
          return failed('LTI_REGISTRATION_NOT_FOUND', 'the LMS connection was removed')
        }
        const client = createAgsClient({
          fetch,
          clock,
          tokens,
          registration,
          signingKey: () => options.signingKey(attempt.workspaceId),
          scopes: service.scopes,
          ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
          ...(job.leaseExpiresAt === undefined ? {} : { deadline: deadlineOf(job.leaseExpiresAt) }),
        })
        return await run(job, attempt, service, client)
      } catch (error) {
        if (error instanceof LockBusy) {
          return { state: 'pending', runAt: clock.now() + lockWaitMs, countsAsTry: false }
        }
        return decideFailure(error, job, clock.now(), policy, random)
      }
    },
  }
}

function codeOf(error: unknown): string | undefined {
  return error instanceof LtiError ? error.code : undefined
}

function failed(errorCode: string, error: string): PassbackOutcome {
  return { state: 'failed', errorCode, error }
}

function notApplicable(errorCode: string, error: string): PassbackOutcome {
  return { state: 'not_applicable', errorCode, error }
}
