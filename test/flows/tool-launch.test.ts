/** The learner's journey through the tool: login, launch, provisioning, scenario, session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import { launchLogCode, startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool, ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

describe.each(DIALECTS)('tool launch flow on %s', (dialect) => {
  let tool: TestTool
  let lms: LmsEmulator
  let ws: ConnectedWorkspace
  let base: string
  let launch: ConnectedTool['launch']
  let connected: ConnectedTool

  beforeAll(async () => {
    connected = await startConnectedTool(dialect)
    ;({ tool, lms, ws, launch } = connected)
    base = tool.server.url
  })
  afterAll(() => connected?.close())

  it('lands the learner in the scenario named by scenario_id, signed in', async () => {
    const { launchResponse, loginResponse } = await launch({ scenarioId: ws.scenario.slug })
    expect(loginResponse.headers.get('set-cookie')).toMatch(/SameSite=None; Partitioned/)
    expect(launchResponse.status).toBe(303)
    const location = launchResponse.headers.get('location') as string
    expect(location).toMatch(new RegExp(`^/play/${ws.workspaceId}/${ws.scenario.id}\\?session=`))
    const page = await fetch(base + location)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Negotiation basics')
    expect(html).toMatch(/Signed in as [^<]+ through your learning platform/)
  })

  it('resolves scenario_id given as an ID too', async () => {
    const { launchResponse } = await launch({ scenarioId: ws.scenario.id })
    expect(launchResponse.headers.get('location')).toContain(`/${ws.scenario.id}?`)
  })

  it('opens the scenario list when the launch names no scenario', async () => {
    const { launchResponse } = await launch()
    const location = launchResponse.headers.get('location') as string
    expect(location).toMatch(new RegExp(`^/play/${ws.workspaceId}\\?session=`))
    const page = await (await fetch(base + location)).text()
    expect(page).toContain('Negotiation basics')
    expect(page).toContain(`/play/${ws.workspaceId}/${ws.scenario.id}?session=`)
  })

  it('accepts the login initiation as GET and as POST', async () => {
    expect((await launch({ method: 'GET' })).launchResponse.status).toBe(303)
    expect((await launch({ method: 'POST' })).launchResponse.status).toBe(303)
  })

  it('provisions the learner once, keyed by issuer and sub, updating what was sent', async () => {
    const sub = `learner-${Date.now()}`
    await launch({ sub })
    await launch({
      sub,
      claims: (c) => ({
        ...c,
        name: 'Renamed Learner',
        email: undefined,
        given_name: undefined,
        family_name: undefined,
      }),
    })
    const members = (await tool.api(`/workspaces/${ws.slug}/members`)).body as {
      name?: string
      email?: string
      role: string
      identities: { issuer: string; sub: string }[]
    }[]
    const mine = members.filter((m) => m.identities.some((i) => i.sub === sub))
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ name: 'Renamed Learner', role: 'Member' })
    expect(mine[0]?.email).toBeDefined() // kept from the first launch: absent means unchanged
    expect(mine[0]?.identities).toEqual([{ issuer: lms.issuer, sub }])
  })

  it('stores no name or email for a launch without PII', async () => {
    const sub = `anon-${Date.now()}`
    await launch({
      sub,
      claims: (c) => ({
        ...c,
        name: undefined,
        given_name: undefined,
        family_name: undefined,
        email: undefined,
      }),
    })
    const members = (await tool.api(`/workspaces/${ws.slug}/members`)).body as Record<
      string,
      unknown
    >[]
    const member = members.find((m) => JSON.stringify(m.identities).includes(sub))
    expect(member).toBeDefined()
    expect(member?.name).toBeUndefined()
    expect(member?.email).toBeUndefined()
  })

  it('fetches the platform key set once and caches it across launches', async () => {
    const before = lms.jwksRequests
    await launch()
    await launch()
    expect(lms.jwksRequests - before).toBe(0)
    expect(lms.jwksRequests).toBe(1)
  })

  it('logs a successful launch with redacted claims', async () => {
    const { launchResponse } = await launch({ scenarioId: ws.scenario.slug })
    const correlationId = launchResponse.headers.get('x-correlation-id') as string
    const detail = await tool.api(`/workspaces/${ws.slug}/lti/launches/${correlationId}`)
    expect(detail.body).toMatchObject({
      correlationId,
      outcome: 'success',
      issuer: lms.issuer,
      clientId: lms.clientId,
      deploymentId: lms.deploymentId,
      messageType: 'LtiResourceLinkRequest',
    })
    expect(detail.body.claims.email).toBe('[redacted]')
    expect(detail.body.claims.name).toBe('[redacted]')
    expect(detail.body.claims[CLAIM.deploymentId]).toBe(lms.deploymentId)
  })

  it('refuses a tampered or missing learner session', async () => {
    const { launchResponse } = await launch({ scenarioId: ws.scenario.slug })
    const location = launchResponse.headers.get('location') as string
    const altered = location.replace(/session=[^.]+\./, 'session=e30.')
    expect(altered).not.toBe(location)
    const tampered = await fetch(base + altered)
    expect(tampered.status).toBe(401)
    const none = await fetch(`${base}/play/${ws.workspaceId}`)
    expect(none.status).toBe(401)
    expect(await none.text()).toContain('Session expired or invalid')
  })

  describe('login initiation', () => {
    const login = (params: Record<string, string>) =>
      fetch(`${ws.endpoints.oidcLoginUrl}?${new URLSearchParams(params)}`, { redirect: 'manual' })
    const valid = () => ({
      iss: lms.issuer,
      login_hint: 'u1',
      target_link_uri: ws.endpoints.launchUrl,
      client_id: lms.clientId,
    })

    it.each([
      ['iss missing', { iss: '' }, 400, 'LTI_LOGIN_PARAM_MISSING'],
      ['login_hint missing', { login_hint: '' }, 400, 'LTI_LOGIN_PARAM_MISSING'],
      ['target_link_uri missing', { target_link_uri: '' }, 400, 'LTI_LOGIN_PARAM_MISSING'],
      [
        'target_link_uri elsewhere',
        { target_link_uri: 'https://evil.example/lti' },
        400,
        'LTI_TARGET_LINK_URI_INVALID',
      ],
      ['unknown issuer', { iss: 'https://unknown.example' }, 403, 'LTI_PLATFORM_UNKNOWN'],
      ['unknown client_id', { client_id: 'nope' }, 403, 'LTI_PLATFORM_UNKNOWN'],
      ['unregistered deployment', { lti_deployment_id: 'nope' }, 403, 'LTI_DEPLOYMENT_UNKNOWN'],
    ])('refuses %s', async (_, override, status, code) => {
      const response = await fetch(
        `${ws.endpoints.oidcLoginUrl}?${new URLSearchParams({ ...valid(), ...override })}`,
        { redirect: 'manual', headers: { accept: 'application/json' } },
      )
      expect(response.status).toBe(status)
      expect((await response.json()).error.code).toBe(code)
    })

    it('answers a browser with the error page and a correlation ID', async () => {
      const response = await login({ ...valid(), iss: '' })
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(await response.text()).toContain(response.headers.get('x-correlation-id') as string)
    })

    it('picks the registration by client_id, else by deployment, among several of one issuer', async () => {
      const second = await tool.api(`/workspaces/${ws.slug}/lti/platforms`, {
        method: 'POST',
        body: {
          name: 'Same LMS, second client',
          issuer: lms.issuer,
          clientId: 'second-client',
          deploymentIds: 'dep-a, dep-b',
          authenticationRequestUrl: `${lms.issuer}/auth2`,
          accessTokenUrl: lms.accessTokenUrl,
          jwksUrl: lms.jwksUrl,
        },
      })
      expect(second.status).toBe(201)
      expect(second.body.deploymentIds).toEqual(['dep-a', 'dep-b'])
      const byClient = await login({ ...valid(), client_id: 'second-client' })
      expect(byClient.headers.get('location')).toContain('/auth2?')
      const { client_id: _, ...noClient } = valid()
      const byDeployment = await login({ ...noClient, lti_deployment_id: 'dep-b' })
      expect(byDeployment.headers.get('location')).toContain('/auth2?')
      const ambiguous = await fetch(
        `${ws.endpoints.oidcLoginUrl}?${new URLSearchParams(noClient)}`,
        {
          redirect: 'manual',
          headers: { accept: 'application/json' },
        },
      )
      expect((await ambiguous.json()).error.code).toBe('LTI_CLIENT_AMBIGUOUS')
      await tool.api(`/workspaces/${ws.slug}/lti/platforms/${second.body.id}`, { method: 'DELETE' })
    })
  })

  it('names an OIDC error response from the platform', async () => {
    const response = await fetch(ws.endpoints.launchUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'error=login_required&error_description=no+session&state=abc',
    })
    expect(response.status).toBe(400)
    expect((await launchLogCode(tool, ws, response))?.errorCode).toBe('LTI_PLATFORM_ERROR_RESPONSE')
  })

  it('answers a GET on the launch URL with 405 and its code', async () => {
    const response = await fetch(ws.endpoints.launchUrl, {
      headers: { accept: 'application/json' },
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect((await response.json()).error.code).toBe('LTI_LAUNCH_METHOD_INVALID')
  })

  it('logs failures with their code, findable by correlation ID', async () => {
    const { launchResponse } = await launch({
      claims: (c) => ({ ...c, [CLAIM.deploymentId]: 'dep-x' }),
    })
    const entry = await launchLogCode(tool, ws, launchResponse)
    expect(entry).toMatchObject({
      outcome: 'failure',
      errorCode: 'LTI_DEPLOYMENT_UNKNOWN',
      deploymentId: 'dep-x',
    })
  })
})
