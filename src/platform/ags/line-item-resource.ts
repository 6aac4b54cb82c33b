/**
 * One line item (AGS 2.0 §3.2): GET, PUT, DELETE.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
import { parseLineItem } from '../../core/ags/parse-line-item.js'
import { MEDIA_TYPE, SCOPE } from '../../core/claims.js'
import { LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import type { LineItem } from '../ports.js'
import { jsonResponse, readJsonBody } from '../service-guard.js'
import type { ServiceDeps, ServiceHandler } from '../service-guard.js'
import { findToolLineItem, lineItemFields, lineItemJson } from './line-item-wire.js'

export interface LineItemParams {
  readonly contextId: string
  readonly lineItemId: string
}

/**
 * GET one line item of the tool.
 * @throws LTI_LINE_ITEM_NOT_FOUND and the guard's codes.
 */
export const getLineItem: ServiceHandler<LineItemParams> = {
  method: 'GET',
  service: 'ags',
  scopes: [SCOPE.agsLineItem, SCOPE.agsLineItemReadonly],
  produces: MEDIA_TYPE.lineItem,
  async handle({ deps, caller, params }) {
    const item = await findToolLineItem(deps, caller, params.contextId, params.lineItemId)
    const json = lineItemJson(item, deps.urls, await wireLinkId(deps, item))
    return jsonResponse(200, MEDIA_TYPE.lineItem, json)
  },
}

/**
 * PUT the whole line item back, changed (AGS 2.0 §3.2.8). Its resource link stays as created:
 * an absent `resourceLinkId` keeps it, another one is refused, so a tool cannot move grades
 * between activities.
 * @throws LTI_LINE_ITEM_NOT_FOUND, LTI_LINE_ITEM_INVALID, LTI_BODY_MALFORMED, the guard's codes.
 */
export const updateLineItem: ServiceHandler<LineItemParams> = {
  method: 'PUT',
  service: 'ags',
  scopes: [SCOPE.agsLineItem],
  consumes: MEDIA_TYPE.lineItem,
  produces: MEDIA_TYPE.lineItem,
  async handle({ deps, caller, request, params }) {
    const item = await findToolLineItem(deps, caller, params.contextId, params.lineItemId)
    const wire = parseLineItem(await readJsonBody(request))
    const resourceLinkId = await wireLinkId(deps, item)
    if (wire.resourceLinkId !== undefined && wire.resourceLinkId !== resourceLinkId) {
      throw new LtiRequestInvalid('LTI_LINE_ITEM_INVALID', '"resourceLinkId" cannot change', {
        fields: { resourceLinkId: 'must stay the resource link the line item was created for' },
      })
    }
    const updated = await deps.stores.lineItems.updateLineItem(
      item.id,
      lineItemFields(wire, item.linkId),
    )
    if (!updated) throw gone(item)
    return jsonResponse(200, MEDIA_TYPE.lineItem, lineItemJson(updated, deps.urls, resourceLinkId))
  },
}

/**
 * DELETE a line item and its results (AGS 2.0 §3.2.9); a link whose own line item it was
 * launches without one from then on.
 * @throws LTI_LINE_ITEM_NOT_FOUND and the guard's codes.
 */
export const deleteLineItem: ServiceHandler<LineItemParams> = {
  method: 'DELETE',
  service: 'ags',
  scopes: [SCOPE.agsLineItem],
  async handle({ deps, caller, params }) {
    const item = await findToolLineItem(deps, caller, params.contextId, params.lineItemId)
    const bound = (await deps.stores.links.listLinks(item.contextId)).filter(
      (l) => l.lineItemId === item.id,
    )
    for (const link of bound) await deps.stores.links.setLinkLineItem(link.id, undefined)
    if (!(await deps.stores.lineItems.deleteLineItem(item.id))) throw gone(item)
    return new Response(null, { status: 204 })
  },
}

async function wireLinkId(deps: ServiceDeps, item: LineItem): Promise<string | undefined> {
  if (item.linkId === undefined) return undefined
  return (await deps.stores.links.findLink(item.linkId))?.resourceLinkId
}

// Deleted by a concurrent call between the lookup and the write.
function gone(item: LineItem): LtiNotFound {
  return new LtiNotFound('LTI_LINE_ITEM_NOT_FOUND', 'the line item was deleted meanwhile', {
    cause: { lineItemId: item.id },
  })
}
