/**
 * Publishes one score to a line item's score service.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
import type { Score } from '../../core/ags/types.js'
import { MEDIA_TYPE } from '../../core/claims.js'
import type { AgsClient } from './ags-client.js'
import { scoresUrl } from './scores-url.js'

/**
 * POSTs `score` as `application/vnd.ims.lis.v1.score+json` to `<line item>/scores`.
 * @throws what {@link AgsClient.call} throws; LTI_SCORE_STALE when the platform holds a score
 *   with a later or equal `timestamp` (AGS 2.0 §3.4.6).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export async function postScore(client: AgsClient, lineItemUrl: string, score: Score) {
  await client.call({
    method: 'POST',
    url: scoresUrl(lineItemUrl),
    // AGS 2.0 §3.4: the answer has no defined body; accept whatever the platform sends.
    accept: 'application/json, */*;q=0.1',
    contentType: MEDIA_TYPE.score,
    body: score,
  })
}
