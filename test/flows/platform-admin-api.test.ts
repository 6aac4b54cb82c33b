/** The platform's admin API against a running platform server, on every dialect. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCOPE } from '../../src/core/claims.js'
import { verifyPassword } from '../../src/platform/password.js'
import type { ScoreRecord } from '../../src/platform/ports.js'
import { DIALECTS } from '../support/databases.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform } from '../support/platform-harness.js'

const TOOL = 'http://127.0.0.1:9/tool'
const ALL_AGS = [
  SCOPE.agsLineItem,
  SCOPE.agsLineItemReadonly,
  SCOPE.agsResultReadonly,
  SCOPE.agsScore,
]

describe.each(DIALECTS)('platform admin API (%s)', (dialect) => {
  let platform: TestPlatform

  beforeAll(async () => {
    platform = await startTestPlatform(dialect)
  })
  afterAll(async () => {
    await platform?.close()
  })

  const post = (path: string, body: unknown) => platform.api(path, { method: 'POST', body })

  describe('authentication and plumbing', () => {
    it('refuses calls without the admin token or with a wrong one', async () => {
      for (const token of [null, 'wrong-token-0123456789']) {
        const response = await platform.api('/courses', { method: 'POST', body: {}, token })
        expect(response.status).toBe(401)
        expect(response.body.error.code).toBe('LTI_AUTH_REQUIRED')
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/)
      }
    })

    it('answers malformed and oversized JSON with their codes', async () => {
      const malformed = await platform.api('/courses', { method: 'POST', body: '{"title":' })
      expect(malformed.status).toBe(400)
      expect(malformed.body.error.code).toBe('LTI_BODY_MALFORMED')
      const big = await post('/courses', { title: 'x', label: 'y'.repeat(70_000) })
      expect(big.status).toBe(413)
      expect(big.body.error.code).toBe('LTI_BODY_TOO_LARGE')
    })

    it('serves /healthz with a correlation id and nosniff', async () => {
      const response = await fetch(`http://127.0.0.1:${platform.server.port}/healthz`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ ok: true })
      expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    })

    it('answers unknown API paths with LTI_NOT_FOUND', async () => {
      const response = await platform.api('/nothing-here')
      expect(response.status).toBe(404)
      expect(response.body.error.code).toBe('LTI_NOT_FOUND')
    })
  })

  describe('POST /api/users', () => {
    it('creates a user with a scrypt hash of the password, never the password', async () => {
      const response = await post('/users', {
        name: 'Ada Lovelace',
        email: '  Ada@Example.TEST ',
        password: 'analytical-engine',
        givenName: 'Ada',
        familyName: 'Lovelace',
      })
      expect(response.status).toBe(201)
      expect(response.body).toEqual({ id: expect.any(String) })
      const user = await platform.stores.users.findUser(response.body.id)
      expect(user).toMatchObject({ email: 'ada@example.test', givenName: 'Ada' })
      expect(user?.passwordHash).toMatch(/^scrypt\$/)
      expect(user?.passwordHash).not.toContain('analytical-engine')
      expect(await verifyPassword('analytical-engine', user!.passwordHash)).toBe(true)
    })

    it('refuses a duplicate e-mail address, whatever its case', async () => {
      const body = { name: 'Grace', email: 'grace@example.test', password: 'cobol-1959!' }
      expect((await post('/users', body)).status).toBe(201)
      const again = await post('/users', { ...body, email: 'GRACE@example.test' })
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('LTI_USER_DUPLICATE')
      expect(again.body.error.fields).toHaveProperty('email')
    })

    it('names each invalid field', async () => {
      const response = await post('/users', { name: '', email: 'not-an-email', password: 'short' })
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('LTI_REQUEST_INVALID')
      expect(Object.keys(response.body.error.fields).sort()).toEqual(['email', 'name', 'password'])
    })
  })

  describe('POST /api/courses', () => {
    it('creates a course on the points scale by default and reads it back', async () => {
      const created = await post('/courses', { title: 'Algebra I', label: 'ALG-1' })
      expect(created.status).toBe(201)
      const course = await platform.api(`/courses/${created.body.id}`)
      expect(course.status).toBe(200)
      expect(course.body).toMatchObject({
        id: created.body.id,
        title: 'Algebra I',
        label: 'ALG-1',
        gradingScale: { type: 'points' },
        links: [],
        contentItems: [],
      })
    })

    it('keeps percentage and letter scales', async () => {
      const bands = [
        { letter: 'A', minPercent: 90 },
        { letter: 'B', minPercent: 75.5 },
        { letter: 'F', minPercent: 0 },
      ]
      for (const gradingScale of [{ type: 'percentage' }, { type: 'letter', bands }]) {
        const created = await post('/courses', { title: 'Scaled', gradingScale })
        expect(created.status).toBe(201)
        const context = await platform.stores.contexts.findContext(created.body.id)
        expect(context?.gradingScale).toEqual(gradingScale)
      }
    })

    it('refuses invalid grading scales, naming the field', async () => {
      const cases: [unknown, string][] = [
        [{ type: 'stars' }, 'gradingScale.type'],
        [{ type: 'letter', bands: [] }, 'gradingScale.bands'],
        [
          {
            type: 'letter',
            bands: [
              { letter: 'B', minPercent: 80 },
              { letter: 'A', minPercent: 90 },
              { letter: 'F', minPercent: 0 },
            ],
          },
          'gradingScale.bands.1.minPercent',
        ],
        [
          { type: 'letter', bands: [{ letter: 'A', minPercent: 101 }] },
          'gradingScale.bands.0.minPercent',
        ],
        [
          { type: 'letter', bands: [{ letter: 'A', minPercent: 50 }] },
          'gradingScale.bands.0.minPercent',
        ],
      ]
      for (const [gradingScale, field] of cases) {
        const response = await post('/courses', { title: 'Bad', gradingScale })
        expect(response.status, JSON.stringify(gradingScale)).toBe(400)
        expect(response.body.error.code).toBe('LTI_REQUEST_INVALID')
        expect(Object.keys(response.body.error.fields)).toContain(field)
      }
    })

    it('answers an unknown course with LTI_CONTEXT_NOT_FOUND', async () => {
      const response = await platform.api('/courses/no-such-course')
      expect(response.status).toBe(404)
      expect(response.body.error.code).toBe('LTI_CONTEXT_NOT_FOUND')
    })
  })

  describe('POST /api/courses/{course}/enrollments', () => {
    it('enrolls with short role names and maps LIS role URIs to them', async () => {
      const course = await platform.createCourse()
      const user = await platform.createUser()
      const response = await post(`/courses/${course}/enrollments`, {
        userId: user.id,
        roles: [
          'Learner',
          'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
          'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor',
          'Learner',
        ],
      })
      expect(response.status).toBe(201)
      expect(response.body.roles).toEqual(['Learner', 'TeachingAssistant', 'Mentor'])
      const enrollment = await platform.stores.contexts.findEnrollment(course, user.id)
      expect(enrollment).toMatchObject({
        roles: ['Learner', 'TeachingAssistant', 'Mentor'],
        status: 'Active',
      })
    })

    it('refuses unknown roles, users and courses with their codes', async () => {
      const course = await platform.createCourse()
      const user = await platform.createUser()
      const badRole = await post(`/courses/${course}/enrollments`, {
        userId: user.id,
        roles: ['Learner', 'Wizard'],
      })
      expect(badRole.status).toBe(400)
      expect(badRole.body.error.code).toBe('LTI_REQUEST_INVALID')
      expect(badRole.body.error.fields).toHaveProperty(['roles.1'])
      const noRoles = await post(`/courses/${course}/enrollments`, { userId: user.id, roles: [] })
      expect(noRoles.body.error.code).toBe('LTI_REQUEST_INVALID')
      const noUser = await post(`/courses/${course}/enrollments`, {
        userId: 'no-such-user',
        roles: ['Learner'],
      })
      expect(noUser.status).toBe(404)
      expect(noUser.body.error.code).toBe('LTI_USER_NOT_FOUND')
      const noCourse = await post('/courses/no-such-course/enrollments', {
        userId: user.id,
        roles: ['Learner'],
      })
      expect(noCourse.status).toBe(404)
      expect(noCourse.body.error.code).toBe('LTI_CONTEXT_NOT_FOUND')
    })
  })

  describe('POST /api/tools', () => {
    it('registers a tool and shows the platform details it needs', async () => {
      const response = await post('/tools', {
        name: 'Quiz tool',
        oidcLoginUrl: `${TOOL}/login`,
        redirectUris: [`${TOOL}/launch`, `${TOOL}/launch2`],
        targetLinkUri: `${TOOL}/launch`,
        jwksUrl: `${TOOL}/jwks`,
        customParameters: { user_id: '$User.id', course: '$Context.title' },
        privacy: { sendName: true, sendEmail: false },
        services: { ags: true, nrps: true, deepLinking: false },
      })
      expect(response.status).toBe(201)
      const base = platform.url
      expect(response.body).toMatchObject({
        id: expect.any(String),
        clientId: expect.any(String),
        deploymentId: expect.any(String),
        issuer: base,
        authenticationRequestUrl: `${base}/lti/authorize`,
        accessTokenUrl: `${base}/lti/token`,
        jwksUrl: `${base}/lti/jwks`,
      })
      const tool = await platform.stores.tools.findTool(response.body.id)
      expect(tool).toMatchObject({
        clientId: response.body.clientId,
        redirectUris: [`${TOOL}/launch`, `${TOOL}/launch2`],
        customParameters: { user_id: '$User.id', course: '$Context.title' },
        privacy: { sendName: true, sendEmail: false },
        services: { nrps: true, deepLinking: false },
      })
      expect([...(tool?.services.ags ?? [])].sort()).toEqual([...ALL_AGS].sort())

      const read = await platform.api(`/tools/${response.body.id}`)
      expect(read.status).toBe(200)
      expect(read.body).toMatchObject(response.body)
    })

    it('grants only the AGS scopes named, and none when AGS is off', async () => {
      const some = await platform.registerTool(TOOL, {
        services: {
          ags: [SCOPE.agsScore, SCOPE.agsResultReadonly],
          nrps: false,
          deepLinking: false,
        },
      })
      expect((await platform.stores.tools.findTool(some.id))?.services.ags).toEqual([
        SCOPE.agsScore,
        SCOPE.agsResultReadonly,
      ])
      const none = await platform.registerTool(TOOL, {
        services: { ags: false, nrps: false, deepLinking: false },
      })
      expect((await platform.stores.tools.findTool(none.id))?.services.ags).toEqual([])
      expect(some.clientId).not.toBe(none.clientId)
    })

    it('refuses insecure or malformed URLs and unknown scopes, naming the fields', async () => {
      const valid = {
        name: 'T',
        oidcLoginUrl: `${TOOL}/login`,
        redirectUris: [`${TOOL}/launch`],
        targetLinkUri: `${TOOL}/launch`,
        jwksUrl: `${TOOL}/jwks`,
        privacy: { sendName: false, sendEmail: false },
        services: { ags: false, nrps: false, deepLinking: false },
      }
      const cases: [Record<string, unknown>, string][] = [
        [{ oidcLoginUrl: 'http://tool.example.com/login' }, 'oidcLoginUrl'],
        [{ jwksUrl: 'not a url' }, 'jwksUrl'],
        [{ redirectUris: [] }, 'redirectUris'],
        [{ redirectUris: ['https://tool.example.com/launch#frag'] }, 'redirectUris.0'],
        [{ deepLinkingUrl: 'javascript:alert(1)' }, 'deepLinkingUrl'],
        [{ services: { ags: ['https://example.com/scope/all'] } }, 'services.ags'],
        [{ customParameters: { 'bad name': 'x' } }, 'customParameters.bad name'],
      ]
      for (const [change, field] of cases) {
        const response = await post('/tools', { ...valid, ...change })
        expect(response.status, field).toBe(400)
        expect(response.body.error.code).toBe('LTI_REQUEST_INVALID')
        expect(Object.keys(response.body.error.fields).join(' '), field).toContain(field)
      }
    })

    it('answers an unknown tool with LTI_TOOL_NOT_FOUND', async () => {
      const response = await platform.api('/tools/no-such-tool')
      expect(response.status).toBe(404)
      expect(response.body.error.code).toBe('LTI_TOOL_NOT_FOUND')
    })
  })

  describe('POST /api/courses/{course}/links', () => {
    it('places an activity with its own line item, bound both ways', async () => {
      const course = await platform.createCourse()
      const tool = await platform.registerTool(TOOL)
      const response = await post(`/courses/${course}/links`, {
        toolId: tool.id,
        title: 'Chapter 1 quiz',
        customParameters: { chapter: '1' },
        lineItem: { label: 'Chapter 1', scoreMaximum: 10, resourceId: 'quiz-1', tag: 'quiz' },
      })
      expect(response.status).toBe(201)
      const { id, resourceLinkId, lineItemId } = response.body
      expect(resourceLinkId).toEqual(expect.any(String))
      const link = await platform.stores.links.findLink(id)
      expect(link).toMatchObject({
        contextId: course,
        toolId: tool.id,
        title: 'Chapter 1 quiz',
        customParameters: { chapter: '1' },
        lineItemId,
      })
      expect(await platform.stores.lineItems.findLineItem(lineItemId)).toMatchObject({
        contextId: course,
        toolId: tool.id,
        linkId: id,
        label: 'Chapter 1',
        scoreMaximum: 10,
        resourceId: 'quiz-1',
        tag: 'quiz',
      })
      const page = await platform.api(`/courses/${course}`)
      expect(page.body.links).toEqual([
        expect.objectContaining({ id, resourceLinkId, lineItemId, title: 'Chapter 1 quiz' }),
      ])
    })

    it('places an activity without a line item', async () => {
      const course = await platform.createCourse()
      const tool = await platform.registerTool(TOOL)
      const response = await post(`/courses/${course}/links`, { toolId: tool.id, title: 'Reading' })
      expect(response.status).toBe(201)
      expect(response.body).not.toHaveProperty('lineItemId')
      expect((await platform.stores.links.findLink(response.body.id))?.lineItemId).toBeUndefined()
    })

    it('refuses unknown tools and courses and invalid line items', async () => {
      const course = await platform.createCourse()
      const tool = await platform.registerTool(TOOL)
      const noTool = await post(`/courses/${course}/links`, { toolId: 'nope', title: 'X' })
      expect(noTool.status).toBe(404)
      expect(noTool.body.error.code).toBe('LTI_TOOL_NOT_FOUND')
      const noCourse = await post('/courses/nope/links', { toolId: tool.id, title: 'X' })
      expect(noCourse.body.error.code).toBe('LTI_CONTEXT_NOT_FOUND')
      const badMax = await post(`/courses/${course}/links`, {
        toolId: tool.id,
        title: 'X',
        lineItem: { label: 'X', scoreMaximum: 0 },
      })
      expect(badMax.status).toBe(400)
      expect(badMax.body.error.fields).toHaveProperty(['lineItem.scoreMaximum'])
    })
  })

  describe('GET /api/courses/{course}/gradebook', () => {
    async function courseWithScore(gradingScale: unknown) {
      const course = await platform.createCourse({ gradingScale })
      const tool = await platform.registerTool(TOOL)
      const learner = await platform.createUser()
      await platform.enroll(course, learner.id, ['Learner'])
      const link = await platform.addLink(course, {
        toolId: tool.id,
        title: 'Essay',
        lineItem: { label: 'Essay', scoreMaximum: 10 },
      })
      const score: ScoreRecord = {
        lineItemId: link.lineItemId!,
        userId: learner.id,
        scoreGiven: 85,
        scoreMaximum: 100,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: '2026-11-23T10:00:00.123456Z',
        timestampMicros: Date.parse('2026-11-23T10:00:00.123Z') * 1000 + 456,
        receivedAt: Date.now(),
      }
      expect(await platform.stores.scores.putScore(score)).toBe('stored')
      return { course, tool, learner, link }
    }

    it('converts a score to each scale: points, percentage, letter', async () => {
      const bands = [
        { letter: 'A', minPercent: 90 },
        { letter: 'B', minPercent: 80 },
        { letter: 'F', minPercent: 0 },
      ]
      const cases: [unknown, string][] = [
        [{ type: 'points' }, '8.5 / 10'],
        [{ type: 'percentage' }, '85%'],
        [{ type: 'letter', bands }, 'B'],
      ]
      for (const [scale, display] of cases) {
        const { course, learner, link } = await courseWithScore(scale)
        const response = await platform.api(`/courses/${course}/gradebook`)
        expect(response.status).toBe(200)
        expect(response.body).toEqual([
          {
            userId: learner.id,
            linkId: link.id,
            lineItemId: link.lineItemId,
            scoreGiven: 85,
            scoreMaximum: 100,
            activityProgress: 'Completed',
            gradingProgress: 'FullyGraded',
            timestamp: '2026-11-23T10:00:00.123456Z',
            display,
          },
        ])
      }
    })

    it('includes scores of tool-created line items (no link) and only this course', async () => {
      const { course, tool, learner } = await courseWithScore({ type: 'percentage' })
      await courseWithScore({ type: 'percentage' })
      const own = await platform.stores.lineItems.createLineItem({
        contextId: course,
        toolId: tool.id,
        label: 'Bonus',
        scoreMaximum: 5,
      })
      await platform.stores.scores.putScore({
        lineItemId: own.id,
        userId: learner.id,
        activityProgress: 'Started',
        gradingProgress: 'NotReady',
        timestamp: '2026-11-23T11:00:00Z',
        timestampMicros: Date.parse('2026-11-23T11:00:00Z') * 1000,
        receivedAt: Date.now(),
      })
      const response = await platform.api(`/courses/${course}/gradebook`)
      expect(response.body).toHaveLength(2)
      expect(response.body).toContainEqual(
        expect.objectContaining({
          lineItemId: own.id,
          linkId: null,
          scoreGiven: null,
          gradingProgress: 'NotReady',
          display: null,
        }),
      )
    })

    it('answers an unknown course with LTI_CONTEXT_NOT_FOUND', async () => {
      const response = await platform.api('/courses/no-such-course/gradebook')
      expect(response.status).toBe(404)
      expect(response.body.error.code).toBe('LTI_CONTEXT_NOT_FOUND')
    })
  })

  describe('POST /api/keys/rotate', () => {
    it('promotes the published next key and publishes a fresh one', async () => {
      const before = await platform.server.keys.publicJwks()
      const activeBefore = (await platform.server.keys.signingKey()).kid
      const response = await post('/keys/rotate', {})
      expect(response.status).toBe(200)
      const activeAfter = (await platform.server.keys.signingKey()).kid
      expect(activeAfter).not.toBe(activeBefore)
      // Publish-before-sign: the new signer was already in the key set before the rotation.
      expect(before.keys.map((k) => k.kid)).toContain(activeAfter)
      const kids = response.body.keys.map((k: { kid: string }) => k.kid)
      expect(kids).toContain(activeBefore)
      expect(kids).toContain(activeAfter)
      expect(kids.length).toBe(3)
    })
  })
})
