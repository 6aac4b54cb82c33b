/**
 * Submission review: from the LMS gradebook, an instructor's LtiSubmissionReviewRequest opens the
 * attempts of the learner named by `for_user`, for the reviewed resource link; learners are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import type { IdTokenClaims, LmsUser } from '../support/lms-emulator.js'
import { launchLogCode, startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool, ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

describe.each(DIALECTS)('submission review on %s', (dialect) => {
  let tool: TestTool
  let ws: ConnectedWorkspace
  let launch: ConnectedTool['launch']
  let connected: ConnectedTool

  beforeAll(async () => {
    connected = await startConnectedTool(dialect)
    ;({ tool, ws, launch } = connected)
  })
  afterAll(() => connected?.close())

  /** A learner plays the scenario through `linkId` and reports these scores. */
  const play = async (sub: string, linkId: string, scores: number[]) => {
    const { launchResponse } = await launch({
      sub,
      scenarioId: ws.scenario.id,
      claims: (c) => {
        c.name = `Learner ${sub}`
        c[CLAIM.resourceLink] = { id: linkId }
      },
    })
    expect(launchResponse.status).toBe(303)
    const members = (await tool.api(`/workspaces/${ws.slug}/members`)).body as any[]
    const member = members.find((m) => m.identities.some((i: any) => i.sub === sub))
    const attempts = await tool.api(`/workspaces/${ws.slug}/attempts?memberId=${member.id}`)
    const attempt = (attempts.body as any[]).find((a) => a.resourceLinkId === linkId)
    for (const score of scores) {
      const posted = await tool.api(`/workspaces/${ws.slug}/attempts/${attempt.id}/results`, {
        method: 'POST',
        body: { score },
      })
      expect(posted.status).toBe(202)
    }
    return attempt.id as string
  }

  /** The gradebook's review launch, as the reviewer `user`, for `forUser`. */
  const review = (user: LmsUser, forUser: unknown, linkId = 'link-review') =>
    launch({
      user,
      scenarioId: ws.scenario.id,
      claims: (c: IdTokenClaims) => {
        c[CLAIM.messageType] = MESSAGE_TYPE.submissionReview
        c[CLAIM.resourceLink] = { id: linkId }
        if (forUser !== undefined) c[CLAIM.forUser] = forUser
      },
    })

  const open = async (launchResponse: Response) => {
    expect(launchResponse.status).toBe(303)
    const location = launchResponse.headers.get('location') as string
    expect(location).toMatch(new RegExp(`^/lti/${ws.workspaceId}/review\\?token=`))
    const page = await fetch(tool.server.url + location)
    return { page, html: await page.text() }
  }

  it("opens the named learner's attempt at the reviewed link, and only that", async () => {
    const attemptId = await play('ann', 'link-review', [60, 85])
    // Other attempts: the same learner on another link, another learner on this link.
    await play('ann', 'link-other', [10])
    await play('bob', 'link-review', [99])

    const { launchResponse } = await review('instructor', { user_id: 'ann', roles: [] })
    const { page, html } = await open(launchResponse)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(html).toContain('Learner ann')
    expect(html).toContain(`data-attempt-id="${attemptId}"`)
    expect([...html.matchAll(/data-attempt-id="/g)]).toHaveLength(1)
    expect([...html.matchAll(/data-score="(\d+)"/g)].map((m) => m[1])).toEqual(['60', '85'])
    expect(html).toContain('best score 85')
    expect(html).not.toContain('data-score="99"')
    expect(html).not.toContain('data-score="10"')
  })

  it('says so when the learner has not started the activity', async () => {
    const { launchResponse } = await review('instructor', {
      user_id: 'carl',
      given_name: 'Carl',
      family_name: 'Gauss',
    })
    const { html } = await open(launchResponse)
    expect(html).toContain('Carl Gauss')
    expect(html).toContain('data-testid="review-empty"')
  })

  it('refuses a learner, and a review without for_user', async () => {
    const learner = await review('learner', { user_id: 'ann' })
    expect(learner.launchResponse.status).toBe(403)
    expect((await launchLogCode(tool, ws, learner.launchResponse))?.errorCode).toBe(
      'LTI_SUBMISSION_REVIEW_FORBIDDEN',
    )
    const anonymous = await review('instructor', undefined)
    expect(anonymous.launchResponse.status).toBe(401)
    expect((await launchLogCode(tool, ws, anonymous.launchResponse))?.errorCode).toBe(
      'LTI_CLAIM_MISSING',
    )
  })

  it('refuses an altered or foreign review token', async () => {
    const { launchResponse } = await review('instructor', { user_id: 'ann' })
    const location = launchResponse.headers.get('location') as string
    const altered = location.replace(
      /token=(.)/,
      (_m, c: string) => `token=${c === 'A' ? 'B' : 'A'}`,
    )
    const forged = await fetch(tool.server.url + altered, {
      headers: { accept: 'application/json' },
    })
    expect(forged.status).toBe(401)
    expect((await forged.json()).error.code).toBe('LTI_SESSION_INVALID')
    const elsewhere = await fetch(
      tool.server.url + location.replace(ws.workspaceId, 'another-workspace'),
      { headers: { accept: 'application/json' } },
    )
    expect((await elsewhere.json()).error.code).toBe('LTI_SESSION_INVALID')
  })
})
