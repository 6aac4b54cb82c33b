/**
 * The membership service (NRPS 2.0): a context's roster for a tool placed in it, with personal
 * data only as the tool's privacy settings allow.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#membership-service
 */
import { MEDIA_TYPE, SCOPE } from '../../core/claims.js'
import { LtiNotFound } from '../../core/errors.js'
import { buildMembership } from '../../core/nrps/build-membership.js'
import { parseRoleFilter } from '../../core/nrps/role-filter.js'
import type { MembershipContainer } from '../../core/nrps/types.js'
import { CONTEXT_ROLES } from '../ports.js'
import type { ContextRole, EnrollmentWithUser } from '../ports.js'
import { contextRoleUris } from '../roles.js'
import { findToolContext, jsonResponse } from '../service-guard.js'
import type { ServiceDeps, ServiceHandler } from '../service-guard.js'
import { pagingLinks, parsePage } from '../service-paging.js'
import type { Page } from '../service-paging.js'

/**
 * GET the members of a context, filtered by `role` (a role URI or short name) and `rlid` (the
 * members who may launch that resource link: here, everyone in its context), a page at a time.
 * @throws LTI_CONTEXT_NOT_FOUND, LTI_RESOURCE_LINK_NOT_FOUND (rlid), LTI_REQUEST_INVALID
 *   (role, limit), and the guard's codes.
 */
export const listMemberships: ServiceHandler<{ readonly contextId: string }> = {
  method: 'GET',
  service: 'nrps',
  scopes: [SCOPE.nrpsMembershipReadonly],
  produces: MEDIA_TYPE.membershipContainer,
  async handle({ deps, caller, request, params: { contextId } }) {
    const { query } = request
    const page = parsePage(query)
    const roleUri = query.role === undefined ? undefined : parseRoleFilter(query.role)
    const { context, links } = await findToolContext(deps, caller, contextId)
    // NRPS 2.0 §3.3: rlid names a resource link of this context (and, here, of this tool).
    if (query.rlid !== undefined && !links.some((l) => l.resourceLinkId === query.rlid)) {
      throw new LtiNotFound('LTI_RESOURCE_LINK_NOT_FOUND', 'unknown "rlid"', {
        cause: { rlid: query.rlid },
      })
    }
    const { rows, nextOffset } = await memberPage(deps, contextId, page, roleUri)
    const filters = { role: query.role, rlid: query.rlid }
    const url = deps.urls.memberships(contextId)
    const container: MembershipContainer = {
      id: requestUrl(url, { ...filters, limit: query.limit, offset: query.offset }),
      context: { id: context.id, label: context.label, title: context.title },
      members: rows.map((row) =>
        buildMembership(
          {
            userId: row.user.id,
            roles: contextRoleUris(row.roles),
            status: row.status,
            name: row.user.name,
            givenName: row.user.givenName,
            familyName: row.user.familyName,
            email: row.user.email,
          },
          caller.tool.privacy,
        ),
      ),
    }
    const link = pagingLinks(url, filters, page, nextOffset)
    return jsonResponse(200, MEDIA_TYPE.membershipContainer, container, link ? { link } : {})
  },
}

/**
 * One page of members holding `roleUri`. The store filters on one short role; a URI that several
 * roles carry (a TeachingAssistant is sent as an Instructor too) is matched here while reading
 * the roster in order, and `nextOffset` is where the next page starts in that order.
 */
async function memberPage(
  deps: ServiceDeps,
  contextId: string,
  page: Page,
  roleUri: string | undefined,
): Promise<{ rows: EnrollmentWithUser[]; nextOffset: number | undefined }> {
  let role: ContextRole | undefined
  let matches = (_: EnrollmentWithUser) => true
  if (roleUri !== undefined) {
    const holders = CONTEXT_ROLES.filter((r) => contextRoleUris([r]).includes(roleUri))
    if (holders.length === 0) return { rows: [], nextOffset: undefined }
    if (holders.length === 1) role = holders[0]
    else matches = (m) => m.roles.some((r) => holders.includes(r))
  }
  const chunk = page.limit + 1
  const rows: EnrollmentWithUser[] = []
  for (let cursor = page.offset; ; cursor += chunk) {
    const batch = await deps.stores.contexts.listMembers(contextId, {
      limit: chunk,
      offset: cursor,
      role,
    })
    for (const [i, member] of batch.entries()) {
      if (!matches(member)) continue
      if (rows.length === page.limit) return { rows, nextOffset: cursor + i }
      rows.push(member)
    }
    if (batch.length < chunk) return { rows, nextOffset: undefined }
  }
}

function requestUrl(url: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) search.set(name, value)
  }
  const query = search.toString()
  return query ? `${url}?${query}` : url
}
