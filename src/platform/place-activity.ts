/**
 * Places an activity in a context: a resource link, and when it is graded, the line item bound
 * to it, the gradebook column the launch's AGS claim names (AGS 2.0 §3.1, `lineitem`). The admin
 * API and the instructor's "Add activity" form both place activities through here.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-claim
 */
import type {
  LineItem,
  NewLineItem,
  NewResourceLink,
  PlatformStores,
  ResourceLink,
} from './ports.js'

/** The link to place, and its column when graded (its `contextId` and `toolId` are the link's). */
export interface NewActivity extends NewResourceLink {
  readonly lineItem?: Omit<NewLineItem, 'contextId' | 'toolId' | 'linkId'>
}

export interface PlacedActivity {
  /** With `lineItemId` set when a line item was created. */
  readonly link: ResourceLink
  readonly lineItem?: LineItem
}

/** The caller has checked that the context and the tool exist. */
export async function placeActivity(
  stores: Pick<PlatformStores, 'links' | 'lineItems'>,
  { lineItem: column, ...input }: NewActivity,
): Promise<PlacedActivity> {
  const link = await stores.links.createLink(input)
  if (!column) return { link }
  const lineItem = await stores.lineItems.createLineItem({
    contextId: link.contextId,
    toolId: link.toolId,
    linkId: link.id,
    ...column,
  })
  await stores.links.setLinkLineItem(link.id, lineItem.id)
  return { link: { ...link, lineItemId: lineItem.id }, lineItem }
}
