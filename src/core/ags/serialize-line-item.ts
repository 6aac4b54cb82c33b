/**
 * Writes a line item as the AGS wire shape, leaving out absent properties rather than sending
 * `null`s (AGS 2.0 §3.2: optional properties are omitted).
 */
import type { LineItem } from './types.js'

/**
 * The `application/vnd.ims.lis.v2.lineitem+json` object of a line item, properties in the
 * spec's order.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function serializeLineItem(item: LineItem): LineItem {
  const { id, scoreMaximum, label } = item
  const wire: LineItem = id === undefined ? { scoreMaximum, label } : { id, scoreMaximum, label }
  if (item.resourceLinkId !== undefined) wire.resourceLinkId = item.resourceLinkId
  if (item.resourceId !== undefined) wire.resourceId = item.resourceId
  if (item.tag !== undefined) wire.tag = item.tag
  if (item.startDateTime !== undefined) wire.startDateTime = item.startDateTime
  if (item.endDateTime !== undefined) wire.endDateTime = item.endDateTime
  if (item.gradesReleased !== undefined) wire.gradesReleased = item.gradesReleased
  if (item.submissionReview !== undefined) wire.submissionReview = item.submissionReview
  return wire
}
