/**
 * Our tool against our platform, end to end on loopback (issue #4): after a launch the tool
 * reads the course roster from the platform's NRPS endpoint in the background, and its roster
 * API shows every course member, who has launched and who has not.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ROLE } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import type { TestUser } from '../support/platform-harness.js'
import { startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'

/** The refresh runs after the launch response: poll the API, never sleep a fixed time. */
const SETTLE = { timeout: 5000, interval: 20 }

describe.each(DIALECTS)('tool and platform end to end: roster on %s', (dialect) => {
  let pair: ToolPlatformPair
  let courseId: string
  let linkId: string
  let learner: TestUser
  let instructor: TestUser
  let assistant: TestUser
  let dropped: TestUser

  beforeAll(async () => {
    pair = await startToolPlatformPair(dialect)
    await pair.addScenario('salary-talk', 'Salary talk')
    const { platform } = pair
    courseId = await platform.createCourse({ title: 'Negotiation 101' })
    learner = await platform.createUser({ name: 'Lena Learner' })
    instructor = await platform.createUser({ name: 'Ian Instructor' })
    assistant = await platform.createUser({ name: 'Tara Assistant' })
    dropped = await platform.createUser({ name: 'Dan Dropped' })
    await platform.enroll(courseId, learner.id, ['Learner'])
    await platform.enroll(courseId, instructor.id, ['Instructor'])
    await platform.enroll(courseId, assistant.id, ['TeachingAssistant'])
    const inactive = await platform.api(`/courses/${courseId}/enrollments`, {
      method: 'POST',
      body: { userId: dropped.id, roles: ['Learner'], status: 'Inactive' },
    })
    expect(inactive.status).toBe(201)
    linkId = (
      await platform.addLink(courseId, {
        toolId: pair.registered.id,
        title: 'Practise a salary talk',
        customParameters: { scenario_id: 'salary-talk' },
      })
    ).id
  })
  afterAll(async () => {
    await pair?.close()
  })

  const roster = (query = '') =>
    pair.tool.api(`/workspaces/${pair.ws.slug}/rosters?contextId=${courseId}${query}`)
  const byUser = (members: { userId: string }[]) =>
    Object.fromEntries(members.map((m) => [m.userId, m])) as Record<string, any>

  it('lists every course member after a launch, launched or not', async () => {
    await pair.launch(learner, `/courses/${courseId}/links/${linkId}/launch`)
    await vi.waitFor(
      async () => expect((await roster()).body?.syncedAt).toEqual(expect.any(String)),
      SETTLE,
    )

    const { status, body } = await roster()
    expect(status).toBe(200)
    expect(body).toMatchObject({
      platformId: pair.platformId,
      contextId: courseId,
      contextTitle: 'Negotiation 101',
      counts: { members: 4, launched: 1, notLaunched: 3 },
    })
    const members = byUser(body.members)
    expect(members[learner.id]).toMatchObject({
      name: 'Lena Learner',
      email: learner.email,
      status: 'Active',
      roles: [ROLE.learner],
      launched: true,
      memberId: expect.any(String),
      lastLaunchAt: expect.any(String),
    })
    expect(members[instructor.id]).toMatchObject({
      name: 'Ian Instructor',
      roles: [ROLE.instructor],
      launched: false,
    })
    expect(members[assistant.id]).toMatchObject({ launched: false })
    expect(members[assistant.id].roles).toEqual(expect.arrayContaining([ROLE.teachingAssistant]))
    expect(members[dropped.id]).toMatchObject({ status: 'Inactive', launched: false })

    const learners = await roster('&role=Learner')
    expect(learners.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [learner.id, dropped.id].sort(),
    )
  })

  it('shows a later launch and a new enrolment after a refresh', async () => {
    await pair.launch(instructor, `/courses/${courseId}/links/${linkId}/launch`)
    const late = await pair.platform.createUser({ name: 'Lou Late' })
    await pair.platform.enroll(courseId, late.id, ['Learner'])

    const refreshed = await pair.tool.api(
      `/workspaces/${pair.ws.slug}/rosters/refresh?contextId=${courseId}`,
      { method: 'POST' },
    )
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.counts).toEqual({ members: 5, launched: 2, notLaunched: 3 })
    const members = byUser(refreshed.body.members)
    expect(members[instructor.id]).toMatchObject({ launched: true })
    expect(members[late.id]).toMatchObject({ name: 'Lou Late', launched: false })
  })
})
