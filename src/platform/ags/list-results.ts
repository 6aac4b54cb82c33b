/**
 * The result service (AGS 2.0 §3.3): the current result of each learner on a line item, on the
 * line item's own scale.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
import { scaleScore } from '../../core/ags/scale-score.js'
import type { Result } from '../../core/ags/types.js'
import { MEDIA_TYPE, SCOPE } from '../../core/claims.js'
import type { LineItem, ScoreRecord } from '../ports.js'
import { jsonResponse } from '../service-guard.js'
import type { ServiceHandler } from '../service-guard.js'
import { pagingLinks, parsePage } from '../service-paging.js'
import type { PlatformUrls } from '../service-urls.js'
import { findToolLineItem } from './line-item-wire.js'
import type { LineItemParams } from './line-item-resource.js'

/**
 * GET the results of a line item, narrowed to one learner with `user_id`, a page at a time.
 * @throws LTI_LINE_ITEM_NOT_FOUND, LTI_REQUEST_INVALID (limit), and the guard's codes.
 */
export const listResults: ServiceHandler<LineItemParams> = {
  method: 'GET',
  service: 'ags',
  scopes: [SCOPE.agsResultReadonly],
  produces: MEDIA_TYPE.resultContainer,
  async handle({ deps, caller, request, params }) {
    const page = parsePage(request.query)
    const item = await findToolLineItem(deps, caller, params.contextId, params.lineItemId)
    const userId = request.query.user_id
    const rows = await deps.stores.scores.listScores(item.id, {
      limit: page.limit + 1,
      offset: page.offset,
      userId,
    })
    const results = rows.slice(0, page.limit).map((row) => resultJson(row, item, deps.urls))
    const next = rows.length > page.limit ? page.offset + page.limit : undefined
    const url = `${deps.urls.lineItem(item.contextId, item.id)}/results`
    const link = pagingLinks(url, { user_id: userId }, page, next)
    return jsonResponse(200, MEDIA_TYPE.resultContainer, results, link ? { link } : {})
  },
}

/**
 * One result: the latest score of a learner, rescaled from the tool's `scoreMaximum` to the line
 * item's (AGS 2.0 §3.3.5: `resultMaximum` is the line item's maximum unless stated otherwise).
 * A score without `scoreGiven` (progress only) has no `resultScore`.
 */
export function resultJson(score: ScoreRecord, item: LineItem, urls: PlatformUrls): Result {
  const lineItemUrl = urls.lineItem(item.contextId, item.id)
  const result: Result = {
    id: `${lineItemUrl}/results/${encodeURIComponent(score.userId)}`,
    scoreOf: lineItemUrl,
    userId: score.userId,
  }
  if (score.scoreGiven !== undefined && score.scoreMaximum !== undefined) {
    result.resultScore = scaleScore(score.scoreGiven, score.scoreMaximum, item.scoreMaximum)
  }
  result.resultMaximum = item.scoreMaximum
  if (score.comment !== undefined) result.comment = score.comment
  return result
}
