/**
 * The LTI 1.1 migration claim on the platform's 1.3 messages: present, and verifiable with the
 * 1.1 secret over the signed token's own values, only for a tool linked to its former 1.1
 * registration; in resource link launches and deep linking requests alike.
 */
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '../../src/core/claims.js'
import { verifyLti1p1Claim } from '../../src/core/lti11/lti1p1-claim.js'
import {
  buildAuthenticationRequest,
  validateLoginInitiation,
} from '../../src/core/oidc/login-initiation.js'
import type { Lti11Tool, Tool, User } from '../../src/platform/ports.js'
import { DIALECTS } from '../support/databases.js'
import {
  NOW,
  PUBLIC_URL,
  readAutoPostForm,
  startPlatformRoutes,
} from '../support/platform-routes-harness.js'
import type { PlatformRoutesHarness } from '../support/platform-routes-harness.js'

const SECRET = 'the-old-1.1-secret'

describe.each(DIALECTS)('lti1p1 claim on %s', (dialect) => {
  let h: PlatformRoutesHarness
  let legacy: Lti11Tool
  beforeAll(async () => {
    h = await startPlatformRoutes(dialect)
    legacy = (await h.deps.stores.lti11Tools.createLti11Tool({
      name: 'Practice tool (LTI 1.1)',
      launchUrl: 'https://tool.example/lti11',
      consumerKey: 'practice-key',
      encryptedSharedSecret: await h.deps.secretBox.seal(SECRET),
      customParameters: {},
      privacy: { sendName: true, sendEmail: true },
    }))!
    await h.deps.stores.tools.setLti11Tool(h.tool.id, legacy.id)
  })
  afterAll(async () => {
    await h?.close()
  })

  const findSecret = async (key: string) => (key === legacy.consumerKey ? SECRET : undefined)

  /** Login initiation, then the tool's authentication request: the id_token posted back. */
  async function idTokenOf(startPath: string, tool: Tool, user: User) {
    const cookie = await h.cookieOf(user)
    const start = await h.app.request(startPath, { headers: { cookie, accept: 'text/html' } })
    expect(start.status).toBe(302)
    const initiation = validateLoginInitiation(
      new URL(start.headers.get('location') as string).searchParams,
    )
    const url = buildAuthenticationRequest({
      registration: {
        id: 'reg',
        workspaceId: 'ws',
        name: 'LMS',
        issuer: initiation.issuer,
        clientId: tool.clientId,
        deploymentIds: [tool.deploymentId],
        authenticationRequestUrl: `${PUBLIC_URL}/lti/authorize`,
        accessTokenUrl: `${PUBLIC_URL}/lti/token`,
        jwksUrl: `${PUBLIC_URL}/lti/jwks`,
        createdAt: NOW,
      },
      initiation,
      redirectUri: tool.redirectUris[0] as string,
      state: 'state-1',
      nonce: `nonce-${crypto.randomUUID()}`,
    })
    const response = await h.app.request(url.pathname + url.search, { headers: { cookie } })
    const { fields } = readAutoPostForm(await response.text())
    expect(fields.id_token).toBeDefined()
    return decodeJwt(fields.id_token as string) as Record<string, unknown>
  }

  const launchPath = (linkId: string) => `/courses/${h.course.id}/links/${linkId}/launch`

  it('signs a linked tool’s launch with the 1.1 secret, over the token’s own values', async () => {
    const claims = await idTokenOf(launchPath(h.link.id), h.tool, h.learner)
    expect(claims[CLAIM.lti1p1]).toEqual({
      user_id: h.learner.id,
      context_id: h.course.id,
      resource_link_id: h.link.resourceLinkId,
      oauth_consumer_key: 'practice-key',
      oauth_consumer_key_sign: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    })
    expect(await verifyLti1p1Claim({ claims, findSecret })).toEqual({
      status: 'verified',
      oauthConsumerKey: 'practice-key',
      userId: h.learner.id,
      contextId: h.course.id,
      resourceLinkId: h.link.resourceLinkId,
    })
    // Bound to this token: another exp or nonce does not verify.
    for (const change of [{ exp: (claims.exp as number) + 1 }, { nonce: 'other' }]) {
      const verdict = await verifyLti1p1Claim({ claims: { ...claims, ...change }, findSecret })
      expect(verdict.status).toBe('invalid')
    }
    const wrongSecret = await verifyLti1p1Claim({ claims, findSecret: async () => 'not-it' })
    expect(wrongSecret.status).toBe('invalid')
  })

  it('carries it in a deep linking request too, without a resource link', async () => {
    const claims = await idTokenOf(
      `/courses/${h.course.id}/tools/${h.tool.id}/deep-linking`,
      h.tool,
      h.teacher,
    )
    expect(claims[CLAIM.lti1p1]).toMatchObject({
      user_id: h.teacher.id,
      context_id: h.course.id,
      oauth_consumer_key: 'practice-key',
    })
    expect(claims[CLAIM.lti1p1]).not.toHaveProperty('resource_link_id')
    expect((await verifyLti1p1Claim({ claims, findSecret })).status).toBe('verified')
  })

  it('leaves it out for a tool linked to no 1.1 registration, and once unlinked', async () => {
    const unlinked = await idTokenOf(launchPath(h.privateLink.id), h.privateTool, h.learner)
    expect(unlinked).not.toHaveProperty(CLAIM.lti1p1)
    await h.deps.stores.tools.setLti11Tool(h.tool.id, undefined)
    try {
      const claims = await idTokenOf(launchPath(h.link.id), h.tool, h.learner)
      expect(claims).not.toHaveProperty(CLAIM.lti1p1)
      expect(claims.sub).toBe(h.learner.id)
    } finally {
      await h.deps.stores.tools.setLti11Tool(h.tool.id, legacy.id)
    }
  })
})
