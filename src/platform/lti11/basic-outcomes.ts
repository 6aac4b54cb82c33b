/**
 * LTI 1.1 Basic Outcomes, the platform's side: a 1.1 tool replaces, reads or deletes a learner's
 * result (0.0 to 1.0) on a graded activity. The result lands in the activity's line item through
 * the same score store AGS writes to, so the gradebook shows 1.1 and 1.3 grades alike. The caller
 * has verified the request's OAuth body-hash signature and read its POX body.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide (§6, LTI Basic Outcomes)
 */
import { LtiConflict, LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import type { Clock, MacKey } from '../../core/ports.js'
import type {
  ContextStore,
  LineItem,
  LineItemStore,
  Lti11Tool,
  ResourceLinkStore,
  ScoreRecord,
  ScoreStore,
} from '../ports.js'
import { platformUrls } from '../service-urls.js'
import { openResultSourcedId } from './result-sourcedid.js'

/** The one Basic Outcomes endpoint of the platform: `lis_outcome_service_url`. */
export function basicOutcomesUrl(publicUrl: string): string {
  return `${platformUrls(publicUrl).issuer}/lti11/outcomes`
}

export interface BasicOutcomeRequest {
  readonly operation: 'replaceResult' | 'readResult' | 'deleteResult'
  readonly sourcedId: string
  /** replaceResult: 0.0 to 1.0. */
  readonly score?: number
}

export interface BasicOutcomesDeps {
  readonly clock: Clock
  /** Opens `lis_result_sourcedid` values (see `result-sourcedid`). */
  readonly sourcedIdKey: MacKey
  readonly stores: {
    readonly links: Pick<ResourceLinkStore, 'findLink'>
    readonly lineItems: Pick<LineItemStore, 'findLineItem'>
    readonly contexts: Pick<ContextStore, 'findEnrollment'>
    readonly scores: Pick<ScoreStore, 'findScore' | 'putScore'>
  }
}

/** readResult's answer: the result from 0.0 to 1.0, `null` when there is none. */
export interface BasicOutcomeResult {
  readonly score?: number | null
}

/** Tries before a write that keeps losing to newer scores gives up (only under a race). */
const WRITE_TRIES = 3

/**
 * Carries out one operation for the learner and activity of its sourcedId.
 *
 * replaceResult stores `score × scoreMaximum` of the activity's line item with that maximum,
 * `Completed` and `FullyGraded`, timestamped now; deleteResult clears the result the way AGS
 * does, with a score that has no `scoreGiven` (`Initialized`, `NotReady`).
 *
 * @param tool - The tool whose consumer key signed the request.
 * @throws LTI11_RESULT_SOURCEDID_INVALID (not ours, or an activity of another tool),
 *   LTI_LINE_ITEM_NOT_FOUND (the activity is not graded), LTI_USER_NOT_IN_CONTEXT,
 *   LTI_SCORE_STALE (newer scores kept arriving meanwhile)
 */
export async function carryOutBasicOutcome(
  request: BasicOutcomeRequest,
  tool: Lti11Tool,
  deps: BasicOutcomesDeps,
): Promise<BasicOutcomeResult> {
  const subject = await openResultSourcedId(request.sourcedId, deps.sourcedIdKey)
  const link = subject && (await deps.stores.links.findLink(subject.linkId))
  // LTI 1.1 §6: a tool may only touch results of its own activities.
  if (!subject || !link || link.toolId !== tool.id) {
    throw new LtiRequestInvalid('LTI11_RESULT_SOURCEDID_INVALID', 'unknown "sourcedId"', {
      cause: { toolId: tool.id, ...(link ? { linkId: link.id } : {}) },
    })
  }
  const [lineItem, enrollment] = await Promise.all([
    link.lineItemId === undefined ? undefined : deps.stores.lineItems.findLineItem(link.lineItemId),
    deps.stores.contexts.findEnrollment(link.contextId, subject.userId),
  ])
  if (!lineItem) {
    throw new LtiNotFound('LTI_LINE_ITEM_NOT_FOUND', 'the activity has no line item', {
      cause: { linkId: link.id },
    })
  }
  if (!enrollment) {
    throw new LtiRequestInvalid('LTI_USER_NOT_IN_CONTEXT', 'the learner left the context', {
      cause: { contextId: link.contextId, userId: subject.userId },
    })
  }
  const { userId } = subject
  switch (request.operation) {
    case 'readResult':
      return {
        score: normalised(await deps.stores.scores.findScore(lineItem.id, userId), lineItem),
      }
    case 'replaceResult': {
      const score = request.score ?? Number.NaN
      if (!(score >= 0 && score <= 1)) {
        throw new LtiRequestInvalid('LTI11_POX_SCORE_INVALID', 'score must be from 0.0 to 1.0')
      }
      await writeScore(deps, lineItem, userId, {
        scoreGiven: tidy(score * lineItem.scoreMaximum),
        scoreMaximum: lineItem.scoreMaximum,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      })
      return {}
    }
    case 'deleteResult':
      // Nothing stored, nothing to clear: deleting is idempotent.
      if (await deps.stores.scores.findScore(lineItem.id, userId)) {
        await writeScore(deps, lineItem, userId, {
          activityProgress: 'Initialized',
          gradingProgress: 'NotReady',
        })
      }
      return {}
  }
}

/**
 * Writes the score stamped now, or just after the stored one when that is not older (scores are
 * ordered by timestamp, AGS 2.0 §3.4.6; here the platform is the clock, so the latest wins).
 */
async function writeScore(
  deps: BasicOutcomesDeps,
  lineItem: LineItem,
  userId: string,
  fields: Pick<ScoreRecord, 'scoreGiven' | 'scoreMaximum' | 'activityProgress' | 'gradingProgress'>,
): Promise<void> {
  for (let attempt = 0; attempt < WRITE_TRIES; attempt++) {
    const stored = await deps.stores.scores.findScore(lineItem.id, userId)
    const now = deps.clock.now()
    const micros = Math.max(now * 1000, (stored?.timestampMicros ?? 0) + 1)
    const outcome = await deps.stores.scores.putScore({
      lineItemId: lineItem.id,
      userId,
      ...fields,
      timestamp: isoMicros(micros),
      timestampMicros: micros,
      receivedAt: now,
    })
    if (outcome === 'stored') return
    if (outcome === 'gone') {
      throw new LtiNotFound('LTI_LINE_ITEM_NOT_FOUND', 'the line item was deleted meanwhile', {
        cause: { lineItemId: lineItem.id },
      })
    }
  }
  throw new LtiConflict('LTI_SCORE_STALE', 'newer scores kept arriving', {
    cause: { lineItemId: lineItem.id, userId },
  })
}

/** The stored score as a 1.1 result, 0.0 to 1.0; `null` without one (or after a delete). */
function normalised(score: ScoreRecord | undefined, lineItem: LineItem): number | null {
  if (score?.scoreGiven === undefined) return null
  const maximum = score.scoreMaximum ?? lineItem.scoreMaximum
  if (!(maximum > 0)) return null
  // Extra credit (above the maximum) is still a full result on the 1.1 scale.
  return Math.min(1, Math.max(0, tidy(score.scoreGiven / maximum)))
}

/** Drops binary floating-point noise: 0.1 × 3 is 0.3, not 0.30000000000000004. */
function tidy(value: number): number {
  return Number(value.toPrecision(15))
}

/** ISO 8601 with microseconds, as AGS timestamps may carry them. */
function isoMicros(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString()
  return `${iso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`
}
