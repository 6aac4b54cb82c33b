/**
 * The tool admin's browser pages: sign-in with the admin token, a workspace's LTI settings page,
 * and generating a registration URL there that the LMS can open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/core/ports.js'
import { TOOL_ADMIN_SESSION_COOKIE } from '../../src/web/tool-admin-session.js'
import { DIALECTS } from '../support/databases.js'
import { startFakeRegistrationPlatform } from '../support/fake-registration-platform.js'
import type { FakeRegistrationPlatform } from '../support/fake-registration-platform.js'
import { ADMIN_TOKEN, startTestTool } from '../support/tool-harness.js'
import type { TestTool } from '../support/tool-harness.js'

const FORM = 'application/x-www-form-urlencoded'
let counter = 0

describe.each(DIALECTS)('tool admin pages on %s', (dialect) => {
  let tool: TestTool
  let platform: FakeRegistrationPlatform
  const now = Date.parse('2026-03-04T05:06:07.000Z')
  const clock: Clock = { now: () => now }
  let base: string
  let ws: { id: string; slug: string }

  beforeAll(async () => {
    platform = await startFakeRegistrationPlatform()
    // Never called: the test stops at the registration page, before any launch.
    platform.endpoints = {
      authorization: `${platform.base}/auth`,
      token: `${platform.base}/token`,
      jwks: `${platform.base}/jwks`,
    }
    tool = await startTestTool(dialect, { clock })
    base = tool.server.url
    const slug = `admin-pages-${process.pid}-${++counter}`
    const created = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Roleplays', slug },
    })
    expect(created.status).toBe(201)
    ws = { id: created.body.id, slug }
    const connected = await tool.api(`/workspaces/${slug}/lti/platforms`, {
      method: 'POST',
      body: {
        name: 'Campus LMS',
        issuer: 'https://lms.example.edu',
        clientId: 'client-admin-pages',
        deploymentIds: ['dep-1'],
        authenticationRequestUrl: 'https://lms.example.edu/auth',
        accessTokenUrl: 'https://lms.example.edu/token',
        jwksUrl: 'https://lms.example.edu/jwks',
      },
    })
    expect(connected.status).toBe(201)
  })
  afterAll(async () => {
    await platform?.close()
    await tool?.close()
  })

  const get = (path: string, cookie?: string) =>
    fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
  const form = (
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': FORM, ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    })
  const signIn = async (next?: string) => {
    const res = await form('/admin/login', { token: ADMIN_TOKEN, ...(next ? { next } : {}) })
    expect(res.status).toBe(303)
    const set = res.headers
      .getSetCookie()
      .find((v) => v.startsWith(`${TOOL_ADMIN_SESSION_COOKIE}=`))
    expect(set).toBeDefined()
    return { res, set: set as string, cookie: (set as string).split(';')[0] as string }
  }
  const settingsPath = () => `/admin/workspaces/${ws.slug}/lti`
  const generatePath = () => `/admin/workspaces/${ws.id}/lti/registrations`

  it('redirect to the sign-in without the admin cookie', async () => {
    const page = await get(settingsPath())
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe(
      `/admin/login?next=${encodeURIComponent(settingsPath())}`,
    )
    const post = await form(generatePath(), {})
    expect(post.status).toBe(303)
    expect(post.headers.get('location')).toBe('/admin/login')
    // A forged cookie (any other sealed token) is no session.
    const forged = await get(settingsPath(), `${TOOL_ADMIN_SESSION_COOKIE}=e30.AAAA`)
    expect(forged.status).toBe(303)
    const login = await get('/admin/login')
    expect(login.status).toBe(200)
    expect(await login.text()).toContain('name="token"')
  })

  it('refuse a wrong admin token with 401 and no cookie', async () => {
    const wrong = await form('/admin/login', { token: 'not-the-admin-token-at-all' })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.getSetCookie()).toEqual([])
    expect(await wrong.text()).toContain('data-testid="admin-sign-in-error"')
  })

  it('sign in with an HttpOnly, SameSite=Strict cookie under /admin and follow next', async () => {
    const { res, set } = await signIn(settingsPath())
    expect(res.headers.get('location')).toBe(settingsPath())
    expect(set).toMatch(/; HttpOnly/)
    expect(set).toMatch(/; SameSite=Strict/)
    expect(set).toMatch(/; Path=\/admin(;|$)/)
    // Plain HTTP here: a Secure cookie would never come back.
    expect(set).not.toMatch(/; Secure/)
    // Another site is never followed after the sign-in.
    const elsewhere = await signIn('//evil.example/admin/')
    expect(elsewhere.res.headers.get('location')).toBe('/admin/workspaces')
  })

  it('show the endpoints the API gives and the connected LMSes', async () => {
    const { cookie } = await signIn()
    const page = await get(settingsPath(), cookie)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    const html = await page.text()
    const endpoints = (await tool.api(`/workspaces/${ws.slug}/lti/endpoints`)).body
    const ids = {
      oidcLoginUrl: 'endpoint-login',
      launchUrl: 'endpoint-launch',
      jwksUrl: 'endpoint-jwks',
      openidConfigurationUrl: 'endpoint-openid-configuration',
    }
    for (const [key, id] of Object.entries(ids)) {
      expect(endpoints[key]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lti\//)
      expect(html).toContain(`id="${id}" type="text" readonly="" value="${endpoints[key]}"`)
      expect(html).toContain(`data-copy-target="${id}"`)
    }
    expect(html).toContain('https://lms.example.edu')
    expect(html).toContain('client-admin-pages')
    expect(html).toContain(`action="/admin/workspaces/${ws.slug}/lti/registrations#dynamic"`)
    expect(html).not.toContain('data-testid="registration-url"')
    const list = await get('/admin/workspaces', cookie)
    expect(await list.text()).toContain(`href="/admin/workspaces/${ws.slug}/lti"`)
  })

  it('generate a registration URL the LMS can open, with its expiry and a copy button', async () => {
    const { cookie } = await signIn()
    const res = await form(generatePath(), {}, { cookie })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    const url = /id="registration-url" type="text" readonly="" value="([^"]+)"/
      .exec(html)?.[1]
      ?.replace(/&amp;/g, '&')
    expect(url).toBeDefined()
    expect(html).toContain(`datetime="${new Date(now + 3600_000).toISOString()}"`)
    expect(html).toContain('data-copy-target="registration-url"')
    expect(html).toContain('src="/static/copy-button.js"')

    // The LMS opens it with its configuration and token: the registration page answers.
    const opened = new URL(url as string)
    expect(opened.pathname).toBe(`/lti/${ws.id}/register`)
    opened.searchParams.set('openid_configuration', platform.configUrl)
    opened.searchParams.set('registration_token', platform.registrationToken)
    const page = await fetch(opened)
    const pageHtml = await page.text()
    expect(page.status, pageHtml).toBe(200)
    expect(pageHtml).toContain(platform.base)
    expect(pageHtml).toContain('name="confirmation"')
  })

  it('refuse a cross-site generate post', async () => {
    const { cookie } = await signIn()
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of crossSite) {
      const res = await fetch(`${base}${generatePath()}`, {
        method: 'POST',
        headers: { 'content-type': FORM, accept: 'application/json', cookie, ...headers },
        body: '',
        redirect: 'manual',
      })
      expect(res.status).toBe(400)
      expect(((await res.json()) as any).error.code).toBe('LTI_REQUEST_INVALID')
    }
  })

  it('serve the copy script as JavaScript', async () => {
    const script = await fetch(`${base}/static/copy-button.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
    const text = await script.text()
    expect(text).toContain('navigator.clipboard.writeText')
    expect(text).toContain('.select()')
  })
})
