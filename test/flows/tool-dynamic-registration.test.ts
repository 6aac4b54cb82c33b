/** Dynamic Registration 1.0, tool side: registration URL, confirmation, registration, launch. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/core/ports.js'
import { fetchPlatformConfiguration } from '../../src/tool/dynamic-registration/fetch-platform-configuration.js'
import { DIALECTS } from '../support/databases.js'
import { startFakeRegistrationPlatform } from '../support/fake-registration-platform.js'
import type { FakeRegistrationPlatform } from '../support/fake-registration-platform.js'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import { startTestTool } from '../support/tool-harness.js'
import type { TestTool } from '../support/tool-harness.js'

const FORM = 'application/x-www-form-urlencoded'
let counter = 0

describe.each(DIALECTS)('tool dynamic registration on %s', (dialect) => {
  let tool: TestTool
  let platform: FakeRegistrationPlatform
  let lms: LmsEmulator
  let now = Date.now()
  const clock: Clock = { now: () => now }
  let slug: string

  beforeAll(async () => {
    platform = await startFakeRegistrationPlatform()
    platform.issue = { clientId: `dr-client-${dialect}`, deploymentId: 'dr-deployment-1' }
    // The emulator launches as the platform: same issuer, the client and deployment it issues.
    lms = await startLmsEmulator({
      issuer: platform.base,
      clientId: platform.issue.clientId,
      deploymentId: platform.issue.deploymentId,
    })
    platform.endpoints = {
      authorization: lms.authenticationRequestUrl,
      token: lms.accessTokenUrl,
      jwks: lms.jwksUrl,
    }
    tool = await startTestTool(dialect, { clock })
  })
  afterAll(async () => {
    await lms?.close()
    await platform?.close()
    await tool?.close()
  })
  beforeEach(async () => {
    now = Date.now()
    platform.configMode = 'ok'
    platform.registerMode = 'ok'
    delete platform.editConfig
    slug = `dr-${process.pid}-${++counter}`
    const ws = await tool.api('/workspaces', { method: 'POST', body: { name: 'Roleplays', slug } })
    expect(ws.status).toBe(201)
  })

  async function registrationUrl(): Promise<string> {
    const res = await tool.api(`/workspaces/${slug}/lti/registrations`, { method: 'POST' })
    expect(res.status).toBe(201)
    expect(Date.parse(res.body.expiresAt)).toBe(now + 3600_000)
    return res.body.url as string
  }

  const open = (url: string, params: Record<string, string> = {}) => {
    const full = new URL(url)
    const all = {
      openid_configuration: platform.configUrl,
      registration_token: platform.registrationToken,
      ...params,
    }
    for (const [name, value] of Object.entries(all)) full.searchParams.set(name, value)
    return fetch(full)
  }

  const confirm = (page: string, action: string) => {
    const token = /name="confirmation" value="([^"]+)"/.exec(page)?.[1]
    expect(token).toBeDefined()
    return fetch(action, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: new URLSearchParams({ confirmation: token as string }).toString(),
    })
  }

  const codeOf = (html: string) => /data-testid="error-code">([A-Z_]+)</.exec(html)?.[1]
  const platforms = async () => (await tool.api(`/workspaces/${slug}/lti/platforms`)).body as any[]

  it('registers, stores a connection like a manual one, and the LMS can launch with it', async () => {
    const url = await registrationUrl()
    const page = await open(url)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Moodle (127.0.0.1:')
    expect(html).toContain(platform.base)
    expect(html).toContain('grades (Assignment and Grade Services)')
    expect(await platforms()).toEqual([])

    const done = await confirm(html, url.split('?')[0] as string)
    const doneHtml = await done.text()
    expect(done.status, doneHtml).toBe(200)
    expect(doneHtml).toContain('Registration complete')
    expect(doneHtml).toContain(
      "(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*')",
    )
    expect(done.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/)

    const sent = platform.received.at(-1)
    expect(sent?.authorization).toBe(`Bearer ${platform.registrationToken}`)
    const endpoints = (await tool.api(`/workspaces/${slug}/lti/endpoints`)).body
    expect(sent?.body).toMatchObject({
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: endpoints.oidcLoginUrl,
      redirect_uris: [endpoints.launchUrl],
      jwks_uri: endpoints.jwksUrl,
      token_endpoint_auth_method: 'private_key_jwt',
      client_name: 'Roleplays',
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: new URL(endpoints.launchUrl).host,
        target_link_uri: endpoints.launchUrl,
        claims: ['iss', 'sub', 'name', 'email'],
        messages: [
          { type: 'LtiResourceLinkRequest', target_link_uri: endpoints.launchUrl },
          { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] },
        ],
      },
    })
    // Narrowed to what the platform lists.
    expect((sent?.body.scope as string).split(' ').sort()).toEqual([
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    ])

    expect(await platforms()).toEqual([
      expect.objectContaining({
        issuer: platform.base,
        clientId: platform.issue.clientId,
        deploymentIds: [platform.issue.deploymentId],
        authenticationRequestUrl: lms.authenticationRequestUrl,
        accessTokenUrl: lms.accessTokenUrl,
        jwksUrl: lms.jwksUrl,
      }),
    ])
    const { launchResponse } = await lms.launch({
      loginUrl: endpoints.oidcLoginUrl,
      targetLinkUri: endpoints.launchUrl,
    })
    expect(launchResponse.status).toBe(303)
  })

  it('refuses a registration URL used once, on the page and on the confirmation', async () => {
    const url = await registrationUrl()
    const html = await (await open(url)).text()
    const action = url.split('?')[0] as string
    // Two confirmations of one page: exactly one registers.
    const [first, second] = await Promise.all([confirm(html, action), confirm(html, action)])
    const statuses = [first.status, second.status].sort()
    expect(statuses).toEqual([200, 410])
    const again = await open(url)
    expect(again.status).toBe(410)
    expect(codeOf(await again.text())).toBe('LTI_REGISTRATION_URL_USED')
    expect(await platforms()).toHaveLength(1)
  })

  it('refuses an expired registration URL with a page that says what to do', async () => {
    const url = await registrationUrl()
    now += 3600_000
    const fetchedBefore = platform.configRequests
    const page = await open(url)
    const html = await page.text()
    expect(page.status).toBe(410)
    expect(codeOf(html)).toBe('LTI_REGISTRATION_URL_EXPIRED')
    expect(html).toContain('Generate a new one')
    expect(platform.configRequests).toBe(fetchedBefore)
  })

  it('refuses an altered registration URL', async () => {
    const url = new URL(await registrationUrl())
    url.searchParams.set('t', `${url.searchParams.get('t')}x`)
    const page = await open(url.toString())
    expect(page.status).toBe(400)
    expect(codeOf(await page.text())).toBe('LTI_REGISTRATION_URL_INVALID')
  })

  it('refuses a configuration whose issuer does not match its URL', async () => {
    platform.editConfig = (config) => {
      config.issuer = 'http://127.0.0.1:9/elsewhere'
    }
    const page = await open(await registrationUrl())
    expect(page.status).toBe(502)
    expect(codeOf(await page.text())).toBe('LTI_OPENID_ISSUER_MISMATCH')
  })

  it('shows the platform refusing, with its reason and a correlation ID, and stores nothing', async () => {
    platform.registerMode = 'refuse'
    const url = await registrationUrl()
    const done = await confirm(await (await open(url)).text(), url.split('?')[0] as string)
    const html = await done.text()
    expect(done.status).toBe(502)
    expect(codeOf(html)).toBe('LTI_REGISTRATION_REFUSED')
    expect(html).toContain('invalid_client_metadata: redirect_uris not allowed')
    expect(html).toContain(done.headers.get('x-correlation-id'))
    expect(await platforms()).toEqual([])
  })

  it('reports network errors of either platform endpoint and stores nothing', async () => {
    platform.configMode = 'reset'
    const page = await open(await registrationUrl())
    expect(page.status).toBe(502)
    expect(codeOf(await page.text())).toBe('LTI_OPENID_CONFIGURATION_FETCH_FAILED')

    platform.configMode = 'http-500'
    expect(codeOf(await (await open(await registrationUrl())).text())).toBe(
      'LTI_OPENID_CONFIGURATION_FETCH_FAILED',
    )

    platform.configMode = 'ok'
    platform.registerMode = 'reset'
    const url = await registrationUrl()
    const done = await confirm(await (await open(url)).text(), url.split('?')[0] as string)
    expect(done.status).toBe(502)
    expect(codeOf(await done.text())).toBe('LTI_REGISTRATION_REQUEST_FAILED')
    expect(await platforms()).toEqual([])
  })

  it('refuses an oversize configuration', async () => {
    platform.configMode = 'oversize'
    const page = await open(await registrationUrl())
    expect(page.status).toBe(502)
    expect(codeOf(await page.text())).toBe('LTI_OPENID_CONFIGURATION_INVALID')
  })

  it('refuses a missing openid_configuration and a wrong registration token', async () => {
    const url = await registrationUrl()
    const page = await fetch(url)
    expect(page.status).toBe(400)
    expect(codeOf(await page.text())).toBe('LTI_REGISTRATION_REQUEST_INVALID')
    const html = await (await open(url, { registration_token: 'not-the-token' })).text()
    const done = await confirm(html, url.split('?')[0] as string)
    expect(codeOf(await done.text())).toBe('LTI_REGISTRATION_REFUSED')
  })

  it('refuses a cross-site confirmation', async () => {
    const url = await registrationUrl()
    const token = /name="confirmation" value="([^"]+)"/.exec(await (await open(url)).text())?.[1]
    const done = await fetch(url.split('?')[0] as string, {
      method: 'POST',
      headers: { 'content-type': FORM, origin: 'https://evil.example' },
      body: new URLSearchParams({ confirmation: token as string }).toString(),
    })
    expect(done.status).toBe(400)
    expect(codeOf(await done.text())).toBe('LTI_REGISTRATION_REQUEST_INVALID')
    expect(await platforms()).toEqual([])
  })

  it('needs the admin token to issue a registration URL', async () => {
    const res = await tool.api(`/workspaces/${slug}/lti/registrations`, {
      method: 'POST',
      token: null,
    })
    expect(res.status).toBe(401)
  })
})

describe('configuration URL outside dev mode', () => {
  it('refuses http before sending anything', async () => {
    const platform = await startFakeRegistrationPlatform()
    try {
      await expect(
        fetchPlatformConfiguration(platform.configUrl, { fetch, dev: false }),
      ).rejects.toMatchObject({ code: 'LTI_URL_INSECURE' })
      expect(platform.configRequests).toBe(0)
    } finally {
      await platform.close()
    }
  })
})
