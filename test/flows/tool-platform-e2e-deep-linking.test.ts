/**
 * Our tool against our platform, end to end on loopback (issue #4): an instructor adds a
 * scenario to a course through the platform's "Add content" (Deep Linking 2.0), the tool's
 * signed answer becomes an activity with its line item, and a learner launching that activity
 * lands on the scenario and is graded on that line item.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../../src/core/claims.js'
import { readForm } from '../interop/browser.js'
import { DIALECTS } from '../support/databases.js'
import type { TestUser } from '../support/platform-harness.js'
import { startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'

describe.each(DIALECTS)('tool and platform end to end: deep linking on %s', (dialect) => {
  let pair: ToolPlatformPair
  let courseId: string
  let scenarioId: string
  let instructor: TestUser
  let learner: TestUser

  beforeAll(async () => {
    pair = await startToolPlatformPair(dialect)
    await pair.addScenario('opening-offer', 'Opening offer')
    scenarioId = await pair.addScenario('salary-talk', 'Salary talk')
    const { platform } = pair
    courseId = await platform.createCourse({ title: 'Negotiation 101' })
    instructor = await platform.createUser({ name: 'Ian Instructor' })
    learner = await platform.createUser({ name: 'Lena Learner' })
    await platform.enroll(courseId, instructor.id, ['Instructor'])
    await platform.enroll(courseId, learner.id, ['Learner'])
  })
  afterAll(async () => {
    await pair?.close()
  })

  const deepLinkingPath = () => `/courses/${courseId}/tools/${pair.registered.id}/deep-linking`
  const courseLinks = async () =>
    (await pair.platform.api(`/courses/${courseId}`)).body.links as Record<string, any>[]
  /** The claims of the tool's newest launch, from its launch log (personal data redacted). */
  const lastLaunchClaims = async () => {
    const [newest] = (await pair.tool.api(`/workspaces/${pair.ws.slug}/lti/launches?limit=1`)).body
    const entry = await pair.tool.api(
      `/workspaces/${pair.ws.slug}/lti/launches/${newest.correlationId}`,
    )
    return entry.body.claims as Record<string, unknown>
  }
  const roster = () => pair.tool.api(`/workspaces/${pair.ws.slug}/rosters?contextId=${courseId}`)

  it('turns the scenario an instructor picks into an activity with a line item', async () => {
    const { browser, page } = await pair.launch(instructor, deepLinkingPath())
    expect(new URL(page.url).origin).toBe(pair.tool.server.url)
    const picker = readForm(page.body)
    expect(page.body).toContain('Opening offer')
    expect(page.body).toContain('Salary talk')
    // AGS 2.0 §3.1: the tool has no activity in this course yet, so the platform's services do
    // not reach it here and the request must not name them (no roster read that gets a 404).
    const claims = await lastLaunchClaims()
    expect(claims[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
    expect(claims).not.toHaveProperty([CLAIM.nrpsService])
    expect(claims).not.toHaveProperty([CLAIM.agsEndpoint])

    const answer = await browser.request(new URL(picker.action, pair.tool.server.url).toString(), {
      form: {
        token: picker.fields.token as string,
        scenario: scenarioId,
        lineItem: '1',
        scoreMaximum: '20',
        action: 'select',
      },
    })
    expect(answer.status, answer.body.slice(0, 300)).toBe(200)
    const response = readForm(answer.body)
    expect(response.action).toBe(`${pair.registered.issuer}/lti/deep-linking/return`)
    expect(Object.keys(response.fields)).toEqual(['JWT'])

    const absorbed = await browser.request(response.action, { form: response.fields })
    expect(absorbed.status, absorbed.body.slice(0, 500)).toBe(200)
    expect(absorbed.body).toContain('Salary talk')

    const added = (await courseLinks()).filter((l) => l.toolId === pair.registered.id)
    expect(added).toEqual([
      expect.objectContaining({
        title: 'Salary talk',
        customParameters: { scenario_id: scenarioId },
        lineItemId: expect.any(String),
      }),
    ])
    const lineItem = await pair.platform.stores.lineItems.findLineItem(added[0]?.lineItemId)
    expect(lineItem).toMatchObject({
      label: 'Salary talk',
      scoreMaximum: 20,
      resourceId: scenarioId,
      linkId: added[0]?.id,
    })
  })

  it('names the services once the tool has an activity in the course, and the roster is read', async () => {
    const { browser, page } = await pair.launch(instructor, deepLinkingPath())
    const claims = await lastLaunchClaims()
    expect(claims[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
    expect(claims).toHaveProperty([CLAIM.nrpsService])
    expect(claims).toHaveProperty([CLAIM.agsEndpoint])
    await vi.waitFor(async () => expect((await roster()).body?.counts?.members).toBe(2), {
      timeout: 5000,
      interval: 20,
    })
    expect((await roster()).body).not.toHaveProperty('lastErrorCode')

    // Cancelling answers the platform with no items: nothing is added.
    const picker = readForm(page.body)
    const answer = await browser.request(new URL(picker.action, pair.tool.server.url).toString(), {
      form: { token: picker.fields.token as string, action: 'cancel' },
    })
    const response = readForm(answer.body)
    const absorbed = await browser.request(response.action, { form: response.fields })
    expect(absorbed.status, absorbed.body.slice(0, 500)).toBe(200)
    expect(await courseLinks()).toHaveLength(1)
  })

  it('refuses the picker to a learner', async () => {
    const refused = await fetch(`${pair.platform.url}${deepLinkingPath()}`, {
      headers: { cookie: await pair.platform.signIn(learner), accept: 'application/json' },
      redirect: 'manual',
    })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'LTI_DEEP_LINKING_NOT_ALLOWED',
    )
  })

  it('lands a learner launching the new activity on its scenario, graded on its line item', async () => {
    const [activity] = await courseLinks()
    const { page } = await pair.launch(learner, `/courses/${courseId}/links/${activity?.id}/launch`)
    expect(new URL(page.url).pathname).toBe(`/play/${pair.ws.id}/${scenarioId}`)
    expect(page.body).toContain('Salary talk')

    const [attempt] = (await pair.tool.api(`/workspaces/${pair.ws.slug}/attempts`)).body
    expect(attempt).toMatchObject({ scenarioId, resourceLinkId: activity?.resourceLinkId })
    const posted = await pair.tool.api(
      `/workspaces/${pair.ws.slug}/attempts/${attempt.id}/results`,
      {
        method: 'POST',
        body: { score: 75 },
      },
    )
    expect(posted.status).toBe(202)
    await pair.tool.server.passback.drain()
    const gradebook = (await pair.platform.api(`/courses/${courseId}/gradebook`)).body
    expect(gradebook).toEqual([
      expect.objectContaining({
        userId: learner.id,
        linkId: activity?.id,
        lineItemId: activity?.lineItemId,
        scoreGiven: 15,
        scoreMaximum: 20,
        display: '15 / 20',
      }),
    ])
  })
})
