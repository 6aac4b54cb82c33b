/**
 * The score publish service lives under the line item: its URL plus `/scores`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */

/**
 * The scores URL of a line item. AGS 2.0 §3.4: `/scores` joins the path, before any query
 * string, so Moodle's `.../lineitem?type_id=3` becomes `.../lineitem/scores?type_id=3`.
 *
 * @throws TypeError (`ERR_INVALID_ARG_VALUE`) when `lineItemUrl` is not an absolute URL.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function scoresUrl(lineItemUrl: string): string {
  let url: URL
  try {
    url = new URL(lineItemUrl)
  } catch {
    throw Object.assign(new TypeError('"lineItemUrl" must be an absolute URL'), {
      code: 'ERR_INVALID_ARG_VALUE',
    })
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`
  url.hash = ''
  return url.href
}
