/**
 * Course rosters through NRPS 2.0 against the emulated LMS: paging with the quirks of real
 * LMSes, the admin roster API, and the refresh that follows a launch when a roster is stale.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CLAIM, CONTEXT_ROLE_PREFIX, MEDIA_TYPE } from '../../src/core/claims.js'
import { LtiError } from '../../src/core/errors.js'
import { createAccessTokenCache } from '../../src/core/oauth/access-token-cache.js'
import type { Registration } from '../../src/core/ports.js'
import { fetchMemberships } from '../../src/tool/nrps/fetch-memberships.js'
import { createRosterRefresher } from '../../src/tool/nrps/refresh-roster-after-launch.js'
import type { RosterRefresher } from '../../src/tool/nrps/refresh-roster-after-launch.js'
import { DIALECTS } from '../support/databases.js'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import { makeMembers, startNrpsEmulator } from '../support/lms-emulator-nrps.js'
import type { NrpsEmulator } from '../support/lms-emulator-nrps.js'
import { connectEmulator, startTestTool } from '../support/tool-harness.js'
import type { ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

/** Background work is awaited by polling the API, never by sleeping a fixed time. */
const SETTLE = { timeout: 5000, interval: 20 }
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0)
const HOUR = 3_600_000
const INSTRUCTOR = `${CONTEXT_ROLE_PREFIX}Instructor`

