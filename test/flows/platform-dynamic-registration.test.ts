/**
 * Dynamic Registration 1.0, platform side: the OpenID configuration, an admin starting a
 * registration, our tool registering with our platform and then launching, and the registration
 * endpoint refusing malformed requests and replayed, expired or forged registration tokens.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MESSAGE_TYPE, REGISTRATION_CLAIM, SCOPE } from '../../src/core/claims.js'
import { buildClientRegistration } from '../../src/core/dynamic-registration/build-client-registration.js'
import { parsePlatformConfiguration } from '../../src/core/dynamic-registration/parse-platform-configuration.js'
import type { Clock } from '../../src/core/ports.js'
import { TestBrowser, readForm } from '../interop/browser.js'
import { DIALECTS } from '../support/databases.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform } from '../support/platform-harness.js'
import { startTestTool } from '../support/tool-harness.js'
import type { TestTool } from '../support/tool-harness.js'

let counter = 0

describe.each(DIALECTS)('platform dynamic registration on %s', (dialect) => {
  let platform: TestPlatform
  let tool: TestTool
  let now = Date.now()
  const clock: Clock = { now: () => now }

  beforeAll(async () => {
    ;[platform, tool] = await Promise.all([
      startTestPlatform(dialect, { clock }),
      startTestTool(dialect),
    ])
  })
  afterAll(async () => {
    await Promise.all([platform?.close(), tool?.close()])
  })
  beforeEach(() => {
    now = Date.now()
  })

  const start = async (registrationUrl: string) => {
    const res = await platform.api('/tools/registrations', {
      method: 'POST',
      body: { registrationUrl },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body.launchUrl as string
  }
  const tokenOf = (launchUrl: string) =>
    new URL(launchUrl).searchParams.get('registration_token') as string
  const tools = async () => (await platform.api('/tools')).body as any[]

  const register = (body: unknown, token?: string, raw = false) =>
    fetch(`${platform.url}/lti/register`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
      },
      body: raw ? (body as string) : JSON.stringify(body),
    })

  /** A valid client registration of a tool on loopback `base`. */
  const request = (base = 'http://127.0.0.1:9100') =>
    buildClientRegistration({
      clientName: `Tool ${++counter}`,
      initiateLoginUri: `${base}/login`,
      redirectUris: [`${base}/launch`],
      jwksUri: `${base}/jwks`,
      domain: new URL(base).host,
      targetLinkUri: `${base}/launch`,
      scopes: [SCOPE.agsScore, SCOPE.nrpsMembershipReadonly, 'https://example.test/scope/other'],
      claims: ['iss', 'sub', 'email'],
      messages: [
        { type: MESSAGE_TYPE.resourceLink },
        { type: MESSAGE_TYPE.deepLinkingRequest, targetLinkUri: `${base}/deep-link` },
      ],
      customParameters: { color: 'blue' },
    }) as unknown as Record<string, any>

  it('publishes an OpenID configuration our tool side accepts', async () => {
    const configUrl = `${platform.url}/.well-known/openid-configuration`
    const res = await fetch(configUrl)
    expect(res.status).toBe(200)
    const document = await res.json()
    const parsed = parsePlatformConfiguration(document, configUrl, { dev: true })
    expect(parsed).toMatchObject({
      issuer: platform.url,
      registrationEndpoint: `${platform.url}/lti/register`,
      tokenEndpoint: `${platform.url}/lti/token`,
      productFamilyCode: 'ltikit',
      messagesSupported: [
        { type: 'LtiResourceLinkRequest' },
        { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] },
      ],
    })
    expect(parsed.variables).toContain('$Context.title')
    expect(document.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt'])
    expect(document.id_token_signing_alg_values_supported).toEqual(['RS256'])
  })

  it('registers our tool end to end, and a learner then launches its activity', async () => {
    const slug = `dr-platform-${process.pid}-${++counter}`
    const ws = await tool.api('/workspaces', { method: 'POST', body: { name: 'Roleplays', slug } })
    expect(ws.status).toBe(201)
    const issued = await tool.api(`/workspaces/${slug}/lti/registrations`, { method: 'POST' })
    expect(issued.status).toBe(201)
    const before = (await tools()).length

    const launchUrl = await start(issued.body.url)
    const opened = new URL(launchUrl)
    expect(opened.searchParams.get('openid_configuration')).toBe(
      `${platform.url}/.well-known/openid-configuration`,
    )
    expect(opened.searchParams.get('t')).toBe(new URL(issued.body.url).searchParams.get('t'))

    // The admin's browser opens the tool's registration URL, then confirms.
    const browser = new TestBrowser()
    const page = (await browser.follow(launchUrl)).at(-1)
    expect(page?.status, page?.body.slice(0, 500)).toBe(200)
    const form = readForm(page?.body ?? '')
    const done = (await browser.follow(form.action, { form: form.fields })).at(-1)
    expect(done?.status, done?.body.slice(0, 500)).toBe(200)
    expect(done?.body).toContain('org.imsglobal.lti.close')

    const all = await tools()
    expect(all).toHaveLength(before + 1)
    const endpoints = (await tool.api(`/workspaces/${slug}/lti/endpoints`)).body
    const created = all.find((t) => t.tool.oidcLoginUrl === endpoints.oidcLoginUrl)
    expect(created).toMatchObject({
      name: 'Roleplays',
      tool: {
        redirectUris: [endpoints.launchUrl],
        targetLinkUri: endpoints.launchUrl,
        jwksUrl: endpoints.jwksUrl,
        deepLinkingUrl: endpoints.launchUrl,
        privacy: { sendName: true, sendEmail: true },
        services: { nrps: true, deepLinking: true },
      },
    })
    expect([...created.tool.services.ags].sort()).toEqual(
      [
        SCOPE.agsLineItem,
        SCOPE.agsLineItemReadonly,
        SCOPE.agsResultReadonly,
        SCOPE.agsScore,
      ].sort(),
    )
    const connections = (await tool.api(`/workspaces/${slug}/lti/platforms`)).body
    expect(connections).toEqual([
      expect.objectContaining({
        issuer: platform.url,
        clientId: created.clientId,
        deploymentIds: [created.deploymentId],
        authenticationRequestUrl: `${platform.url}/lti/authorize`,
        accessTokenUrl: `${platform.url}/lti/token`,
        jwksUrl: `${platform.url}/lti/jwks`,
      }),
    ])

    // The token went with that registration: a second one is refused.
    const replay = await register(request(), tokenOf(launchUrl))
    expect(replay.status).toBe(401)
    expect((await replay.json()).code).toBe('LTI_REGISTRATION_TOKEN_USED')

    // A learner launches an activity of the registered tool.
    const scenario = await tool.api(`/workspaces/${slug}/scenarios`, {
      method: 'POST',
      body: { slug: 'salary-talk', title: 'Salary talk' },
    })
    expect(scenario.status).toBe(201)
    const courseId = await platform.createCourse({ title: 'Registered 101' })
    const learner = await platform.createUser({ name: 'Lena Learner' })
    await platform.enroll(courseId, learner.id, ['Learner'])
    const link = await platform.addLink(courseId, {
      toolId: created.id,
      title: 'Salary talk',
      customParameters: { scenario_id: 'salary-talk' },
    })
    const learnerBrowser = new TestBrowser({ [platform.url]: await platform.signIn(learner) })
    const hops = await learnerBrowser.follow(
      `${platform.url}/courses/${courseId}/links/${link.id}/launch`,
    )
    const authorize = hops.at(-1)
    expect(authorize?.status, authorize?.body.slice(0, 300)).toBe(200)
    const post = readForm(authorize?.body ?? '')
    expect(post.action).toBe(endpoints.launchUrl)
    const landed = (await learnerBrowser.follow(post.action, { form: post.fields })).at(-1)
    expect(landed?.status, landed?.body.slice(0, 300)).toBe(200)
    const at = new URL(landed?.url ?? '')
    expect(at.origin).toBe(tool.server.url)
    expect(at.pathname).toBe(`/play/${ws.body.id}/${scenario.body.id}`)
    expect(landed?.body).toContain('Salary talk')
  })

  it('answers the registration with the client ID, granted scopes and deployment ID', async () => {
    const token = tokenOf(await start('http://127.0.0.1:9100/register?vendor=x'))
    const body = request()
    const res = await register(body, token)
    expect(res.status).toBe(201)
    const answer = await res.json()
    const created = (await tools()).find((t) => t.clientId === answer.client_id)
    expect(answer).toMatchObject({
      client_id: created.clientId,
      application_type: 'web',
      token_endpoint_auth_method: 'private_key_jwt',
      redirect_uris: ['http://127.0.0.1:9100/launch', 'http://127.0.0.1:9100/deep-link'],
      scope: `${SCOPE.agsScore} ${SCOPE.nrpsMembershipReadonly}`,
      [REGISTRATION_CLAIM.toolConfiguration]: {
        domain: '127.0.0.1:9100',
        deployment_id: created.deploymentId,
      },
    })
    expect(created.tool).toMatchObject({
      deepLinkingUrl: 'http://127.0.0.1:9100/deep-link',
      customParameters: { color: 'blue' },
      privacy: { sendName: false, sendEmail: true },
      services: { ags: [SCOPE.agsScore], nrps: true, deepLinking: true },
    })
  })

  const malformed: [string, (r: Record<string, any>) => unknown, string, string][] = [
    [
      'missing jwks_uri',
      (r) => void delete r.jwks_uri,
      'LTI_CLIENT_METADATA_INVALID',
      'invalid_client_metadata',
    ],
    [
      'a client secret auth method',
      (r) => void (r.token_endpoint_auth_method = 'client_secret_basic'),
      'LTI_CLIENT_METADATA_INVALID',
      'invalid_client_metadata',
    ],
    [
      'no client_credentials grant',
      (r) => void (r.grant_types = ['implicit']),
      'LTI_CLIENT_METADATA_INVALID',
      'invalid_client_metadata',
    ],
    [
      'no LTI tool configuration',
      (r) => void delete r[REGISTRATION_CLAIM.toolConfiguration],
      'LTI_CLIENT_METADATA_INVALID',
      'invalid_client_metadata',
    ],
    [
      'no redirect URIs',
      (r) => void (r.redirect_uris = []),
      'LTI_CLIENT_REDIRECT_URI_INVALID',
      'invalid_redirect_uri',
    ],
    [
      'a redirect URI off the declared domain',
      (r) => void r.redirect_uris.push('http://127.0.0.2:9100/launch'),
      'LTI_CLIENT_REDIRECT_URI_INVALID',
      'invalid_redirect_uri',
    ],
    [
      'a login URL off the declared domain',
      (r) => void (r.initiate_login_uri = 'http://localhost:9100/login'),
      'LTI_CLIENT_REDIRECT_URI_INVALID',
      'invalid_redirect_uri',
    ],
    [
      'plain http off loopback',
      (r) => {
        r.redirect_uris = ['http://tool.example/launch']
        r[REGISTRATION_CLAIM.toolConfiguration].domain = 'tool.example'
      },
      'LTI_CLIENT_REDIRECT_URI_INVALID',
      'invalid_redirect_uri',
    ],
  ]

  it('refuses malformed registrations, creates nothing, and keeps the token usable', async () => {
    const token = tokenOf(await start('http://127.0.0.1:9100/register'))
    const before = (await tools()).length
    for (const [name, mutate, code, error] of malformed) {
      const body = request()
      mutate(body)
      const res = await register(body, token)
      const answer = await res.json()
      expect([name, res.status, answer.code, answer.error]).toEqual([name, 400, code, error])
      expect(typeof answer.error_description).toBe('string')
    }
    const notJson = await register('{"application_type":', token, true)
    expect(notJson.status).toBe(400)
    expect((await notJson.json()).code).toBe('LTI_CLIENT_METADATA_INVALID')
    expect(await tools()).toHaveLength(before)

    // Two concurrent registrations with one token: exactly one tool.
    const [a, b] = await Promise.all([register(request(), token), register(request(), token)])
    expect([a.status, b.status].sort()).toEqual([201, 401])
    expect(await tools()).toHaveLength(before + 1)
  })

  it('refuses missing, forged and expired registration tokens', async () => {
    const before = (await tools()).length
    const token = tokenOf(await start('http://127.0.0.1:9100/register'))
    const [body, tail] = token.split('.') as [string, string]
    const forged = `${body.slice(0, -2)}AA.${tail}`
    for (const [sent, code] of [
      [undefined, 'LTI_REGISTRATION_TOKEN_INVALID'],
      ['not-a-token', 'LTI_REGISTRATION_TOKEN_INVALID'],
      [forged, 'LTI_REGISTRATION_TOKEN_INVALID'],
    ] as const) {
      const res = await register(request(), sent)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('invalid_token')
      expect(await res.json()).toMatchObject({ error: 'invalid_token', code })
    }
    now += 3600_000
    const expired = await register(request(), token)
    expect(expired.status).toBe(401)
    expect((await expired.json()).code).toBe('LTI_REGISTRATION_TOKEN_EXPIRED')
    expect(await tools()).toHaveLength(before)
  })

  it('starts registrations for admins only, and only to acceptable URLs', async () => {
    const anonymous = await platform.api('/tools/registrations', {
      method: 'POST',
      body: { registrationUrl: 'http://127.0.0.1:9100/register' },
      token: null,
    })
    expect(anonymous.status).toBe(401)
    const insecure = await platform.api('/tools/registrations', {
      method: 'POST',
      body: { registrationUrl: 'http://tool.example/register' },
    })
    expect(insecure.status).toBe(400)
    expect(insecure.body.error.code).toBe('LTI_URL_INSECURE')
  })
})
