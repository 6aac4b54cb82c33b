/**
 * The platform certification's service checks, made over HTTP against the running platform with
 * scope-limited tokens, as the certification suite's tool makes them: the AGS sequence in two
 * courses (line items with only the lineitem scope, scores with only the score scope, results with
 * only the result scope, every scope refused where not granted) and the NRPS calls with their
 * headers.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-scopes-and-allowed-http-methods
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#membership-container-media-type
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA_TYPE, ROLE, SCOPE } from '../../../src/core/claims.js'
import { findLink } from '../../../src/core/lib/link-header.js'
import { DIALECTS } from '../../support/databases.js'
import { startTestPlatform } from '../../support/platform-harness.js'
import type { RegisteredTool, TestPlatform, TestUser } from '../../support/platform-harness.js'
import { accessToken, requestToken, startCertTool } from './cert-tool.js'
import type { CertTool } from './cert-tool.js'

async function call(
  url: string,
  token: string | undefined,
  init: { method?: string; accept?: string; type?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (init.accept) headers.accept = init.accept
  if (init.type) headers['content-type'] = init.type
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as any) : undefined,
  }
}

for (const dialect of DIALECTS) {
  describe(`platform certification: AGS and NRPS (${dialect})`, () => {
    let platform: TestPlatform
    let certTool: CertTool
    let tool: RegisteredTool
    const courses: string[] = []
    let learner: TestUser
    let outsider: TestUser
    const lineItemUrls: string[] = []

    beforeAll(async () => {
      platform = await startTestPlatform(dialect)
      certTool = await startCertTool()
      tool = await platform.registerTool(certTool.baseUrl, {
        privacy: { sendName: true, sendEmail: false },
      })
      learner = await platform.createUser({ name: 'Lou Learner' })
      outsider = await platform.createUser({ name: 'Olive Outsider' })
      const teacher = await platform.createUser({ name: 'Tess Teacher' })
      for (const title of ['AGS course A', 'AGS course B']) {
        const id = await platform.createCourse({ title })
        courses.push(id)
        await platform.enroll(id, learner.id, ['Learner'])
        await platform.enroll(id, teacher.id, ['Instructor'])
        await platform.addLink(id, { toolId: tool.id, title: `Activity of ${title}` })
      }
    }, 60_000)

    afterAll(async () => {
      await certTool?.close()
      await platform?.close()
    })

    const lineItems = (course: string) => `${platform.url}/lti/contexts/${course}/lineitems`

    it('creates and retrieves line items in two courses with only the lineitem scope', async () => {
      const token = await accessToken(tool, certTool, [SCOPE.agsLineItem])
      for (const [i, course] of courses.entries()) {
        const created = await call(lineItems(course), token, {
          method: 'POST',
          type: MEDIA_TYPE.lineItem,
          accept: MEDIA_TYPE.lineItem,
          body: { label: `Quiz ${i}`, scoreMaximum: 40, resourceId: 'quiz', tag: 'final' },
        })
        expect(created.status).toBe(201)
        expect(created.headers.get('content-type')).toContain(MEDIA_TYPE.lineItem)
        expect(created.body).toMatchObject({ label: `Quiz ${i}`, scoreMaximum: 40, tag: 'final' })
        expect(created.body.id.startsWith(lineItems(course))).toBe(true)
        lineItemUrls.push(created.body.id)

        const listed = await call(`${lineItems(course)}?resource_id=quiz`, token, {
          accept: MEDIA_TYPE.lineItemContainer,
        })
        expect(listed.status).toBe(200)
        expect(listed.headers.get('content-type')).toContain(MEDIA_TYPE.lineItemContainer)
        expect(listed.body.map((item: { id: string }) => item.id)).toEqual([created.body.id])

        const one = await call(created.body.id, token, { accept: MEDIA_TYPE.lineItem })
        expect(one.status).toBe(200)
        expect(one.body.id).toBe(created.body.id)
      }
      // A line item of course A is not found through course B's container.
      const crossed = lineItemUrls[0]!.replace(courses[0]!, courses[1]!)
      expect((await call(crossed, token, { accept: MEDIA_TYPE.lineItem })).status).toBe(404)
    })

    it('posts scores with only the score scope and reads results with only the result scope', async () => {
      const scoreToken = await accessToken(tool, certTool, [SCOPE.agsScore])
      const resultToken = await accessToken(tool, certTool, [SCOPE.agsResultReadonly])
      const url = lineItemUrls[0]!
      const score = {
        userId: learner.id,
        scoreGiven: 30,
        scoreMaximum: 40,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date().toISOString(),
        comment: 'well done',
      }
      const posted = await call(`${url}/scores`, scoreToken, {
        method: 'POST',
        type: MEDIA_TYPE.score,
        body: score,
      })
      expect([200, 201, 204]).toContain(posted.status)
      // AGS 2.0 §3.4.6: a score no newer than the stored one is refused.
      const stale = await call(`${url}/scores`, scoreToken, {
        method: 'POST',
        type: MEDIA_TYPE.score,
        body: score,
      })
      expect(stale.status).toBe(409)
      const notEnrolled = await call(`${url}/scores`, scoreToken, {
        method: 'POST',
        type: MEDIA_TYPE.score,
        body: { ...score, userId: outsider.id, timestamp: new Date().toISOString() },
      })
      expect(notEnrolled.status).toBeGreaterThanOrEqual(400)
      expect(notEnrolled.status).toBeLessThan(500)

      const results = await call(`${url}/results?user_id=${learner.id}`, resultToken, {
        accept: MEDIA_TYPE.resultContainer,
      })
      expect(results.status).toBe(200)
      expect(results.headers.get('content-type')).toContain(MEDIA_TYPE.resultContainer)
      expect(results.body).toEqual([
        expect.objectContaining({
          scoreOf: url,
          userId: learner.id,
          resultScore: 30,
          resultMaximum: 40,
          comment: 'well done',
        }),
      ])
    })

    it('refuses every call whose scope was not granted', async () => {
      const url = lineItemUrls[0]!
      const readonly = await accessToken(tool, certTool, [SCOPE.agsLineItemReadonly])
      const scoreOnly = await accessToken(tool, certTool, [SCOPE.agsScore])
      const resultOnly = await accessToken(tool, certTool, [SCOPE.agsResultReadonly])
      const lineItemOnly = await accessToken(tool, certTool, [SCOPE.agsLineItem])
      const body = { label: 'x', scoreMaximum: 1 }
      const refusals = [
        call(lineItems(courses[0]!), readonly, { method: 'POST', type: MEDIA_TYPE.lineItem, body }),
        call(url, readonly, { method: 'DELETE' }),
        call(lineItems(courses[0]!), scoreOnly, { accept: MEDIA_TYPE.lineItemContainer }),
        call(`${url}/results`, scoreOnly, { accept: MEDIA_TYPE.resultContainer }),
        call(`${url}/scores`, resultOnly, {
          method: 'POST',
          type: MEDIA_TYPE.score,
          body: {
            userId: learner.id,
            activityProgress: 'Initialized',
            gradingProgress: 'NotReady',
            timestamp: new Date().toISOString(),
          },
        }),
        call(`${url}/results`, lineItemOnly, { accept: MEDIA_TYPE.resultContainer }),
        call(`${platform.url}/lti/contexts/${courses[0]}/memberships`, lineItemOnly, {
          accept: MEDIA_TYPE.membershipContainer,
        }),
      ]
      for (const refused of await Promise.all(refusals)) expect(refused.status).toBe(403)
      // No token, a forged token: 401.
      expect((await call(url, undefined, { accept: MEDIA_TYPE.lineItem })).status).toBe(401)
      expect((await call(url, `${readonly}x`, { accept: MEDIA_TYPE.lineItem })).status).toBe(401)
      // A readonly token still reads.
      expect((await call(url, readonly, { accept: MEDIA_TYPE.lineItem })).status).toBe(200)
    })

    it('grants only requested, allowed scopes and answers RFC 6749 errors', async () => {
      const granted = await requestToken(tool, certTool, [
        SCOPE.agsScore,
        'https://example.test/other',
      ])
      expect(granted.status).toBe(200)
      expect(granted.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3600,
        scope: SCOPE.agsScore,
      })
      const none = await requestToken(tool, certTool, ['https://example.test/other'])
      expect(none).toMatchObject({ status: 400, body: { error: 'invalid_scope' } })
    })

    it('answers the NRPS membership calls with the right headers, roles, privacy and paging', async () => {
      const token = await accessToken(tool, certTool, [SCOPE.nrpsMembershipReadonly])
      const url = `${platform.url}/lti/contexts/${courses[0]}/memberships`
      const first = await call(`${url}?limit=1`, token, { accept: MEDIA_TYPE.membershipContainer })
      expect(first.status).toBe(200)
      expect(first.headers.get('content-type')).toContain(MEDIA_TYPE.membershipContainer)
      expect(first.body.context).toMatchObject({ id: courses[0], title: 'AGS course A' })
      expect(first.body.members).toHaveLength(1)
      const next = findLink(first.headers.get('link') ?? '', 'next')
      expect(next).toBeDefined()
      const rest = await call(new URL(next!, url).toString(), token, {
        accept: MEDIA_TYPE.membershipContainer,
      })
      const members = [...first.body.members, ...rest.body.members]
      expect(members).toHaveLength(2)
      const lou = members.find((m: { user_id: string }) => m.user_id === learner.id)
      expect(lou).toMatchObject({ status: 'Active', roles: [ROLE.learner], name: 'Lou Learner' })
      // The tool may have names but not e-mail addresses.
      for (const member of members) expect(member).not.toHaveProperty('email')

      const learners = await call(`${url}?role=${encodeURIComponent(ROLE.learner)}`, token, {
        accept: MEDIA_TYPE.membershipContainer,
      })
      expect(learners.body.members.map((m: { user_id: string }) => m.user_id)).toEqual([learner.id])
      expect((await call(url, undefined, { accept: MEDIA_TYPE.membershipContainer })).status).toBe(
        401,
      )
    })
  })
}
