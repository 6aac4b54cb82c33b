/**
 * Our tool against our platform, end to end on loopback (issue #4): a learner launches a
 * scenario from a course activity, the host product reports results, and the tool's passback
 * worker posts the best of them through AGS into the platform's gradebook, scaled to the line
 * item's scoreMaximum. Submission review is not covered: our platform sends no
 * LtiSubmissionReviewRequest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/databases.js'
import type { TestUser } from '../support/platform-harness.js'
import { createLearnerCourse, startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'

describe.each(DIALECTS)('tool and platform end to end: grades on %s', (dialect) => {
  let pair: ToolPlatformPair
  let courseId: string
  let scenarioId: string
  let link: { id: string; resourceLinkId: string; lineItemId?: string }
  let learner: TestUser

  beforeAll(async () => {
    pair = await startToolPlatformPair(dialect)
    scenarioId = await pair.addScenario('salary-talk', 'Salary talk')
    ;({ courseId, learner, link } = await createLearnerCourse(
      pair,
      { title: 'Negotiation 101', label: 'NEG101' },
      {
        title: 'Practise a salary talk',
        scenario: 'salary-talk',
        lineItem: { label: 'Salary talk', scoreMaximum: 10 },
      },
    ))
  })
  afterAll(async () => {
    await pair?.close()
  })

  const gradebook = async () => {
    const response = await pair.platform.api(`/courses/${courseId}/gradebook`)
    expect(response.status).toBe(200)
    return response.body as Record<string, unknown>[]
  }
  const attemptApi = (id: string, path = '', init?: Parameters<typeof pair.tool.api>[1]) =>
    pair.tool.api(`/workspaces/${pair.ws.slug}/attempts/${id}${path}`, init)
  const report = async (attemptId: string, score: number) => {
    const posted = await attemptApi(attemptId, '/results', { method: 'POST', body: { score } })
    expect(posted.status).toBe(202)
    await pair.tool.server.passback.drain()
  }

  it('lands a learner on the scenario, provisioned as a member with an open attempt', async () => {
    const { page } = await pair.launch(learner, `/courses/${courseId}/links/${link.id}/launch`)
    const landed = new URL(page.url)
    expect(landed.origin).toBe(pair.tool.server.url)
    expect(landed.pathname).toBe(`/play/${pair.ws.id}/${scenarioId}`)
    expect(page.body).toContain('Salary talk')

    const members = (await pair.tool.api(`/workspaces/${pair.ws.slug}/members`)).body
    expect(members).toEqual([
      expect.objectContaining({
        role: 'Member',
        name: 'Lena Learner',
        identities: [{ issuer: pair.registered.issuer, sub: learner.id }],
      }),
    ])
    const attempts = await pair.tool.api(
      `/workspaces/${pair.ws.slug}/attempts?memberId=${members[0].id}&scenario=salary-talk`,
    )
    expect(attempts.body).toEqual([
      expect.objectContaining({
        memberId: members[0].id,
        scenarioId,
        resourceLinkId: link.resourceLinkId,
        platformId: pair.platformId,
        results: [],
        bestScore: null,
      }),
    ])
    expect(await gradebook()).toEqual([])
  })

  it('posts a result to the platform gradebook, scaled, then only improvements', async () => {
    const [attempt] = (await pair.tool.api(`/workspaces/${pair.ws.slug}/attempts`)).body
    await report(attempt.id, 85)
    const row = {
      userId: learner.id,
      linkId: link.id,
      lineItemId: link.lineItemId,
      scoreGiven: 8.5,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      display: '8.5 / 10',
    }
    const first = await gradebook()
    expect(first).toEqual([expect.objectContaining(row)])
    expect((await attemptApi(attempt.id)).body.passback).toMatchObject({
      status: 'posted',
      postedScore: 85,
    })

    // Best-of-N: a lower result is stored but never reaches the gradebook.
    await report(attempt.id, 70)
    expect(await gradebook()).toEqual(first)
    expect((await attemptApi(attempt.id)).body).toMatchObject({
      bestScore: 85,
      passback: { status: 'posted', postedScore: 85 },
    })

    await report(attempt.id, 90)
    const last = await gradebook()
    expect(last).toEqual([expect.objectContaining({ ...row, scoreGiven: 9, display: '9 / 10' })])
    expect(Date.parse(last[0]?.timestamp as string)).toBeGreaterThan(
      Date.parse(first[0]?.timestamp as string),
    )
    expect((await attemptApi(attempt.id)).body).toMatchObject({
      results: [{ score: 85 }, { score: 70 }, { score: 90 }],
      bestScore: 90,
      passback: { status: 'posted', postedScore: 90 },
    })
  })
})
