/**
 * Paging of the service containers (line items, results, memberships): a `limit` the tool may
 * ask for, an `offset` the platform puts in the `Link` URLs it hands out (opaque to the tool,
 * which follows links), and those links.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#container-request-filters
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#limit-query-parameter
 */
import { LtiRequestInvalid } from '../core/errors.js'
import { formatLinkHeader } from '../core/lib/link-header.js'

/** Rows per page when the tool names no `limit`, and the most it may ask for. */
export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 1000
/** Further than this no tool pages; it bounds the SQL OFFSET an outsider can ask for. */
const MAX_OFFSET = 10_000_000

export interface Page {
  readonly limit: number
  readonly offset: number
}

/**
 * The page a container request asks for. A `limit` above {@link MAX_PAGE_SIZE} is lowered to it
 * (AGS 2.0 §3.2.6: the platform may return fewer items than asked for).
 * @throws LTI_REQUEST_INVALID (fields `limit`, `offset`) for values that are not whole numbers.
 */
export function parsePage(query: Readonly<Record<string, string | undefined>>): Page {
  const fields: Record<string, string> = {}
  let limit = DEFAULT_PAGE_SIZE
  if (query.limit !== undefined) {
    if (/^\d{1,9}$/.test(query.limit) && Number(query.limit) > 0) {
      limit = Math.min(Number(query.limit), MAX_PAGE_SIZE)
    } else fields.limit = 'must be a whole number above 0'
  }
  let offset = 0
  if (query.offset !== undefined) {
    if (/^\d{1,9}$/.test(query.offset) && Number(query.offset) <= MAX_OFFSET) {
      offset = Number(query.offset)
    } else fields.offset = 'must be a whole number from 0'
  }
  if (Object.keys(fields).length > 0) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'invalid paging parameter', { fields })
  }
  return { limit, offset }
}

/**
 * The RFC 8288 `Link` header of a page: `next` while more rows follow (at `nextOffset`) and
 * `first` once there is more than one page. Each URL repeats the request's filters; `undefined`
 * when everything fits in this one page.
 */
export function pagingLinks(
  url: string,
  filters: Readonly<Record<string, string | undefined>>,
  page: Page,
  nextOffset: number | undefined,
): string | undefined {
  if (nextOffset === undefined && page.offset === 0) return undefined
  const at = (offset: number) => {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(filters)) {
      if (value !== undefined) params.set(name, value)
    }
    params.set('limit', String(page.limit))
    if (offset > 0) params.set('offset', String(offset))
    return `${url}?${params}`
  }
  return formatLinkHeader({
    next: nextOffset === undefined ? undefined : at(nextOffset),
    first: at(0),
  })
}
