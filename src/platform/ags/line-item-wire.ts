/**
 * Between the platform's line items and their AGS wire form: absolute URLs as IDs, the wire
 * `resourceLinkId` for our link ID, and the one lookup that keeps a tool to its own line items.
 */
import { serializeLineItem } from '../../core/ags/serialize-line-item.js'
import type { LineItem as WireLineItem } from '../../core/ags/types.js'
import { LtiNotFound } from '../../core/errors.js'
import type { LineItem, NewLineItem } from '../ports.js'
import type { ServiceCaller, ServiceDeps } from '../service-guard.js'
import type { PlatformUrls } from '../service-urls.js'

/**
 * A line item of the calling tool in this context. Another tool's line item, or one of another
 * context, is answered as not found: a tool learns nothing of what it does not own.
 * @throws LTI_LINE_ITEM_NOT_FOUND
 */
export async function findToolLineItem(
  deps: ServiceDeps,
  caller: ServiceCaller,
  contextId: string,
  lineItemId: string,
): Promise<LineItem> {
  const item = await deps.stores.lineItems.findLineItem(lineItemId)
  if (!item || item.contextId !== contextId || item.toolId !== caller.tool.id) {
    throw new LtiNotFound('LTI_LINE_ITEM_NOT_FOUND', 'no line item of this tool has this URL', {
      cause: { contextId, lineItemId },
    })
  }
  return item
}

/**
 * The `application/vnd.ims.lis.v2.lineitem+json` object of a line item; `resourceLinkId` is the
 * wire ID of its link (the one the launch sent as `resource_link.id`).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function lineItemJson(
  item: LineItem,
  urls: PlatformUrls,
  resourceLinkId: string | undefined,
): WireLineItem {
  return serializeLineItem({
    id: urls.lineItem(item.contextId, item.id),
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    resourceLinkId,
    resourceId: item.resourceId,
    tag: item.tag,
    startDateTime: item.startDateTime,
    endDateTime: item.endDateTime,
    gradesReleased: item.gradesReleased,
    submissionReview: item.submissionReview as WireLineItem['submissionReview'],
  })
}

/** The stored fields of a line item from its parsed wire form. */
export function lineItemFields(
  wire: Omit<WireLineItem, 'id'>,
  linkId: string | undefined,
): Omit<NewLineItem, 'contextId' | 'toolId'> {
  return {
    linkId,
    label: wire.label,
    scoreMaximum: wire.scoreMaximum,
    resourceId: wire.resourceId,
    tag: wire.tag,
    startDateTime: wire.startDateTime,
    endDateTime: wire.endDateTime,
    gradesReleased: wire.gradesReleased,
    submissionReview: wire.submissionReview,
  }
}
