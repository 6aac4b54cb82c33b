/**
 * The grade passback and roster pages of a workspace's admins, against emulated LMS services:
 * every passback status with its explanation and a Retry that requeues a failed post; rosters
 * with who has not launched yet, and a Refresh that reads the roster now (or shows why not).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CLAIM } from '../../src/core/claims.js'
import { ERROR_CATALOGUE } from '../../src/core/errors.js'
import { adminTokenPages, byTestId, textOf } from '../support/admin-token-pages.js'
import type { AdminTokenPages } from '../support/admin-token-pages.js'
import { DIALECTS } from '../support/databases.js'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import type { AgsEmulator } from '../support/lms-emulator-ags.js'
import { makeMembers, startNrpsEmulator } from '../support/lms-emulator-nrps.js'
import type { NrpsEmulator } from '../support/lms-emulator-nrps.js'
import { connectEmulator, connectEmulatorWithAgs, startTestTool } from '../support/tool-harness.js'
import type { ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

const CONTEXT = 'course-grades'
/** Background roster reads are awaited by polling, never by sleeping. */
const SETTLE = { timeout: 5000, interval: 20 }

describe.each(DIALECTS)('grade passback and roster pages on %s', (dialect) => {
  let tool: TestTool
  let lms: LmsEmulator
  let ags: AgsEmulator
  let nrps: NrpsEmulator
  /** Connected with the AGS emulator's token URL; `rosterWs` with the NRPS emulator's. */
  let ws: ConnectedWorkspace
  let rosterWs: ConnectedWorkspace
  let lineitem: string
  let admin: AdminTokenPages

  beforeAll(async () => {
    tool = await startTestTool(dialect)
    lms = await startLmsEmulator()
    // The emulated LMS's token endpoint is the AGS emulator's.
    ;({ ws, ags } = await connectEmulatorWithAgs(tool, lms))
    lineitem = ags.addLineItem(CONTEXT, { label: 'Negotiation', scoreMaximum: 100 })
    nrps = await startNrpsEmulator({ clientId: lms.clientId })
    rosterWs = await connectEmulator(tool, { ...lms, accessTokenUrl: nrps.tokenUrl })
    nrps.toolJwksUrl = rosterWs.endpoints.jwksUrl
    admin = adminTokenPages(tool.server.url)
  })
  afterAll(async () => {
    await nrps?.close()
    await ags?.close()
    await lms?.close()
    await tool?.close()
  })

  const gradesPath = () => `/admin/workspaces/${ws.slug}/grades`
  const rostersPath = () => `/admin/workspaces/${rosterWs.slug}/rosters`

  /** A learner's launch into the scenario (with the AGS claim unless `withAgs` is false). */
  async function attemptOf(sub: string, withAgs = true): Promise<string> {
    const { launchResponse } = await lms.launch({
      loginUrl: ws.endpoints.oidcLoginUrl,
      targetLinkUri: ws.endpoints.launchUrl,
      scenarioId: ws.scenario.slug,
      sub,
      claims: (c) => ({
        ...c,
        name: `Learner ${sub}`,
        ...(withAgs ? { [CLAIM.agsEndpoint]: ags.claim(CONTEXT, { lineitem }) } : {}),
      }),
    })
    expect(launchResponse.status).toBe(303)
    const members = (await tool.api(`/workspaces/${ws.slug}/members`)).body as {
      id: string
      identities: { sub: string }[]
    }[]
    const member = members.find((m) => m.identities.some((i) => i.sub === sub))
    const list = await tool.api(`/workspaces/${ws.slug}/attempts?memberId=${member?.id}`)
    return (list.body as { id: string }[])[0]?.id as string
  }

  async function report(attemptId: string, score: number) {
    const posted = await tool.api(`/workspaces/${ws.slug}/attempts/${attemptId}/results`, {
      method: 'POST',
      body: { score },
    })
    expect(posted.status).toBe(202)
    await tool.server.passback.drain()
  }

  /** The row of an attempt on the grades page. */
  async function rowOf(attemptId: string): Promise<string> {
    const page = await admin.get(gradesPath())
    expect(page.status).toBe(200)
    const row = byTestId(await page.text(), 'attempt-row', 'tr').find((r) =>
      r.includes(`data-attempt-id="${attemptId}"`),
    )
    expect(row).toBeDefined()
    return row as string
  }
  const statusOf = (row: string) =>
    /data-testid="passback-status" data-status="([a-z-]+)"/.exec(row)?.[1]

  describe('grade passback', () => {
    let posted: string
    let failed: string
    let pending: string
    let notApplicable: string
    let unplayed: string

    beforeAll(async () => {
      posted = await attemptOf('grades-posted')
      await report(posted, 60)
      await report(posted, 85)
      failed = await attemptOf('grades-failed')
      ags.notInCourse.add('grades-failed')
      await report(failed, 70)
      notApplicable = await attemptOf('grades-no-ags', false)
      await report(notApplicable, 90)
      unplayed = await attemptOf('grades-unplayed')
      // The LMS is down and asks to come back in an hour: the post waits, pending.
      pending = await attemptOf('grades-pending')
      ags.fail({ on: 'scores', status: 503, headers: { 'retry-after': '3600' } })
      await report(pending, 40)
    })

    it('shows a posted score with the learner, scenario, latest and best scores', async () => {
      const row = await rowOf(posted)
      expect(statusOf(row)).toBe('posted')
      const text = textOf(row)
      expect(text).toContain('Learner grades-posted')
      expect(text).toContain(ws.scenario.title)
      expect(text).toMatch(/best 85 , latest 85/)
      expect(text).toContain('2 results')
      expect(text).toMatch(/In the gradebook: 85/)
      expect(row).not.toContain('data-testid="retry-passback"')
    })

    it("shows a failed post with the LMS's answer, its code and the fix, and a Retry button", async () => {
      const row = await rowOf(failed)
      expect(statusOf(row)).toBe('failed')
      expect(row).toContain('data-testid="passback-code">LTI_AGS_LEARNER_NOT_IN_COURSE<')
      expect(textOf(row)).toContain('HTTP 422')
      expect(textOf(row)).toContain(ERROR_CATALOGUE.LTI_AGS_LEARNER_NOT_IN_COURSE.hint)
      expect(row).toContain('data-testid="retry-passback"')
      expect(row).toContain(`action="/admin/workspaces/${ws.slug}/attempts/${failed}/retry"`)
    })

    it('shows a post waiting for its next try as pending', async () => {
      const row = await rowOf(pending)
      expect(statusOf(row)).toBe('pending')
      expect(textOf(row)).toMatch(/next try in (59|60) minutes/)
      expect(row).not.toContain('data-testid="retry-passback"')
    })

    it('shows why a score has nowhere to go, without a Retry button', async () => {
      const row = await rowOf(notApplicable)
      expect(statusOf(row)).toBe('not-applicable')
      expect(textOf(row)).toContain(ERROR_CATALOGUE.LTI_AGS_NOT_AVAILABLE.hint)
      expect(row).not.toContain('data-testid="retry-passback"')
      expect(statusOf(await rowOf(unplayed))).toBe('none')
    })

    it('requeues a failed post on Retry and comes back with a notice', async () => {
      const path = `/admin/workspaces/${ws.slug}/attempts/${failed}/retry`
      // Signed out, or from another site: nothing is requeued.
      const out = await admin.post(path, {}, { signedOut: true })
      expect(out.status).toBe(303)
      expect(out.headers.get('location')).toMatch(/^\/admin\/login/)
      const forged = await admin.post(path, {}, { headers: { origin: 'https://evil.example' } })
      expect(forged.status).toBe(400)
      expect(statusOf(await rowOf(failed))).toBe('failed')

      ags.notInCourse.delete('grades-failed')
      const retry = await admin.post(path)
      expect(retry.status).toBe(303)
      expect(retry.headers.get('location')).toBe(`${gradesPath()}?retried=1`)
      const back = await (await admin.get(retry.headers.get('location') as string)).text()
      expect(textOf(byTestId(back, 'notice')[0] ?? '')).toContain('Retry queued')
      await tool.server.passback.drain()
      const row = await rowOf(failed)
      expect(statusOf(row)).toBe('posted')
      expect(ags.scores.filter((s) => s.score.userId === 'grades-failed')).toHaveLength(1)

      // Nothing left to retry, and no passback at all for an attempt without AGS.
      const again = await admin.post(path)
      expect(again.headers.get('location')).toBe(`${gradesPath()}?retried=0`)
      const none = await admin.post(`/admin/workspaces/${ws.slug}/attempts/${notApplicable}/retry`)
      expect(none.status).toBe(409)
      expect(await none.text()).toContain('LTI_AGS_NOT_AVAILABLE')
    })
  })

  describe('rosters', () => {
    /** A launch from `contextId` carrying the NRPS claim; the tool reads the roster after it. */
    const launchFrom = (contextId: string, sub: string) =>
      lms.launch({
        loginUrl: rosterWs.endpoints.oidcLoginUrl,
        targetLinkUri: rosterWs.endpoints.launchUrl,
        sub,
        claims: (c) => {
          c[CLAIM.context] = { id: contextId, title: `Course ${contextId}` }
          c[CLAIM.nrpsService] = nrps.claim(contextId)
        },
      })
    const rostersPage = async (query = '') => {
      const page = await admin.get(`${rostersPath()}${query}`)
      expect(page.status).toBe(200)
      return page.text()
    }
    const rosterOf = (html: string, contextId: string) =>
      byTestId(html, 'roster', 'section').find((r) => r.includes(`data-context-id="${contextId}"`))

    beforeAll(async () => {
      nrps.setMembers('course-r1', makeMembers(6))
      const { launchResponse } = await launchFrom('course-r1', 'user-0002')
      expect(launchResponse.status).toBe(303)
      await vi.waitFor(async () => {
        const roster = await tool.api(`/workspaces/${rosterWs.slug}/rosters?contextId=course-r1`)
        expect(roster.body?.syncedAt).toEqual(expect.any(String))
      }, SETTLE)
    })

    it('shows each member with role and status, and who has not launched yet', async () => {
      const roster = rosterOf(await rostersPage(), 'course-r1') as string
      expect(roster).toBeDefined()
      expect(textOf(roster)).toContain('Course course-r1')
      const members = byTestId(roster, 'roster-member', 'tr')
      expect(members).toHaveLength(6)
      const launched = members.filter((m) => m.includes('data-launched="true"'))
      expect(launched).toHaveLength(1)
      expect(textOf(launched[0] as string)).toContain('user-0002')
      const waiting = members.filter((m) => m.includes('data-testid="not-launched"'))
      expect(waiting).toHaveLength(5)
      // Those who have not launched come first.
      expect(members.at(-1)).toBe(launched[0])
      expect(textOf(members.find((m) => m.includes('user-0001')) as string)).toMatch(
        /Person 0001 .*Instructor .*Active/,
      )
      expect(textOf(members.find((m) => m.includes('user-0004')) as string)).toContain('Inactive')
      expect(textOf(roster)).toContain('5 not launched yet')
      expect(textOf(roster)).toMatch(/Last read from the LMS: (just now|\d+ (second|minute)s? ago)/)
    })

    it('refreshes a roster now, and shows a failed read with its code and fix', async () => {
      nrps.setMembers('course-r1', makeMembers(3, 'new'))
      const fields = { platformId: rosterWs.platformId, contextId: 'course-r1' }
      const path = `${rostersPath()}/refresh`
      const out = await admin.post(path, fields, { signedOut: true })
      expect(out.status).toBe(303)
      expect(out.headers.get('location')).toMatch(/^\/admin\/login/)

      const refresh = await admin.post(path, fields)
      expect(refresh.status).toBe(303)
      expect(refresh.headers.get('location')).toBe(`${rostersPath()}?refresh=ok`)
      const fresh = await rostersPage('?refresh=ok')
      expect(textOf(byTestId(fresh, 'notice')[0] ?? '')).toContain('Roster refreshed')
      const members = byTestId(rosterOf(fresh, 'course-r1') as string, 'roster-member', 'tr')
      expect(members.map((m) => /new-\d{4}/.exec(m)?.[0]).sort()).toEqual([
        'new-0001',
        'new-0002',
        'new-0003',
      ])

      nrps.failWith(500)
      try {
        const failing = await admin.post(path, fields)
        expect(failing.headers.get('location')).toBe(`${rostersPath()}?refresh=failed`)
      } finally {
        nrps.failWith(undefined)
      }
      const failed = await rostersPage('?refresh=failed')
      expect(failed).toContain('data-testid="refresh-failed"')
      const roster = rosterOf(failed, 'course-r1') as string
      expect(roster).toContain('data-testid="roster-error-code">LTI_NRPS_REQUEST_FAILED<')
      expect(textOf(roster)).toContain(ERROR_CATALOGUE.LTI_NRPS_REQUEST_FAILED.hint)
      // The members read before the failure stay.
      expect(byTestId(roster, 'roster-member', 'tr')).toHaveLength(3)

      const unknown = await admin.post(path, { ...fields, contextId: 'never-launched' })
      expect(unknown.status).toBe(404)
    })
  })

  it('refuses a signed-out visitor and sets the admin policy on every page', async () => {
    for (const path of [gradesPath(), rostersPath()]) {
      const out = await admin.get(path, { signedOut: true })
      expect(out.status).toBe(303)
      expect(out.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(path)}`)
      const page = await admin.get(path)
      expect(page.status).toBe(200)
      const csp = page.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(page.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('shows helpful empty states', async () => {
    const created = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Empty', slug: `empty-${dialect}-${process.pid}` },
    })
    const slug = (created.body as { slug: string }).slug
    const grades = await (await admin.get(`/admin/workspaces/${slug}/grades`)).text()
    expect(grades).toContain('data-testid="grades-empty"')
    const rosters = await (await admin.get(`/admin/workspaces/${slug}/rosters`)).text()
    expect(rosters).toContain('data-testid="rosters-empty"')
  })
})
