import { describe, expect, it } from 'vitest'
import { LtiError } from '../../core/errors.js'
import type { Fetch } from '../../core/ports.js'
import { fetchMemberships } from './fetch-memberships.js'

const BASE = 'https://lms.example/api/courses/1/nrps'

/** Serves pages by URL; each page lists its members and where the next one is. */
function service(pages: Record<string, { members: string[]; next?: string; status?: number }>) {
  const seen: { url: string; auth: string | null }[] = []
  const fetch: Fetch = async (input, init) => {
    const url = String(input)
    const auth = new Headers(init?.headers).get('authorization')
    seen.push({ url, auth })
    const page = pages[url]
    if (!page) return new Response('{}', { status: 404 })
    const headers: Record<string, string> = {}
    if (page.next) headers.link = `<${page.next}>; rel="next"`
    const body = {
      id: url,
      context: { id: 'c1' },
      members: page.members.map((user_id) => ({ user_id, roles: [] })),
    }
    return new Response(JSON.stringify(body), { status: page.status ?? 200, headers })
  }
  return { fetch, seen }
}

const tokens = (values: string[]) => {
  const refused: string[] = []
  let i = 0
  return {
    get: async () => values[Math.min(i, values.length - 1)] as string,
    refused: (t: string) => {
      refused.push(t)
      i++
    },
    refusedTokens: refused,
  }
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) =>
      e instanceof LtiError ? `${e.code} ${(e.cause as { reason?: string })?.reason}` : String(e),
  )

describe('fetchMemberships', () => {
  it('follows next links, keeps each user once, and sends the bearer token', async () => {
    const { fetch, seen } = service({
      [BASE]: { members: ['a', 'b'], next: `${BASE}?page=2` },
      [`${BASE}?page=2`]: { members: ['b', 'c'] },
    })
    const result = await fetchMemberships({ fetch, url: BASE, tokens: tokens(['t1']) })
    expect(result.members.map((m) => m.userId)).toEqual(['a', 'b', 'c'])
    expect(result.pages).toBe(2)
    expect(seen.every((s) => s.auth === 'Bearer t1')).toBe(true)
  })

  it('retries a page once with a fresh token after a 401', async () => {
    let calls = 0
    const fetch: Fetch = async (_input, init) => {
      calls++
      const auth = new Headers(init?.headers).get('authorization')
      if (auth === 'Bearer old') return new Response('', { status: 401 })
      return new Response(JSON.stringify({ members: [{ user_id: 'a' }] }))
    }
    const source = tokens(['old', 'new'])
    const result = await fetchMemberships({ fetch, url: BASE, tokens: source })
    expect(result.members).toHaveLength(1)
    expect(source.refusedTokens).toEqual(['old'])
    expect(calls).toBe(2)

    const always401: Fetch = async () => new Response('', { status: 401 })
    expect(
      await code(fetchMemberships({ fetch: always401, url: BASE, tokens: tokens(['x', 'y']) })),
    ).toBe('LTI_NRPS_REQUEST_FAILED status')
  })

  it('refuses a next link that leaves the service origin: the token must not follow it', async () => {
    const { fetch, seen } = service({
      [BASE]: { members: ['a'], next: 'https://attacker.example/collect' },
    })
    expect(await code(fetchMemberships({ fetch, url: BASE, tokens: tokens(['t']) }))).toBe(
      'LTI_NRPS_REQUEST_FAILED the next link leaves the service origin',
    )
    expect(seen.map((s) => s.url)).toEqual([BASE])
  })

  it('fails on a paging loop, too many pages or members, and a non-container', async () => {
    const loop = service({
      [BASE]: { members: ['a'], next: `${BASE}?p=2` },
      [`${BASE}?p=2`]: { members: ['b'], next: BASE },
    })
    expect(
      await code(fetchMemberships({ fetch: loop.fetch, url: BASE, tokens: tokens(['t']) })),
    ).toBe('LTI_NRPS_REQUEST_FAILED the next link repeats an earlier page')
    const long = service({
      [BASE]: { members: ['a'], next: `${BASE}?p=2` },
      [`${BASE}?p=2`]: { members: ['b'], next: `${BASE}?p=3` },
      [`${BASE}?p=3`]: { members: ['c'] },
    })
    expect(
      await code(
        fetchMemberships({ fetch: long.fetch, url: BASE, tokens: tokens(['t']), maxPages: 2 }),
      ),
    ).toBe('LTI_NRPS_REQUEST_FAILED more than 2 pages')
    expect(
      await code(
        fetchMemberships({ fetch: long.fetch, url: BASE, tokens: tokens(['t']), maxMembers: 2 }),
      ),
    ).toBe('LTI_NRPS_REQUEST_FAILED more than 2 members')
    const html: Fetch = async () => new Response('<html></html>')
    expect(await code(fetchMemberships({ fetch: html, url: BASE, tokens: tokens(['t']) }))).toBe(
      'LTI_NRPS_REQUEST_FAILED not a membership container',
    )
    const big: Fetch = async () =>
      new Response(JSON.stringify({ members: [], pad: 'x'.repeat(2000) }))
    expect(
      await code(
        fetchMemberships({ fetch: big, url: BASE, tokens: tokens(['t']), maxPageBytes: 1000 }),
      ),
    ).toBe('LTI_NRPS_REQUEST_FAILED too large')
  })

  it('adds role and limit to the query the URL already has', async () => {
    const { fetch, seen } = service({
      [`${BASE}?type_id=3&role=Learner&limit=50`]: { members: ['a'] },
    })
    await fetchMemberships({
      fetch,
      url: `${BASE}?type_id=3`,
      tokens: tokens(['t']),
      role: 'Learner',
      limit: 50,
    })
    expect(seen.map((s) => s.url)).toEqual([`${BASE}?type_id=3&role=Learner&limit=50`])
  })
})
