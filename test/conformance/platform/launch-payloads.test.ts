/**
 * The platform certification's core launches, checked as the certification suite's tool checks
 * them: Learner and Instructor, each from a tool allowed personal data and from one that is not.
 * Every id_token must verify (RS256, a `kid` in the platform's JWKS), carry sane timestamps and
 * every required claim, name the right role, and hold no personal data where privacy forbids it.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 * @see https://www.imsglobal.org/spec/security/v1p0/#id-token
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLAIM,
  CONTEXT_TYPE,
  LTI_VERSION,
  MESSAGE_TYPE,
  ROLE,
  SCOPE,
} from '../../../src/core/claims.js'
import { DIALECTS } from '../../support/databases.js'
import { startTestPlatform } from '../../support/platform-harness.js'
import type { RegisteredTool, TestPlatform, TestUser } from '../../support/platform-harness.js'
import { launchAs, startCertTool } from './cert-tool.js'
import type { CertTool } from './cert-tool.js'

const PERSONAL = ['name', 'given_name', 'family_name', 'email'] as const

const PAYLOADS = [
  { name: 'Learner with PII', role: 'Learner', pii: true, uri: ROLE.learner },
  { name: 'Instructor with PII', role: 'Instructor', pii: true, uri: ROLE.instructor },
  { name: 'Learner without PII', role: 'Learner', pii: false, uri: ROLE.learner },
  { name: 'Instructor without PII', role: 'Instructor', pii: false, uri: ROLE.instructor },
] as const

for (const dialect of DIALECTS) {
  describe(`platform certification: core launch payloads (${dialect})`, () => {
    let platform: TestPlatform
    let certTool: CertTool
    const tools: Record<'pii' | 'anonymous', RegisteredTool> = {} as never
    const links: Record<
      'pii' | 'anonymous',
      { id: string; resourceLinkId: string; lineItemId?: string }
    > = {} as never
    const users: Record<'Learner' | 'Instructor', { user: TestUser; cookie: string }> = {} as never
    let courseId: string

    beforeAll(async () => {
      platform = await startTestPlatform(dialect)
      certTool = await startCertTool()
      courseId = await platform.createCourse({ title: 'Certification 101', label: 'CERT101' })
      for (const [key, pii] of [
        ['pii', true],
        ['anonymous', false],
      ] as const) {
        tools[key] = await platform.registerTool(certTool.baseUrl, {
          privacy: { sendName: pii, sendEmail: pii },
          redirectUris: [`${certTool.baseUrl}/launch`, `${certTool.baseUrl}/deep-linking`],
          customParameters: {
            user_email: '$Person.email.primary',
            given: '$Person.name.given',
            context_title: '$Context.title',
            link_id: '$ResourceLink.id',
            user_id: '$User.id',
          },
        })
        links[key] = await platform.addLink(courseId, {
          toolId: tools[key].id,
          title: `Activity (${key})`,
          customParameters: { activity: key },
          lineItem: { label: `Graded (${key})`, scoreMaximum: 20 },
        })
      }
      for (const role of ['Learner', 'Instructor'] as const) {
        const user = await platform.createUser({
          name: `Pat ${role}`,
          email: `pat.${role.toLowerCase()}.${dialect}@example.test`,
        })
        await platform.enroll(courseId, user.id, [role])
        users[role] = { user, cookie: await platform.signIn(user) }
      }
    }, 60_000)

    afterAll(async () => {
      await certTool?.close()
      await platform?.close()
    })

    for (const payload of PAYLOADS) {
      it(payload.name, async () => {
        const key = payload.pii ? 'pii' : 'anonymous'
        const tool = tools[key]
        const link = links[key]
        const { user, cookie } = users[payload.role]
        const before = Math.floor(Date.now() / 1000)
        const { header, claims, nonce } = await launchAs(
          platform,
          tool,
          cookie,
          `/courses/${courseId}/links/${link.id}/launch`,
        )
        // Security Framework §5.1.3: RS256 and a kid found in the platform's key set.
        expect(header.alg).toBe('RS256')
        const jwks = (await (await fetch(tool.jwksUrl)).json()) as { keys: { kid: string }[] }
        expect(jwks.keys.map((k) => k.kid)).toContain(header.kid)
        // Timestamps: issued now, short-lived.
        expect(claims.iat).toBeGreaterThanOrEqual(before - 5)
        expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 5)
        expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeGreaterThan(0)
        expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(3600)
        expect(claims.nonce).toBe(nonce)
        expect(claims.sub).toBe(user.id)
        // Core 1.3 §5.3: required claims.
        expect(claims[CLAIM.messageType]).toBe(MESSAGE_TYPE.resourceLink)
        expect(claims[CLAIM.version]).toBe(LTI_VERSION)
        expect(claims[CLAIM.deploymentId]).toBe(tool.deploymentId)
        expect(claims[CLAIM.targetLinkUri]).toBe(`${certTool.baseUrl}/launch`)
        expect(claims[CLAIM.resourceLink]).toEqual({
          id: link.resourceLinkId,
          title: `Activity (${key})`,
        })
        expect(claims[CLAIM.roles]).toEqual([payload.uri])
        expect(claims[CLAIM.context]).toEqual({
          id: courseId,
          label: 'CERT101',
          title: 'Certification 101',
          type: [CONTEXT_TYPE.courseOffering],
        })
        expect(claims[CLAIM.toolPlatform]).toMatchObject({ guid: expect.any(String) })
        expect(claims[CLAIM.launchPresentation]).toMatchObject({
          return_url: `${platform.url}/courses/${courseId}/return`,
        })
        // AGS 2.0 §3.1 and NRPS 2.0 §3.6.1 claims.
        expect(claims[CLAIM.agsEndpoint]).toEqual({
          scope: expect.arrayContaining([
            SCOPE.agsLineItem,
            SCOPE.agsScore,
            SCOPE.agsResultReadonly,
          ]),
          lineitems: `${platform.url}/lti/contexts/${courseId}/lineitems`,
          lineitem: `${platform.url}/lti/contexts/${courseId}/lineitems/${link.lineItemId}`,
        })
        expect(claims[CLAIM.nrpsService]).toEqual({
          context_memberships_url: `${platform.url}/lti/contexts/${courseId}/memberships`,
          service_versions: ['2.0'],
        })
        // Core 1.3 §5.3.6: personal data only where the tool may have it.
        const custom = claims[CLAIM.custom] as Record<string, string>
        expect(custom).toMatchObject({
          activity: key,
          context_title: 'Certification 101',
          link_id: link.resourceLinkId,
          user_id: user.id,
        })
        if (payload.pii) {
          expect(claims).toMatchObject({ name: user.name, email: user.email })
          expect(custom.user_email).toBe(user.email)
        } else {
          for (const name of PERSONAL) expect(claims).not.toHaveProperty(name)
          expect(JSON.stringify(claims)).not.toContain(user.email)
          expect(JSON.stringify(claims)).not.toContain(user.name)
          // A withheld variable is sent as written, never substituted (Core 1.3 §5.4.1).
          expect(custom.user_email).toBe('$Person.email.primary')
        }
      })
    }

    it('sends an instructor a deep linking request with complete settings', async () => {
      const tool = tools.pii
      const { claims } = await launchAs(
        platform,
        tool,
        users.Instructor.cookie,
        `/courses/${courseId}/tools/${tool.id}/deep-linking`,
      )
      expect(claims[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
      expect(claims[CLAIM.version]).toBe(LTI_VERSION)
      expect(claims[CLAIM.deploymentId]).toBe(tool.deploymentId)
      expect(claims).not.toHaveProperty(CLAIM.resourceLink)
      expect(claims[CLAIM.roles]).toEqual([ROLE.instructor])
      expect(claims[CLAIM.deepLinkingSettings]).toMatchObject({
        deep_link_return_url: `${platform.url}/lti/deep-linking/return`,
        accept_types: expect.arrayContaining(['ltiResourceLink', 'link', 'html', 'image', 'file']),
        accept_presentation_document_targets: expect.arrayContaining(['iframe', 'window']),
        accept_multiple: true,
        accept_lineitem: true,
        data: expect.any(String),
      })
    })

    it('refuses a learner a deep linking request', async () => {
      const tool = tools.pii
      const start = await platform.get(
        `/courses/${courseId}/tools/${tool.id}/deep-linking`,
        users.Learner.cookie,
      )
      expect(start.status).toBe(403)
    })
  })
}
