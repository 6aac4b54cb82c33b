/**
 * The line items container of a context (AGS 2.0 §3.2): list with filters and paging, create.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
import { parseLineItem } from '../../core/ags/parse-line-item.js'
import { MEDIA_TYPE, SCOPE } from '../../core/claims.js'
import { LtiRequestInvalid } from '../../core/errors.js'
import { findToolContext, jsonResponse, readJsonBody } from '../service-guard.js'
import type { ServiceHandler } from '../service-guard.js'
import { pagingLinks, parsePage } from '../service-paging.js'
import { lineItemFields, lineItemJson } from './line-item-wire.js'

export interface ContextParams {
  readonly contextId: string
}

/**
 * GET the tool's line items of a context, filtered by `resource_link_id`, `resource_id` and
 * `tag` (AGS 2.0 §3.2.3), a page at a time with a `Link: rel="next"` header.
 * @throws LTI_CONTEXT_NOT_FOUND, LTI_REQUEST_INVALID (limit), and the guard's codes.
 */
export const listLineItems: ServiceHandler<ContextParams> = {
  method: 'GET',
  service: 'ags',
  scopes: [SCOPE.agsLineItem, SCOPE.agsLineItemReadonly],
  produces: MEDIA_TYPE.lineItemContainer,
  async handle({ deps, caller, request, params: { contextId } }) {
    const { query } = request
    const page = parsePage(query)
    const { links } = await findToolContext(deps, caller, contextId)
    const filters = {
      resource_link_id: query.resource_link_id,
      resource_id: query.resource_id,
      tag: query.tag,
    }
    let linkId: string | undefined
    if (filters.resource_link_id !== undefined) {
      // A link the tool does not have in this context has no line items for it.
      linkId = links.find((l) => l.resourceLinkId === filters.resource_link_id)?.id
      if (linkId === undefined) return jsonResponse(200, MEDIA_TYPE.lineItemContainer, [])
    }
    const rows = await deps.stores.lineItems.listLineItems({
      contextId,
      toolId: caller.tool.id,
      linkId,
      resourceId: filters.resource_id,
      tag: filters.tag,
      limit: page.limit + 1,
      offset: page.offset,
    })
    const wireIds = new Map(links.map((l) => [l.id, l.resourceLinkId]))
    const items = rows
      .slice(0, page.limit)
      .map((item) => lineItemJson(item, deps.urls, wireIds.get(item.linkId ?? '')))
    const next = rows.length > page.limit ? page.offset + page.limit : undefined
    const link = pagingLinks(deps.urls.lineItems(contextId), filters, page, next)
    return jsonResponse(200, MEDIA_TYPE.lineItemContainer, items, link ? { link } : {})
  },
}

/**
 * POST a new line item (AGS 2.0 §3.2.4); answers 201 with it and its URL in `Location`. A
 * `resourceLinkId` must name a link of this tool in this context; the first line item of a
 * link becomes the link's own (the `lineitem` of its launches' endpoint claim, AGS 2.0 §3.1).
 * @throws LTI_LINE_ITEM_INVALID, LTI_CONTEXT_NOT_FOUND, LTI_BODY_MALFORMED, and the guard's codes.
 */
export const createLineItem: ServiceHandler<ContextParams> = {
  method: 'POST',
  service: 'ags',
  scopes: [SCOPE.agsLineItem],
  consumes: MEDIA_TYPE.lineItem,
  produces: MEDIA_TYPE.lineItem,
  async handle({ deps, caller, request, params: { contextId } }) {
    const { links } = await findToolContext(deps, caller, contextId)
    const wire = parseLineItem(await readJsonBody(request))
    const link =
      wire.resourceLinkId === undefined
        ? undefined
        : links.find((l) => l.resourceLinkId === wire.resourceLinkId)
    if (wire.resourceLinkId !== undefined && !link) {
      throw new LtiRequestInvalid('LTI_LINE_ITEM_INVALID', 'unknown "resourceLinkId"', {
        fields: { resourceLinkId: 'names no resource link of this tool in this context' },
      })
    }
    const item = await deps.stores.lineItems.createLineItem({
      contextId,
      toolId: caller.tool.id,
      ...lineItemFields(wire, link?.id),
    })
    if (link && link.lineItemId === undefined) {
      await deps.stores.links.setLinkLineItem(link.id, item.id)
    }
    const json = lineItemJson(item, deps.urls, link?.resourceLinkId)
    return jsonResponse(201, MEDIA_TYPE.lineItem, json, { location: json.id as string })
  },
}
