/**
 * Creates a line item (a gradebook column) in the context's container.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#creating-a-new-line-item
 */
import type { LineItem } from '../../core/ags/types.js'
import { MEDIA_TYPE } from '../../core/claims.js'
import { LtiUpstreamFailed } from '../../core/errors.js'
import type { AgsClient } from './ags-client.js'
import { readLineItem } from './read-line-item.js'
import type { KnownLineItem } from './read-line-item.js'

/**
 * POSTs `lineItem` to the container and reads back the created one (AGS 2.0 §3.2.5: the answer
 * is the line item with its `id`). Needs the `lineitem` scope.
 *
 * @throws what {@link AgsClient.call} throws; LTI_AGS_REQUEST_FAILED when the answer has no `id`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#creating-a-new-line-item
 */
export async function createLineItem(
  client: AgsClient,
  lineItemsUrl: string,
  lineItem: LineItem,
): Promise<KnownLineItem> {
  const response = await client.call({
    method: 'POST',
    url: lineItemsUrl,
    accept: MEDIA_TYPE.lineItem,
    contentType: MEDIA_TYPE.lineItem,
    body: lineItem,
  })
  const created = readLineItem(response.body)
  if (!created) {
    throw new LtiUpstreamFailed('LTI_AGS_REQUEST_FAILED', 'created line item has no "id"', {
      cause: {
        url: lineItemsUrl,
        retryable: false,
        ambiguous: true,
        answer: `HTTP ${response.status}: no line item id`,
      },
    })
  }
  return { scoreMaximum: lineItem.scoreMaximum, ...created }
}
