/**
 * Dynamic Registration on the platform under manual approval (LTIKIT_PLATFORM_TOOL_APPROVAL):
 * a tool that registers itself is pending, refused launches and access tokens until an admin
 * approves it; and the admin's browser pages that start a registration in a frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGE_TYPE, SCOPE } from '../../src/core/claims.js'
import { buildClientRegistration } from '../../src/core/dynamic-registration/build-client-registration.js'
import { ADMIN_SESSION_COOKIE } from '../../src/web/platform-admin-session.js'
import { DIALECTS } from '../support/databases.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform } from '../support/platform-harness.js'
import { startToolKeySet } from '../support/tool-key-set.js'
import type { ToolKeySet } from '../support/tool-key-set.js'

let counter = 0

describe.each(DIALECTS)('platform tool approval on %s', (dialect) => {
  let platform: TestPlatform
  // The tool's key set, served on loopback as a registered tool would.
  let toolKeys: ToolKeySet
  let toolBase: string

  beforeAll(async () => {
    toolKeys = await startToolKeySet('approval-k1')
    toolBase = toolKeys.base
    platform = await startTestPlatform(dialect, { toolApproval: 'manual' })
  })
  afterAll(async () => {
    await platform?.close()
    await toolKeys?.close()
  })

  const registrationToken = async () => {
    const res = await platform.api('/tools/registrations', {
      method: 'POST',
      body: { registrationUrl: `${toolBase}/register` },
    })
    expect(res.status).toBe(201)
    return new URL(res.body.launchUrl as string).searchParams.get('registration_token') as string
  }

  const register = async (token: string) => {
    const body = buildClientRegistration({
      clientName: `Pending tool ${++counter}`,
      initiateLoginUri: `${toolBase}/login`,
      redirectUris: [`${toolBase}/launch`],
      jwksUri: `${toolBase}/jwks`,
      domain: new URL(toolBase).host,
      targetLinkUri: `${toolBase}/launch`,
      scopes: [SCOPE.agsScore],
      claims: ['iss', 'sub'],
      messages: [{ type: MESSAGE_TYPE.resourceLink }],
    })
    const res = await fetch(`${platform.url}/lti/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { client_id: string }).client_id
  }

  const requestToken = (clientId: string) => toolKeys.requestToken(platform.url, clientId)

  const asJson = (path: string, cookie: string) =>
    fetch(`${platform.url}${path}`, {
      headers: { cookie, accept: 'application/json' },
      redirect: 'manual',
    })

  it('holds a registered tool until an admin approves it', async () => {
    const clientId = await register(await registrationToken())
    const listed = ((await platform.api('/tools')).body as any[]).find(
      (t) => t.clientId === clientId,
    )
    expect(listed.status).toBe('pending')

    // No access token: the services need one, so they are closed too.
    const refused = await requestToken(clientId)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      error: 'unauthorized_client',
      code: 'LTI_TOOL_PENDING_APPROVAL',
    })

    // No launch: neither from the course page nor at the authentication endpoint.
    const courseId = await platform.createCourse()
    const learner = await platform.createUser()
    await platform.enroll(courseId, learner.id, ['Learner'])
    const link = await platform.addLink(courseId, { toolId: listed.id, title: 'Pending activity' })
    const cookie = await platform.signIn(learner)
    const launchPath = `/courses/${courseId}/links/${link.id}/launch`
    const launch = await asJson(launchPath, cookie)
    expect(launch.status).toBe(403)
    expect(((await launch.json()) as any).error.code).toBe('LTI_TOOL_PENDING_APPROVAL')
    const authorize = await asJson(
      `/lti/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: `${toolBase}/launch` })}`,
      cookie,
    )
    expect(authorize.status).toBe(403)
    expect(((await authorize.json()) as any).error.code).toBe('LTI_TOOL_PENDING_APPROVAL')

    const approved = await platform.api(`/tools/${listed.id}/approve`, { method: 'POST' })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ id: listed.id, status: 'active' })

    const granted = await requestToken(clientId)
    expect(granted.status).toBe(200)
    expect(await granted.json()).toMatchObject({ scope: SCOPE.agsScore })
    const launched = await asJson(launchPath, cookie)
    expect(launched.status).toBe(302)
    expect(launched.headers.get('location')).toMatch(new RegExp(`^${toolBase}/login\\?`))
  })

  it('approves for admins only, and only tools that exist', async () => {
    const missing = await platform.api('/tools/no-such-tool/approve', { method: 'POST' })
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('LTI_TOOL_NOT_FOUND')
    const anonymous = await platform.api('/tools/no-such-tool/approve', {
      method: 'POST',
      token: null,
    })
    expect(anonymous.status).toBe(401)
  })

  describe('admin pages', () => {
    const form = (path: string, fields: Record<string, string>, cookie?: string) =>
      fetch(`${platform.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(cookie ? { cookie } : {}),
        },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      })
    const adminCookie = async () => {
      const res = await form('/admin/login', {
        token: platform.adminToken,
        next: '/admin/tools/register',
      })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe('/admin/tools/register')
      const set = res.headers.getSetCookie().find((v) => v.startsWith(`${ADMIN_SESSION_COOKIE}=`))
      expect(set).toMatch(/; HttpOnly/)
      expect(set).toMatch(/; SameSite=Strict/)
      expect(set).toMatch(/; Path=\/admin/)
      return (set as string).split(';')[0] as string
    }
    const iframeSrc = (html: string) =>
      /<iframe[^>]*\ssrc="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&')

    it('need the admin sign-in, with the admin token', async () => {
      const anonymous = await platform.get('/admin/tools/register')
      expect(anonymous.status).toBe(303)
      expect(anonymous.headers.get('location')).toBe(
        `/admin/login?next=${encodeURIComponent('/admin/tools/register')}`,
      )
      const post = await form('/admin/tools/register', { registrationUrl: `${toolBase}/register` })
      expect(post.status).toBe(303)
      expect(post.headers.get('location')).toBe('/admin/login')
      // The session of a user who is not an LMS admin gets a 403 page; a forged admin cookie is
      // no admin session.
      const user = await platform.createUser()
      const userCookie = await platform.signIn(user)
      const refused = await platform.get('/admin/tools', userCookie)
      expect(refused.status).toBe(403)
      expect(await refused.text()).toContain('data-code="LTI_LMS_ADMIN_REQUIRED"')
      const forged = `${ADMIN_SESSION_COOKIE}=${userCookie.split('=')[1]}`
      expect((await platform.get('/admin/tools', forged)).status).toBe(303)

      const wrong = await form('/admin/login', { token: 'not-the-admin-token-at-all' })
      expect(wrong.status).toBe(401)
      expect(wrong.headers.getSetCookie()).toEqual([])
      const page = await platform.get('/admin/tools/register', await adminCookie())
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('name="registrationUrl"')
    })

    it('open the tool registration URL in a frame with a usable registration token', async () => {
      const cookie = await adminCookie()
      const res = await form(
        '/admin/tools/register',
        { registrationUrl: `${toolBase}/register?vendor=x` },
        cookie,
      )
      expect(res.status).toBe(200)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain(`frame-src ${toolBase};`)
      const html = await res.text()
      expect(html).toContain('src="/static/tool-registration.js"')
      const src = new URL(iframeSrc(html) ?? '')
      expect(src.origin + src.pathname).toBe(`${toolBase}/register`)
      expect(src.searchParams.get('vendor')).toBe('x')
      expect(src.searchParams.get('openid_configuration')).toBe(
        `${platform.url}/.well-known/openid-configuration`,
      )
      // The token in the frame is the one the tool registers with.
      const clientId = await register(src.searchParams.get('registration_token') ?? '')
      const tools = (await platform.get('/admin/tools', cookie).then((r) => r.text())) as string
      expect(tools).toContain(clientId)

      const script = await fetch(`${platform.url}/static/tool-registration.js`)
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
      expect(await script.text()).toContain("m.subject !== 'org.imsglobal.lti.close'")
    })

    it('refuse unacceptable URLs and cross-site posts', async () => {
      const cookie = await adminCookie()
      const insecure = await form(
        '/admin/tools/register',
        { registrationUrl: 'http://tool.example/register' },
        cookie,
      )
      expect(insecure.status).toBe(400)
      const html = await insecure.text()
      expect(html).toContain('data-testid="registration-error"')
      expect(iframeSrc(html)).toBeUndefined()
      const crossSite = await fetch(`${platform.url}/admin/tools/register`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
          accept: 'application/json',
          cookie,
        },
        body: new URLSearchParams({ registrationUrl: `${toolBase}/register` }).toString(),
      })
      expect(crossSite.status).toBe(400)
      expect(((await crossSite.json()) as any).error.code).toBe('LTI_REQUEST_INVALID')
    })

    it('approve a pending tool from the tools list', async () => {
      const clientId = await register(await registrationToken())
      const cookie = await adminCookie()
      const page = await (await platform.get('/admin/tools', cookie)).text()
      const id = ((await platform.api('/tools')).body as any[]).find((t) => t.clientId === clientId)
        .id as string
      expect(page).toContain(`action="/admin/tools/${id}/approve"`)
      const res = await form(`/admin/tools/${id}/approve`, {}, cookie)
      expect(res.status).toBe(303)
      expect((await platform.api(`/tools/${id}`)).body.status).toBe('active')
      expect((await requestToken(clientId)).status).toBe(200)
    })

    it('reject a pending tool from the tools list: it is disabled, and enabling it is a choice', async () => {
      const clientId = await register(await registrationToken())
      const cookie = await adminCookie()
      const page = await (await platform.get('/admin/tools', cookie)).text()
      const id = ((await platform.api('/tools')).body as any[]).find((t) => t.clientId === clientId)
        .id as string
      expect(page).toContain(`action="/admin/tools/${id}/disable"`)
      expect(page).toContain(`aria-label="Reject `)
      const res = await form(`/admin/tools/${id}/disable`, {}, cookie)
      expect(res.status).toBe(303)
      expect((await platform.api(`/tools/${id}`)).body.status).toBe('disabled')
      const refused = await requestToken(clientId)
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({ error: 'unauthorized_client' })
      // Approval is for pending tools only: a rejected tool is not approved back in.
      await form(`/admin/tools/${id}/approve`, {}, cookie)
      expect((await platform.api(`/tools/${id}`)).body.status).toBe('disabled')
    })
  })
})
