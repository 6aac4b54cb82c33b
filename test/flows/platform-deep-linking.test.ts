/**
 * Deep linking end to end on the platform's routes: an instructor starts content picking, the
 * platform answers the tool's authentication request with an LtiDeepLinkingRequest, the tool
 * (played here with ltikit/core: verify, `readDeepLinkingSettings`, `buildDeepLinkingResponse`)
 * posts its LtiDeepLinkingResponse to the return URL, and the picked content is in the course.
 */
import { createLocalJWKSet, jwtVerify } from 'jose'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '../../src/core/claims.js'
import { buildDeepLinkingResponse } from '../../src/core/deep-linking/build-deep-linking-response.js'
import type { ContentItem } from '../../src/core/deep-linking/content-item.js'
import { readDeepLinkingSettings } from '../../src/core/deep-linking/read-deep-linking-settings.js'
import type { DeepLinkingSettings } from '../../src/core/deep-linking/read-deep-linking-settings.js'
import type { IdTokenPayload } from '../../src/core/launch/claim-types.js'
import {
  buildAuthenticationRequest,
  validateLoginInitiation,
} from '../../src/core/oidc/login-initiation.js'
import type { AppEnv } from '../../src/web/env.js'
import { correlationId } from '../../src/web/middleware/correlation-id.js'
import { onError } from '../../src/web/on-error.js'
import { platformDeepLinkingRoutes } from '../../src/web/routes/platform-deep-linking-routes.js'
import { platformLaunchRoutes } from '../../src/web/routes/platform-launch-routes.js'
import { platformLtiRoutes } from '../../src/web/routes/platform-lti-routes.js'
import { DIALECTS } from '../support/databases.js'
import {
  NOW,
  PUBLIC_URL,
  readAutoPostForm,
  startPlatformRoutes,
  toolSigningKey,
} from '../support/platform-routes-harness.js'
import type { PlatformRoutesHarness } from '../support/platform-routes-harness.js'

const clock = { now: () => NOW }

const picked: ContentItem[] = [
  {
    type: 'ltiResourceLink',
    title: 'Scenario: the first offer',
    url: 'https://tool.example/launch?scenario=first-offer',
    custom: { scenario_id: 'first-offer' },
    lineItem: { label: 'First offer', scoreMaximum: 100, resourceId: 'first-offer' },
  },
  { type: 'link', url: 'https://example.org/reading', title: 'Background reading' },
  { type: 'html', html: '<script>alert(1)</script><p>Hi</p>', title: 'Welcome note' },
]