describe.each(DIALECTS)('roster sync on %s', (dialect) => {
  let now = T0
  const clock = { now: () => now }
  let tool: TestTool
  let lms: LmsEmulator
  let nrps: NrpsEmulator
  let ws: ConnectedWorkspace

  beforeAll(async () => {
    tool = await startTestTool(dialect, { clock })
    lms = await startLmsEmulator()
    nrps = await startNrpsEmulator({ clientId: lms.clientId, clock, typographicQuotes: true })
    ws = await connectEmulator(tool, { ...lms, accessTokenUrl: nrps.tokenUrl })
    nrps.toolJwksUrl = ws.endpoints.jwksUrl
  })
  afterAll(async () => {
    await nrps?.close()
    await lms?.close()
    await tool?.close()
  })

  /** A launch at the tool's fixed time, from `contextId`, carrying the NRPS claim unless told. */
  const launch = (contextId: string, sub: string, withNrps = true) =>
    lms.launch({
      loginUrl: ws.endpoints.oidcLoginUrl,
      targetLinkUri: ws.endpoints.launchUrl,
      sub,
      claims: (c) => {
        c.iat = Math.floor(now / 1000)
        c.exp = Math.floor(now / 1000) + 300
        c[CLAIM.context] = { id: contextId, title: `Course ${contextId}` }
        if (withNrps) c[CLAIM.nrpsService] = nrps.claim(contextId)
      },
    })
  const roster = (contextId: string, query = '') =>
    tool.api(`/workspaces/${ws.slug}/rosters?contextId=${encodeURIComponent(contextId)}${query}`)
  const syncedAt = async (contextId: string) => (await roster(contextId)).body?.syncedAt

  it('reads every page after a launch (typographic quotes, next URLs with a query) and shows who has not launched', async () => {
    nrps.setMembers('course-a', makeMembers(120))
    const { launchResponse } = await launch('course-a', 'user-0002')
    // The roster is read beside the launch, never before answering it.
    expect(launchResponse.status).toBe(303)
    await vi.waitFor(
      async () => expect(await syncedAt('course-a')).toBe(new Date(T0).toISOString()),
      SETTLE,
    )

    const requests = nrps.requests.filter((r) => r.url.pathname.includes('/course-a/'))
    expect(requests).toHaveLength(3)
    expect(requests.map((r) => r.url.searchParams.get('page'))).toEqual([null, '2', '3'])
    expect(requests[2]?.url.searchParams.get('type_id')).toBe('3')
    for (const r of requests) {
      expect(r.accept).toBe(MEDIA_TYPE.membershipContainer)
      expect(r.authorization).toMatch(/^Bearer \S+$/)
    }
    expect(nrps.tokensIssued).toBe(1)

    const { status, body } = await roster('course-a')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      platformId: ws.platformId,
      contextId: 'course-a',
      contextTitle: 'Course course-a',
      counts: { members: 120, launched: 1, notLaunched: 119 },
    })
    const byUser = Object.fromEntries(body.members.map((m: any) => [m.userId, m]))
    expect(byUser['user-0002']).toMatchObject({
      launched: true,
      memberId: expect.any(String),
      lastLaunchAt: new Date(T0).toISOString(),
    })
    expect(byUser['user-0004']).toMatchObject({
      status: 'Inactive',
      launched: false,
      name: 'Person 0004',
      email: 'user-0004@example.edu',
    })
    expect(byUser['user-0001'].roles).toEqual([INSTRUCTOR])
    expect(byUser['user-0001']).not.toHaveProperty('picture')
  })

  it('filters by role, as a URI or a short context role', async () => {
    const short = await roster('course-a', '&role=Instructor')
    expect(short.body.counts.members).toBe(24)
    expect(short.body.members.every((m: any) => m.roles.includes(INSTRUCTOR))).toBe(true)
    const full = await roster('course-a', `&role=${encodeURIComponent(INSTRUCTOR)}`)
    expect(full.body.members).toEqual(short.body.members)

    // The service's own `role` filter (NRPS 2.0 §2.3), added to the URL's query.
    const token = nrps.issueToken()
    const read = await fetchMemberships({
      fetch: (url, init) => fetch(url, init),
      url: `${nrps.membershipsUrl('course-a')}?type_id=3`,
      tokens: { get: async () => token, refused: () => undefined },
      role: 'Instructor',
    })
    expect(read.members).toHaveLength(24)
    expect(read.pages).toBe(1)
    expect(read.context).toEqual({
      id: 'course-a',
      label: 'BIO-101',
      title: 'Introduction to Biology',
    })
    const sent = nrps.requests.at(-1)?.url
    expect(sent?.searchParams.get('role')).toBe('Instructor')
    expect(sent?.searchParams.get('type_id')).toBe('3')
  })

  it('refreshes on request, fetching a new token once after a 401', async () => {
    nrps.setMembers('course-a', makeMembers(3, 'new'))
    nrps.revokeTokens()
    const issued = nrps.tokensIssued
    now = T0 + HOUR
    const { status, body } = await tool.api(
      `/workspaces/${ws.slug}/rosters/refresh?contextId=course-a`,
      { method: 'POST' },
    )
    expect(status).toBe(200)
    expect(nrps.tokensIssued).toBe(issued + 1)
    expect(body.syncedAt).toBe(new Date(T0 + HOUR).toISOString())
    expect(body.members.map((m: any) => m.userId)).toEqual(['new-0001', 'new-0002', 'new-0003'])
  })

  it('answers with a code when no roster is known, or without the admin token', async () => {
    const unknown = await roster('never-launched')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('LTI_NRPS_NOT_AVAILABLE')
    const missing = await tool.api(`/workspaces/${ws.slug}/rosters`)
    expect(missing.body.error.code).toBe('LTI_REQUEST_INVALID')
    const anonymous = await tool.api(`/workspaces/${ws.slug}/rosters?contextId=course-a`, {
      token: null,
    })
    expect(anonymous.status).toBe(401)
  })

  it('reports a failing LMS on the roster, never to the learner', async () => {
    nrps.setMembers('course-b', makeMembers(10))
    nrps.failWith(500)
    try {
      const { launchResponse } = await launch('course-b', 'user-0001')
      expect(launchResponse.status).toBe(303)
      await vi.waitFor(
        async () =>
          expect((await roster('course-b')).body.lastErrorCode).toBe('LTI_NRPS_REQUEST_FAILED'),
        SETTLE,
      )
      const refresh = await tool.api(`/workspaces/${ws.slug}/rosters/refresh?contextId=course-b`, {
        method: 'POST',
      })
      expect(refresh.status).toBe(502)
      expect(refresh.body.error.code).toBe('LTI_NRPS_REQUEST_FAILED')
    } finally {
      nrps.failWith(undefined)
    }
  })

  it('refreshes a roster after a launch once it is older than the configured age', async () => {
    nrps.setMembers('course-a', makeMembers(60, 'late'))
    now = T0 + 26 * HOUR
    await launch('course-a', 'late-0007')
    await vi.waitFor(
      async () => expect(await syncedAt('course-a')).toBe(new Date(T0 + 26 * HOUR).toISOString()),
      SETTLE,
    )
    const { body } = await roster('course-a')
    expect(body.counts).toEqual({ members: 60, launched: 1, notLaunched: 59 })
  })

  describe('the refresh decision, with a fixed clock', () => {
    let refresher: RosterRefresher
    let registration: Registration
    const message = (contextId: string, withNrps = true) => ({
      context: { id: contextId },
      ...(withNrps ? { nrpsService: nrps.claim(contextId) } : {}),
    })

    beforeAll(async () => {
      registration = (await tool.server.stores.registrations.findById(
        ws.workspaceId,
        ws.platformId,
      )) as Registration
      refresher = createRosterRefresher({
        fetch: (url, init) => fetch(url, init),
        clock,
        accessTokens: createAccessTokenCache({ clock }),
        signingKey: (id) => tool.server.keys.signingKey(id),
        store: tool.server.stores.rosters,
        maxAgeMs: 24 * HOUR,
      })
      nrps.setMembers('course-c', makeMembers(51))
    })

    it('syncs a new roster, keeps it for the configured age, then syncs again', async () => {
      now = T0 + 100 * HOUR
      const first = await refresher.afterLaunch({ registration, message: message('course-c') })
      expect(first).toMatchObject({ status: 'synced', members: 51, pages: 2 })
      for (const later of [1, 23, 23.9]) {
        now = T0 + (100 + later) * HOUR
        expect(await refresher.afterLaunch({ registration, message: message('course-c') })).toEqual(
          { status: 'fresh' },
        )
      }
      now = T0 + 124 * HOUR + 1
      expect(
        await refresher.afterLaunch({ registration, message: message('course-c') }),
      ).toMatchObject({ status: 'synced', members: 51 })
    })

    it('does nothing for a launch without the NRPS claim or a context', async () => {
      expect(
        await refresher.afterLaunch({ registration, message: message('course-c', false) }),
      ).toEqual({ status: 'not-available' })
      expect(
        await refresher.afterLaunch({
          registration,
          message: { nrpsService: nrps.claim('course-c') },
        }),
      ).toEqual({ status: 'not-available' })
      expect(
        await refresher.afterLaunch({
          registration,
          message: {
            context: { id: 'course-c' },
            nrpsService: { ...nrps.claim('course-c'), service_versions: ['1.0'] },
          },
        }),
      ).toEqual({ status: 'not-available' })
    })

    it('after a failure waits out the retry window before trying again', async () => {
      now = T0 + 200 * HOUR
      nrps.failWith(503)
      const failed = await refresher
        .afterLaunch({ registration, message: message('course-c') })
        .catch((e: unknown) => e)
      expect(failed).toBeInstanceOf(LtiError)
      expect((failed as LtiError).code).toBe('LTI_NRPS_REQUEST_FAILED')
      nrps.failWith(undefined)
      now += 2 * 60_000
      expect(await refresher.afterLaunch({ registration, message: message('course-c') })).toEqual({
        status: 'fresh',
      })
      now += 4 * 60_000
      expect(
        await refresher.afterLaunch({ registration, message: message('course-c') }),
      ).toMatchObject({ status: 'synced' })
      // The members of the last good read survived the failure; the error is cleared.
      const { body } = await roster('course-c')
      expect(body.counts.members).toBe(51)
      expect(body).not.toHaveProperty('lastErrorCode')
    })
  })
})
