/**
 * The score publish service (AGS 2.0 §3.4): a tool POSTs a learner's latest score for one of its
 * line items. The platform's hottest path: a MAC check for the token, three reads, one write.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
import { parseScore } from '../../core/ags/parse-score.js'
import { MEDIA_TYPE, SCOPE } from '../../core/claims.js'
import { LtiConflict, LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import type { ScoreRecord } from '../ports.js'
import { readJsonBody } from '../service-guard.js'
import type { ServiceHandler } from '../service-guard.js'
import { findToolLineItem } from './line-item-wire.js'
import type { LineItemParams } from './line-item-resource.js'

/**
 * POST a score; answers 204. The score replaces the stored one only when its timestamp is newer.
 * @throws LTI_SCORE_INVALID, LTI_BODY_MALFORMED (400), LTI_LINE_ITEM_NOT_FOUND (404),
 *   LTI_SCORE_STALE (409), LTI_USER_NOT_IN_CONTEXT (422), and the guard's codes.
 */
export const postScore: ServiceHandler<LineItemParams> = {
  method: 'POST',
  service: 'ags',
  scopes: [SCOPE.agsScore],
  consumes: MEDIA_TYPE.score,
  async handle({ deps, caller, request, params }) {
    const item = await findToolLineItem(deps, caller, params.contextId, params.lineItemId)
    const { score, timestampMicros } = parseScore(await readJsonBody(request))
    // AGS 2.0 §3.4.1: userId is a user of the line item's context.
    if (!(await deps.stores.contexts.findEnrollment(item.contextId, score.userId))) {
      throw new LtiRequestInvalid('LTI_USER_NOT_IN_CONTEXT', '"userId" is not in this context', {
        cause: { contextId: item.contextId, userId: score.userId },
      })
    }
    const record: ScoreRecord = {
      lineItemId: item.id,
      userId: score.userId,
      scoreGiven: score.scoreGiven,
      scoreMaximum: score.scoreMaximum,
      comment: score.comment,
      activityProgress: score.activityProgress,
      gradingProgress: score.gradingProgress,
      timestamp: score.timestamp,
      timestampMicros,
      submission: score.submission,
      receivedAt: deps.clock.now(),
    }
    const outcome = await deps.stores.scores.putScore(record)
    // AGS 2.0 §3.4.6: a score not newer than the stored one must not replace it.
    if (outcome === 'stale') {
      throw new LtiConflict('LTI_SCORE_STALE', '"timestamp" is not newer than the stored score', {
        cause: { lineItemId: item.id, userId: score.userId },
      })
    }
    // Deleted since it was looked up (maybe through another instance, within the cache's TTL).
    if (outcome === 'gone') {
      throw new LtiNotFound('LTI_LINE_ITEM_NOT_FOUND', 'the line item was deleted meanwhile', {
        cause: { contextId: item.contextId, lineItemId: item.id },
      })
    }
    return new Response(null, { status: 204 })
  },
}