describe.each(DIALECTS)('platform deep linking on %s', (dialect) => {
  let h: PlatformRoutesHarness
  let app: Hono<AppEnv>
  beforeAll(async () => {
    h = await startPlatformRoutes(dialect)
    // The return route as the platform app mounts it, next to the launch routes.
    app = new Hono<AppEnv>()
    app.use('*', correlationId(h.deps.logger))
    app.route('/lti/deep-linking', platformDeepLinkingRoutes(h.deps))
    app.route('/lti', platformLtiRoutes(h.deps))
    app.route('/', platformLaunchRoutes(h.deps))
    app.onError(onError())
  })
  afterAll(async () => {
    await h?.close()
  })

  /** The instructor starts picking; returns the deep linking request as the tool reads it. */
  async function deepLinkingRequest(): Promise<{
    claims: IdTokenPayload
    settings: DeepLinkingSettings
  }> {
    const cookie = await h.cookieOf(h.teacher)
    const start = await app.request(`/courses/${h.course.id}/tools/${h.tool.id}/deep-linking`, {
      headers: { cookie },
    })
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
        clientId: h.tool.clientId,
        deploymentIds: [h.tool.deploymentId],
        authenticationRequestUrl: `${PUBLIC_URL}/lti/authorize`,
        accessTokenUrl: `${PUBLIC_URL}/lti/token`,
        jwksUrl: `${PUBLIC_URL}/lti/jwks`,
        createdAt: NOW,
      },
      initiation,
      redirectUri: h.tool.redirectUris[0] as string,
      state: 'state-1',
      nonce: 'nonce-1',
    })
    const answer = await app.request(url.pathname + url.search, { headers: { cookie } })
    const { fields } = readAutoPostForm(await answer.text())
    const jwks = await (await app.request('/lti/jwks')).json()
    const { payload } = await jwtVerify(fields.id_token as string, createLocalJWKSet(jwks), {
      issuer: PUBLIC_URL,
      audience: h.tool.clientId,
      algorithms: ['RS256'],
      currentDate: new Date(NOW),
    })
    const claims = payload as IdTokenPayload
    return { claims, settings: readDeepLinkingSettings(claims) }
  }

  async function respond(settings: DeepLinkingSettings, contentItems = picked): Promise<string> {
    return buildDeepLinkingResponse(
      {
        issuer: h.tool.clientId,
        audience: PUBLIC_URL,
        deploymentId: h.tool.deploymentId,
        settings,
        contentItems,
        msg: 'Added your picks',
        log: 'picked 3 items',
      },
      { signingKey: toolSigningKey, clock },
    )
  }

  const post = (body: string, headers: Record<string, string> = {}) =>
    app.request('/lti/deep-linking/return', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    })
  const form = (jwt: string) => new URLSearchParams({ JWT: jwt }).toString()

  it('adds the picked activity with its line item, and the other content', async () => {
    const { claims, settings } = await deepLinkingRequest()
    expect(claims).not.toHaveProperty([CLAIM.resourceLink])
    expect(settings).toMatchObject({
      deepLinkReturnUrl: `${PUBLIC_URL}/lti/deep-linking/return`,
      acceptTypes: ['ltiResourceLink', 'link', 'file', 'html', 'image'],
      acceptMultiple: true,
      acceptLineItem: true,
    })
    const before = (await h.deps.stores.links.listLinks(h.course.id)).length

    const response = await post(form(await respond(settings)))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const html = await response.text()
    expect(html).toContain('Added your picks')
    expect(html).toContain('Scenario: the first offer')
    expect(html).toContain('Background reading')
    expect(html).toContain(`href="${PUBLIC_URL}/courses/${h.course.id}"`)
    // The tool's HTML is shown sandboxed, never inlined.
    expect(html).not.toContain('<script>alert(1)</script>')

    const links = await h.deps.stores.links.listLinks(h.course.id)
    expect(links).toHaveLength(before + 1)
    const added = links.find((l) => l.title === 'Scenario: the first offer')
    expect(added).toMatchObject({
      toolId: h.tool.id,
      url: 'https://tool.example/launch?scenario=first-offer',
      customParameters: { scenario_id: 'first-offer' },
    })
    const lineItem = await h.deps.stores.lineItems.findLineItem(added?.lineItemId ?? '')
    expect(lineItem).toMatchObject({
      linkId: added?.id,
      label: 'First offer',
      scoreMaximum: 100,
      resourceId: 'first-offer',
    })
    const content = await h.deps.stores.links.listContentItems(h.course.id)
    expect(content.map((c) => c.title).sort()).toEqual(['Background reading', 'Welcome note'])

    // The new activity launches at the URL the tool chose.
    const launch = await app.request(`/courses/${h.course.id}/links/${added?.id}/launch`, {
      headers: { cookie: await h.cookieOf(h.teacher) },
    })
    const login = new URL(launch.headers.get('location') as string)
    expect(login.searchParams.get('target_link_uri')).toBe(
      'https://tool.example/launch?scenario=first-offer',
    )
  })

  it('refuses the same response twice, as a page for the browser', async () => {
    const { settings } = await deepLinkingRequest()
    const jwt = await respond(settings, [{ type: 'link', url: 'https://example.org/once' }])
    expect((await post(form(jwt))).status).toBe(200)
    const replay = await post(form(jwt))
    expect(replay.status).toBe(401)
    expect(replay.headers.get('content-type')).toContain('text/html')
    const json = await post(form(jwt), { accept: 'application/json' })
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe(
      'LTI_NONCE_REPLAYED',
    )
    const content = await h.deps.stores.links.listContentItems(h.course.id)
    expect(content.filter((c) => c.url === 'https://example.org/once')).toHaveLength(1)
  })

  it.each([
    ['tampered data', (s: DeepLinkingSettings) => ({ ...s, data: `x${s.data}` })],
    ['no data', (s: DeepLinkingSettings) => ({ ...s, data: undefined })],
  ])('refuses a response with %s', async (_, change) => {
    const { settings } = await deepLinkingRequest()
    const jwt = await respond(change(settings), [{ type: 'link', url: 'https://example.org/x' }])
    const response = await post(form(jwt), { accept: 'application/json' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    )
  })

  it.each([
    ['a JSON body', JSON.stringify({ JWT: 'x' }), { 'content-type': 'application/json' }],
    ['no JWT field', 'id_token=abc', {}],
  ])('refuses %s (LTI_DEEP_LINKING_RESPONSE_INVALID)', async (_, body, headers) => {
    const response = await post(body, { accept: 'application/json', ...headers })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    )
  })

  it('refuses a body over the LTI limit', async () => {
    const response = await post(`JWT=${'a'.repeat(129 * 1024)}`, { accept: 'application/json' })
    expect(response.status).toBe(413)
  })
})
