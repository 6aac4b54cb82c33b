/**
 * A launch from the platform, end to end over HTTP on the platform's own routes: the course
 * page's launch link, the tool's login initiation, the authentication endpoint with the
 * session cookie, and the id_token checked against the published key set.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLAIM,
  CONTEXT_TYPE,
  LTI_VERSION,
  MESSAGE_TYPE,
  ROLE,
  SCOPE,
} from '../../src/core/claims.js'
import {
  buildAuthenticationRequest,
  validateLoginInitiation,
} from '../../src/core/oidc/login-initiation.js'
import type { Registration } from '../../src/core/ports.js'
import type { ResourceLink, Tool, User } from '../../src/platform/ports.js'
import { DIALECTS } from '../support/databases.js'
import {
  NOW,
  PUBLIC_URL,
  readAutoPostForm,
  startPlatformRoutes,
} from '../support/platform-routes-harness.js'
import type { PlatformRoutesHarness } from '../support/platform-routes-harness.js'

describe.each(DIALECTS)('platform launch on %s', (dialect) => {
  let h: PlatformRoutesHarness
  beforeAll(async () => {
    h = await startPlatformRoutes(dialect)
  })
  afterAll(async () => {
    await h?.close()
  })

  const cookieOf = (user: User) => h.cookieOf(user)
  const get = async (path: string, user?: User, accept = 'text/html') =>
    h.app.request(path, {
      headers: { accept, ...(user ? { cookie: await cookieOf(user) } : {}) },
    })
  const launchPath = (l: ResourceLink) => `/courses/${h.course.id}/links/${l.id}/launch`
  const codeOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string } }).error.code

  /** What a tool does with a login initiation: an authentication request to the platform. */
  function authenticationRequest(
    loginUrl: string,
    t: Tool,
    overrides: Record<string, string> = {},
  ) {
    const initiation = validateLoginInitiation(new URL(loginUrl).searchParams)
    const registration: Registration = {
      id: 'reg',
      workspaceId: 'ws',
      name: 'LMS',
      issuer: initiation.issuer,
      clientId: t.clientId,
      deploymentIds: [t.deploymentId],
      authenticationRequestUrl: `${PUBLIC_URL}/lti/authorize`,
      accessTokenUrl: `${PUBLIC_URL}/lti/token`,
      jwksUrl: `${PUBLIC_URL}/lti/jwks`,
      createdAt: NOW,
    }
    const url = buildAuthenticationRequest({
      registration,
      initiation,
      redirectUri: t.redirectUris[0] as string,
      state: 'state-1',
      nonce: 'nonce-1',
    })
    for (const [name, value] of Object.entries(overrides)) url.searchParams.set(name, value)
    return url
  }

  async function startAndAuthorize(l: ResourceLink, t: Tool, user: User) {
    const start = await get(launchPath(l), user)
    expect(start.status).toBe(302)
    const url = authenticationRequest(start.headers.get('location') as string, t)
    return h.app.request(url.pathname + url.search, { headers: { cookie: await cookieOf(user) } })
  }

  async function verifyIdToken(idToken: string, audience: string) {
    const jwks = (await (await h.app.request('/lti/jwks')).json()) as { keys: { kid: string }[] }
    const { kid } = decodeProtectedHeader(idToken)
    expect(jwks.keys.map((k) => k.kid)).toContain(kid)
    const { payload, protectedHeader } = await jwtVerify(
      idToken,
      createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]),
      { issuer: PUBLIC_URL, audience, algorithms: ['RS256'], currentDate: new Date(NOW) },
    )
    expect(protectedHeader.alg).toBe('RS256')
    return payload as Record<string, unknown>
  }

  describe('starting a launch', () => {
    it('sends a browser without a session to sign in, and back', async () => {
      const response = await get(`${launchPath(h.link)}?x=1`)
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe(
        `/login?next=${encodeURIComponent(`${launchPath(h.link)}?x=1`)}`,
      )
    })

    it('redirects an enrolled learner to the tool login initiation URL', async () => {
      const response = await get(launchPath(h.link), h.learner)
      expect(response.status).toBe(302)
      expect(response.headers.get('cache-control')).toBe('no-store')
      const url = new URL(response.headers.get('location') as string)
      expect(url.origin + url.pathname).toBe('https://tool.example/login')
      expect(url.searchParams.get('iss')).toBe(PUBLIC_URL)
      expect(url.searchParams.get('login_hint')).toBe(h.learner.id)
      expect(url.searchParams.get('target_link_uri')).toBe(h.tool.targetLinkUri)
      expect(url.searchParams.get('client_id')).toBe(h.tool.clientId)
      expect(url.searchParams.get('lti_deployment_id')).toBe(h.tool.deploymentId)
      expect(url.searchParams.get('lti_message_hint')).toMatch(/^[\w-]+\.[\w-]+$/)
    })

    it('refuses users not enrolled, and activities of no or another course', async () => {
      const refused = await get(launchPath(h.link), h.outsider)
      expect(refused.status).toBe(403)
      expect(refused.headers.get('content-type')).toMatch(/text\/html/)
      expect(await codeOf(await get(launchPath(h.link), h.outsider, 'application/json'))).toBe(
        'LTI_NOT_ENROLLED',
      )
      const missing = await get(
        `/courses/${h.course.id}/links/nope/launch`,
        h.learner,
        'application/json',
      )
      expect(missing.status).toBe(404)
      expect(await codeOf(missing)).toBe('LTI_RESOURCE_LINK_NOT_FOUND')
      const noCourse = await get(
        `/courses/nope/links/${h.link.id}/launch`,
        h.learner,
        'application/json',
      )
      expect(await codeOf(noCourse)).toBe('LTI_CONTEXT_NOT_FOUND')
    })

    it('opens deep linking to instructors of tools that offer it', async () => {
      const path = (t: Tool) => `/courses/${h.course.id}/tools/${t.id}/deep-linking`
      const response = await get(path(h.tool), h.teacher)
      expect(response.status).toBe(302)
      const url = new URL(response.headers.get('location') as string)
      expect(url.searchParams.get('target_link_uri')).toBe(h.tool.deepLinkingUrl)
      for (const [t, user] of [
        [h.tool, h.learner],
        [h.privateTool, h.teacher],
      ] as const) {
        const refused = await get(path(t), user, 'application/json')
        expect(refused.status).toBe(403)
        expect(await codeOf(refused)).toBe('LTI_DEEP_LINKING_NOT_ALLOWED')
      }
    })
  })

  describe('authentication endpoint', () => {
    it('posts a complete, verifiable learner launch to the redirect URI', async () => {
      const response = await startAndAuthorize(h.link, h.tool, h.learner)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/)
      const { action, fields } = readAutoPostForm(await response.text())
      expect(action).toBe('https://tool.example/launch')
      expect(Object.keys(fields).sort()).toEqual(['id_token', 'state'])
      expect(fields.state).toBe('state-1')
      const claims = await verifyIdToken(fields.id_token as string, h.tool.clientId)
      expect(claims).toMatchObject({
        sub: h.learner.id,
        nonce: 'nonce-1',
        azp: h.tool.clientId,
        iat: NOW / 1000,
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
        email: 'ada@example.edu',
        [CLAIM.version]: LTI_VERSION,
        [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
        [CLAIM.deploymentId]: h.tool.deploymentId,
        [CLAIM.targetLinkUri]: h.tool.targetLinkUri,
        [CLAIM.roles]: [ROLE.learner],
        [CLAIM.context]: {
          id: h.course.id,
          label: 'NEG101',
          title: 'Negotiation 101',
          type: [CONTEXT_TYPE.courseOffering],
        },
        [CLAIM.resourceLink]: {
          id: h.link.resourceLinkId,
          title: 'Week 1 practice',
          description: 'Practise an opening offer',
        },
        [CLAIM.launchPresentation]: {
          document_target: 'iframe',
          return_url: `${PUBLIC_URL}/courses/${h.course.id}/return`,
        },
        [CLAIM.custom]: {
          user_id: h.learner.id,
          username: 'ada@example.edu',
          given: 'Ada',
          family: 'Lovelace',
          email: 'ada@example.edu',
          context_id: h.course.id,
          context_title: 'Negotiation 101',
          link_id: h.link.resourceLinkId,
          link_title: 'Week 1 practice',
          section: h.course.id,
          level: 'link',
        },
        [CLAIM.agsEndpoint]: {
          scope: [SCOPE.agsLineItem, SCOPE.agsScore, SCOPE.agsResultReadonly],
          lineitems: `${PUBLIC_URL}/lti/contexts/${h.course.id}/lineitems`,
          lineitem: `${PUBLIC_URL}/lti/contexts/${h.course.id}/lineitems/${h.lineItemId}`,
        },
        [CLAIM.nrpsService]: {
          context_memberships_url: `${PUBLIC_URL}/lti/contexts/${h.course.id}/memberships`,
          service_versions: ['2.0'],
        },
      })
      expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(3600)
      expect(claims[CLAIM.toolPlatform]).toMatchObject({ guid: expect.any(String) })
    })

    it('accepts the authentication request as a form POST too', async () => {
      const start = await get(launchPath(h.link), h.teacher)
      const url = authenticationRequest(start.headers.get('location') as string, h.tool)
      const response = await h.app.request('/lti/authorize', {
        method: 'POST',
        headers: {
          cookie: await cookieOf(h.teacher),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: url.searchParams.toString(),
      })
      const { fields } = readAutoPostForm(await response.text())
      const claims = await verifyIdToken(fields.id_token as string, h.tool.clientId)
      expect(claims).toMatchObject({ sub: h.teacher.id, [CLAIM.roles]: [ROLE.instructor] })
    })

    it('sends no personal data to a tool whose privacy settings forbid it', async () => {
      const response = await startAndAuthorize(h.privateLink, h.privateTool, h.learner)
      const { fields } = readAutoPostForm(await response.text())
      const claims = await verifyIdToken(fields.id_token as string, h.privateTool.clientId)
      for (const claim of ['name', 'given_name', 'family_name', 'email']) {
        expect(claims).not.toHaveProperty(claim)
      }
      expect(claims[CLAIM.custom]).toMatchObject({
        user_id: h.learner.id,
        username: '$User.username',
        given: '$Person.name.given',
        family: '$Person.name.family',
        email: '$Person.email.primary',
        level: 'tool',
      })
      expect(claims).not.toHaveProperty(CLAIM.agsEndpoint)
      expect(claims).not.toHaveProperty(CLAIM.nrpsService)
      expect(claims).toMatchObject({ sub: h.learner.id, [CLAIM.roles]: [ROLE.learner] })
    })

    it('answers a deep linking request for an instructor', async () => {
      const start = await get(`/courses/${h.course.id}/tools/${h.tool.id}/deep-linking`, h.teacher)
      const url = authenticationRequest(start.headers.get('location') as string, h.tool)
      const response = await h.app.request(url.pathname + url.search, {
        headers: { cookie: await cookieOf(h.teacher) },
      })
      const { fields } = readAutoPostForm(await response.text())
      const claims = await verifyIdToken(fields.id_token as string, h.tool.clientId)
      expect(claims).toMatchObject({
        sub: h.teacher.id,
        nonce: 'nonce-1',
        [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
        [CLAIM.targetLinkUri]: h.tool.deepLinkingUrl,
        [CLAIM.deepLinkingSettings]: {
          deep_link_return_url: `${PUBLIC_URL}/lti/deep-linking/return`,
        },
      })
    })

    it('escapes what it echoes', async () => {
      const start = await get(launchPath(h.link), h.learner)
      const state = `"><script>alert(1)</script>&'`
      const url = authenticationRequest(start.headers.get('location') as string, h.tool, { state })
      const response = await h.app.request(url.pathname + url.search, {
        headers: { cookie: await cookieOf(h.learner) },
      })
      const html = await response.text()
      expect(html).not.toContain('<script>alert')
      expect(readAutoPostForm(html).fields.state).toBe(state)
    })

    const invalid = 'LTI_AUTH_REQUEST_INVALID'
    it.each([
      ['scope', { scope: 'profile' }, 'invalid_scope', invalid],
      ['response_type', { response_type: 'code' }, 'unsupported_response_type', invalid],
      ['response_mode', { response_mode: 'query' }, 'invalid_request', invalid],
      ['prompt', { prompt: 'login' }, 'invalid_request', invalid],
      ['nonce', { nonce: '' }, 'invalid_request', invalid],
      ['nonce length', { nonce: 'n'.repeat(1025) }, 'invalid_request', invalid],
      ['login_hint', { login_hint: 'someone-else' }, 'login_required', 'LTI_LOGIN_HINT_INVALID'],
      [
        'lti_message_hint',
        { lti_message_hint: 'forged.hint' },
        'invalid_request',
        'LTI_MESSAGE_HINT_INVALID',
      ],
    ])(
      'answers the tool with an OIDC error for a bad %s',
      async (_name, overrides, error, code) => {
        const start = await get(launchPath(h.link), h.learner)
        const url = authenticationRequest(
          start.headers.get('location') as string,
          h.tool,
          overrides,
        )
        const response = await h.app.request(url.pathname + url.search, {
          headers: { cookie: await cookieOf(h.learner) },
        })
        expect(response.status).toBe(200)
        const { action, fields } = readAutoPostForm(await response.text())
        expect(action).toBe('https://tool.example/launch')
        expect(fields).toMatchObject({ error, state: 'state-1' })
        expect(fields).not.toHaveProperty('id_token')
        expect(fields.error_description?.split(':')[0]).toBe(code)
      },
    )

    it('answers login_required without a session, and for a hint of another user', async () => {
      const start = await get(launchPath(h.link), h.learner)
      const url = authenticationRequest(start.headers.get('location') as string, h.tool)
      const anonymous = readAutoPostForm(
        await (await h.app.request(url.pathname + url.search)).text(),
      )
      expect(anonymous.fields).toMatchObject({ error: 'login_required' })
      expect(anonymous.fields.error_description?.split(':')[0]).toBe('LTI_SIGN_IN_REQUIRED')
      // The teacher's browser replays the learner's login: the login_hint gives it away.
      const other = await h.app.request(url.pathname + url.search, {
        headers: { cookie: await cookieOf(h.teacher) },
      })
      expect(readAutoPostForm(await other.text()).fields.error).toBe('login_required')
    })

    it.each([
      ['no client_id', { client_id: '' }, 400, 'LTI_AUTH_REQUEST_INVALID'],
      ['an unknown client_id', { client_id: 'nobody' }, 404, 'LTI_TOOL_NOT_FOUND'],
      [
        'an unregistered redirect_uri',
        { redirect_uri: 'https://evil.example/' },
        400,
        'LTI_REDIRECT_URI_INVALID',
      ],
    ])('shows an error page, posting nothing, for %s', async (_name, overrides, status, code) => {
      const start = await get(launchPath(h.link), h.learner)
      const url = authenticationRequest(start.headers.get('location') as string, h.tool, overrides)
      const page = await h.app.request(url.pathname + url.search, {
        headers: { cookie: await cookieOf(h.learner) },
      })
      expect(page.status).toBe(status)
      const html = await page.text()
      expect(html).not.toContain('<form')
      expect(html).not.toContain('evil.example')
      const json = await h.app.request(url.pathname + url.search, {
        headers: { cookie: await cookieOf(h.learner), accept: 'application/json' },
      })
      expect(await codeOf(json)).toBe(code)
    })

    it('refuses a POST that is not a form', async () => {
      const response = await h.app.request('/lti/authorize', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
      })
      expect(response.status).toBe(400)
      expect(await codeOf(response)).toBe('LTI_AUTH_REQUEST_INVALID')
    })
  })
})
