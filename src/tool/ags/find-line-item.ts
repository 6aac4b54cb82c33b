/**
 * Line item discovery: the container filtered by resource link, page by page.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
import { MEDIA_TYPE } from '../../core/claims.js'
import { LtiUpstreamFailed } from '../../core/errors.js'
import { findLink } from '../../core/lib/link-header.js'
import type { AgsClient } from './ags-client.js'
import { readLineItem } from './read-line-item.js'
import type { KnownLineItem } from './read-line-item.js'

export interface FindLineItemInput {
  readonly client: AgsClient
  /** The `lineitems` URL of the AGS claim. */
  readonly lineItemsUrl: string
  readonly resourceLinkId: string
  /** Pages to follow at most; default 50. */
  readonly maxPages?: number
  /** Items per page asked for (`limit`); default 100. */
  readonly pageSize?: number
}

/**
 * The first line item of the container bound to `resourceLinkId`, or `undefined`. Asks for
 * `?resource_link_id=` (AGS 2.0 §3.2.4) and also filters each page itself, because some platforms
 * ignore the filter; follows `Link: <…>; rel="next"` (§3.2.6), also written with typographic
 * quotes, onto URLs that carry their own query string.
 *
 * @throws what {@link AgsClient.call} throws; LTI_AGS_REQUEST_FAILED when a page is not a JSON
 *   array or the pages loop or exceed `maxPages`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#container-request-filters
 */
export async function findLineItem(input: FindLineItemInput): Promise<KnownLineItem | undefined> {
  const { client, resourceLinkId, maxPages = 50, pageSize = 100 } = input
  const first = new URL(input.lineItemsUrl)
  // Appended to the container's own query (Moodle's carries ?type_id=…).
  first.searchParams.set('resource_link_id', resourceLinkId)
  first.searchParams.set('limit', String(pageSize))
  const seen = new Set<string>()
  let url: string | undefined = first.href
  while (url !== undefined) {
    if (seen.has(url) || seen.size >= maxPages) throw pagingFailed(url, seen.size)
    seen.add(url)
    const response = await client.call({ method: 'GET', url, accept: MEDIA_TYPE.lineItemContainer })
    if (!Array.isArray(response.body)) {
      throw new LtiUpstreamFailed('LTI_AGS_REQUEST_FAILED', 'line items container is not a list', {
        cause: { url, retryable: false, ambiguous: false, answer: 'not a JSON array' },
      })
    }
    for (const value of response.body) {
      const item = readLineItem(value)
      if (item?.resourceLinkId === resourceLinkId) return item
    }
    url = findLink(response.headers.get('link'), 'next', url)
  }
  return undefined
}

function pagingFailed(url: string, pages: number) {
  return new LtiUpstreamFailed('LTI_AGS_REQUEST_FAILED', 'line items paging does not end', {
    cause: {
      url,
      pages,
      retryable: false,
      ambiguous: false,
      answer: `gave up after ${pages} pages`,
    },
  })
}
