/**
 * Reads a context's membership container from the platform's Names and Role Provisioning
 * Service, page by page, as a tool.
 */
import { MEDIA_TYPE } from '../../core/claims.js'
import { LtiError, LtiUpstreamFailed } from '../../core/errors.js'
import { findLink } from '../../core/lib/link-header.js'
import { readLimited } from '../../core/lib/read-limited.js'
import type { Fetch } from '../../core/ports.js'
import type { RosterMember } from '../ports.js'
import { parseMembershipPage } from './parse-membership-page.js'

/** Where the bearer token comes from; `refused` is told of a token the service answered 401 to. */
export interface AccessTokenSource {
  get(): Promise<string>
  refused(token: string): void
}

export interface FetchMembershipsInput {
  /** Pass the guarded fetch in production: the URL comes from an id_token. */
  readonly fetch: Fetch
  /** The launch's `context_memberships_url` (NRPS 2.0 §3.6.1). */
  readonly url: string
  readonly tokens: AccessTokenSource
  /** NRPS 2.0 §2.3: only members with this role (a full URI or a short context role). */
  readonly role?: string
  /** NRPS 2.0 §2.4: page size to ask for; the platform may use a smaller one. */
  readonly limit?: number
  /** Default 1,000 pages: Canvas pages of 50 hold 50,000 members. */
  readonly maxPages?: number
  /** Default 50,000 members. */
  readonly maxMembers?: number
  /** Default 8 MiB per page. */
  readonly maxPageBytes?: number
  /** Per page; default 15 s. */
  readonly timeoutMs?: number
}

export interface Memberships {
  readonly context?: { id: string; label?: string; title?: string }
  /** Each `user_id` once, in the order the platform listed them. */
  readonly members: RosterMember[]
  readonly pages: number
  /** Entries without a usable `user_id`, left out. */
  readonly skipped: number
}

const DEFAULTS = { maxPages: 1000, maxMembers: 50_000, maxPageBytes: 8 * 1024 * 1024 }

/**
 * Fetches every page of the membership container, following `Link: <…>; rel="next"`.
 *
 * A partial roster would show present members as gone, so any page that fails fails the whole
 * read. A next link on another origin is refused: the bearer token must not travel there.
 *
 * @throws LTI_NRPS_REQUEST_FAILED with `cause: { status, reason, page }`; an `LtiError` from
 *   `fetch` or the token source (a refused URL, LTI_TOKEN_RESPONSE_INVALID) passes through.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#membership-container-media-type
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#limit-query-parameter
 */
export async function fetchMemberships(input: FetchMembershipsInput): Promise<Memberships> {
  const { maxPages, maxMembers, maxPageBytes } = { ...DEFAULTS, ...definedOnly(input) }
  const origin = new URL(input.url).origin
  const seen = new Set<string>()
  const byUser = new Map<string, RosterMember>()
  let context: Memberships['context']
  let skipped = 0
  let next: string | undefined = firstPageUrl(input)
  let pages = 0
  while (next !== undefined) {
    pages++
    const fail = failure(pages)
    if (pages > maxPages) throw fail(0, `more than ${maxPages} pages`)
    if (seen.has(next)) throw fail(0, 'the next link repeats an earlier page')
    seen.add(next)
    const response = await getPage(next, input, fail)
    const bytes = await readLimited(response, maxPageBytes, () =>
      fail(response.status, 'too large'),
    )
    const page = parseMembershipPage(bytes)
    if (!page) throw fail(response.status, 'not a membership container')
    context ??= page.context
    skipped += page.skipped
    for (const member of page.members) {
      if (!byUser.has(member.userId) && byUser.size >= maxMembers) {
        throw fail(response.status, `more than ${maxMembers} members`)
      }
      byUser.set(member.userId, member)
    }
    next = findLink(response.headers.get('link'), 'next', next)
    if (next !== undefined && new URL(next).origin !== origin) {
      throw fail(response.status, 'the next link leaves the service origin')
    }
  }
  return { ...(context ? { context } : {}), members: [...byUser.values()], pages, skipped }
}

function firstPageUrl(input: FetchMembershipsInput): string {
  const url = new URL(input.url)
  // NRPS 2.0 §2.3, §2.4: added to whatever query the platform's URL already carries.
  if (input.role !== undefined) url.searchParams.set('role', input.role)
  if (input.limit !== undefined) url.searchParams.set('limit', String(input.limit))
  return url.href
}

/** One page, with one retry on a fresh token after a 401 (the cached one was revoked). */
async function getPage(
  url: string,
  input: FetchMembershipsInput,
  fail: (status: number, reason: string) => LtiError,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const token = await input.tokens.get()
    let response: Response
    try {
      response = await input.fetch(url, {
        headers: { accept: MEDIA_TYPE.membershipContainer, authorization: `Bearer ${token}` },
        redirect: 'manual',
        signal: AbortSignal.timeout(input.timeoutMs ?? 15_000),
      })
    } catch (error) {
      if (error instanceof LtiError) throw error
      const name = error instanceof Error ? error.name : ''
      throw fail(0, name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network')
    }
    if (response.status === 401 && attempt === 0) {
      await response.body?.cancel().catch(() => undefined)
      input.tokens.refused(token)
      continue
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined)
      throw fail(response.status, 'status')
    }
    return response
  }
}

function failure(page: number) {
  return (status: number, reason: string): LtiError =>
    new LtiUpstreamFailed('LTI_NRPS_REQUEST_FAILED', 'membership service did not answer a roster', {
      cause: { status, reason, page },
    })
}

function definedOnly(input: FetchMembershipsInput) {
  const out: Partial<typeof DEFAULTS> = {}
  if (input.maxPages !== undefined) out.maxPages = input.maxPages
  if (input.maxMembers !== undefined) out.maxMembers = input.maxMembers
  if (input.maxPageBytes !== undefined) out.maxPageBytes = input.maxPageBytes
  return out
}
