/**
 * The platform's admin pages as a person uses them: an LMS admin user (or the admin token)
 * reaches them, anybody else signed in gets a 403 page; registering a tool by hand shows the
 * platform details to paste into the tool, with field-level errors first; disabling a tool
 * refuses its launches and access tokens with LTI_TOOL_DISABLED, and enabling it restores both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_SESSION_COOKIE } from '../../src/web/platform-admin-session.js'
import { DIALECTS } from '../support/databases.js'
import { pageFormToken, startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../support/platform-harness.js'
import { startToolKeySet } from '../support/tool-key-set.js'
import type { ToolKeySet } from '../support/tool-key-set.js'

/** The value of an attribute of the first element matching `testid`. */
const valueOf = (html: string, testid: string) =>
  new RegExp(`<input[^>]*value="([^"]*)"[^>]*data-testid="${testid}"`).exec(html)?.[1]

describe.each(DIALECTS)('platform admin pages (%s)', (dialect) => {
  let platform: TestPlatform
  let toolKeys: ToolKeySet
  let toolBase: string
  let admin: TestUser
  let member: TestUser
  let adminCookie: string
  let memberCookie: string

  beforeAll(async () => {
    // The tool's key set on loopback, for client assertions at the token endpoint.
    toolKeys = await startToolKeySet('ui-k1')
    toolBase = toolKeys.base
    platform = await startTestPlatform(dialect)
    const created = await platform.api('/users', {
      method: 'POST',
      body: { name: 'Ada Admin', email: `admin-${dialect}@example.test`, password: 'admin-pass-1' },
    })
    expect(created.status).toBe(201)
    // The API's `admin` flag: a second user, an admin this time.
    const adminBody = {
      name: 'Alma Admin',
      email: `alma-${dialect}@example.test`,
      password: 'admin-pass-2',
      admin: true,
    }
    const madeAdmin = await platform.api('/users', { method: 'POST', body: adminBody })
    expect(madeAdmin.status).toBe(201)
    admin = { id: madeAdmin.body.id, ...adminBody }
    member = {
      id: created.body.id,
      name: 'Ada Admin',
      email: `admin-${dialect}@example.test`,
      password: 'admin-pass-1',
    }
    ;[adminCookie, memberCookie] = await Promise.all([
      platform.signIn(admin),
      platform.signIn(member),
    ])
  })
  afterAll(async () => {
    await platform?.close()
    await toolKeys?.close()
  })

  const adminPage = async (path: string) => {
    const response = await platform.get(path, adminCookie)
    expect(response.status, path).toBe(200)
    return response.text()
  }
  /** Posts an admin form with the admin user's session and the page's token. */
  const adminPost = async (path: string, fields: Record<string, string> = {}) => {
    const token = pageFormToken(await adminPage('/admin/tools/new'))
    return platform.postForm(path, { csrf: token, ...fields }, { cookie: adminCookie })
  }

  describe('who reaches them', () => {
    it('lets an LMS admin user in, with clickjacking protection, and shows Admin in the nav', async () => {
      const response = await platform.get('/admin/tools', adminCookie)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(response.headers.get('content-security-policy')).toContain("style-src 'self'")
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      const html = await response.text()
      expect(html).toContain('Alma Admin')
      expect(html).toContain('href="/assets/platform.css"')
      expect(html).not.toMatch(/<style|\sstyle="/)
      const home = await (await platform.get('/', adminCookie)).text()
      expect(home).toContain('data-testid="nav-admin"')
    })

    it("keeps frame-ancestors 'none' on an admin page's error page", async () => {
      const response = await platform.get(`/admin/tools/${crypto.randomUUID()}`, adminCookie)
      expect(response.status).toBe(404)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain("frame-ancestors 'self'")
      expect(csp).not.toContain('unsafe-inline')
    })

    it('gives a signed-in user who is not an admin a clear 403 page, and no Admin link', async () => {
      const response = await platform.get('/admin/tools/new', memberCookie)
      expect(response.status).toBe(403)
      const html = await response.text()
      expect(html).toContain('Admin access required')
      expect(html).toContain('data-code="LTI_LMS_ADMIN_REQUIRED"')
      expect(html).not.toContain('name="oidcLoginUrl"')
      const refused = await platform.postForm(
        '/admin/tools/new',
        { name: 'x' },
        { cookie: memberCookie },
      )
      expect(refused.status).toBe(403)
      const home = await (await platform.get('/', memberCookie)).text()
      expect(home).not.toContain('data-testid="nav-admin"')
    })

    it('sends a visitor to the admin sign-in, which offers the account sign-in too', async () => {
      const response = await platform.get('/admin/tools')
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Ftools')
      const login = await (await platform.get('/admin/login?next=%2Fadmin%2Ftools')).text()
      expect(login).toContain('href="/login?next=%2Fadmin%2Ftools"')
    })

    it('still lets the admin token in', async () => {
      const signIn = await platform.postForm('/admin/login', {
        token: platform.adminToken,
        next: '/admin/tools',
      })
      const cookie = signIn.headers
        .getSetCookie()
        .find((v) => v.startsWith(`${ADMIN_SESSION_COOKIE}=`))
        ?.split(';')[0]
      const page = await platform.get('/admin/tools', cookie)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('Signed in with the admin token')
    })

    it("refuses an admin user's form without the page's token, and a cross-site post", async () => {
      const tool = await platform.registerTool(toolBase, { name: 'Token check' })
      const bare = await platform.postForm(
        `/admin/tools/${tool.id}/disable`,
        {},
        { cookie: adminCookie, accept: 'application/json' },
      )
      expect(bare.status).toBe(400)
      expect((await bare.json()).error.code).toBe('LTI_REQUEST_INVALID')
      const token = pageFormToken(await adminPage('/admin/tools/new'))
      const crossSite = await platform.postForm(
        `/admin/tools/${tool.id}/disable`,
        { csrf: token },
        { cookie: adminCookie, origin: 'https://evil.example', accept: 'application/json' },
      )
      expect(crossSite.status).toBe(400)
      expect((await platform.api(`/tools/${tool.id}`)).body.status).toBe('active')
    })
  })

  describe('registering a tool by hand', () => {
    const valid = () => ({
      name: 'Roleplay Trainer',
      oidcLoginUrl: `${toolBase}/login`,
      targetLinkUri: `${toolBase}/launch`,
      redirectUris: `${toolBase}/launch\n\n${toolBase}/launch2\n`,
      jwksUrl: `${toolBase}/jwks`,
      deepLinkingUrl: `${toolBase}/deep-linking`,
      customParameters: 'scenario_id=negotiation-basics\n# a comment\nlevel = 2',
      sendName: 'on',
      ags: 'on',
      deepLinking: 'on',
    })

    it('shows the form with a label for every field', async () => {
      const html = await adminPage('/admin/tools/new')
      for (const name of ['name', 'oidcLoginUrl', 'targetLinkUri', 'redirectUris', 'jwksUrl']) {
        expect(html, name).toContain(`<label for="field-${name}"`)
        expect(html, name).toContain(`id="field-${name}"`)
      }
      for (const name of ['sendName', 'sendEmail', 'ags', 'nrps', 'deepLinking']) {
        expect(html, name).toMatch(new RegExp(`type="checkbox" id="field-${name}" name="${name}"`))
      }
    })

    it('answers each wrong field with its own message, keeping what was typed', async () => {
      const response = await adminPost('/admin/tools/new', {
        ...valid(),
        name: '',
        oidcLoginUrl: 'not a url',
        customParameters: 'scenario_id=ok\njust-a-key',
      })
      expect(response.status).toBe(400)
      const html = await response.text()
      expect(html).toContain('data-testid="form-errors"')
      for (const field of ['name', 'oidcLoginUrl', 'customParameters']) {
        expect(html, field).toContain(`data-error-for="${field}"`)
      }
      expect(html).not.toContain('data-error-for="jwksUrl"')
      expect(html).toContain('line 2: write it as key=value')
      expect(html).toContain(`value="${toolBase}/jwks"`)
      expect(html).toMatch(/id="field-oidcLoginUrl"[^>]*aria-invalid="true"/)
      const names = ((await platform.api('/tools')).body as { name: string }[]).map((t) => t.name)
      expect(names).not.toContain('Roleplay Trainer')
    })

    it('refuses a bad custom parameter name and a bad redirect URI by line', async () => {
      const response = await adminPost('/admin/tools/new', {
        ...valid(),
        customParameters: 'bad key=1',
        redirectUris: `${toolBase}/launch\nnope`,
      })
      expect(response.status).toBe(400)
      const html = await response.text()
      expect(html).toContain('data-error-for="customParameters"')
      expect(html).toMatch(/data-error-for="redirectUris"[^>]*>line 2: /)
    })

    it('registers the tool and shows the platform details with Copy buttons', async () => {
      const response = await adminPost('/admin/tools/new', valid())
      expect(response.status).toBe(303)
      const location = response.headers.get('location') ?? ''
      expect(location).toMatch(/^\/admin\/tools\/[0-9a-f-]{36}\?registered=1$/)
      const id = location.split('/')[3]?.split('?')[0] as string
      const stored = (await platform.api(`/tools/${id}`)).body
      expect(stored).toMatchObject({
        name: 'Roleplay Trainer',
        status: 'active',
        tool: {
          redirectUris: [`${toolBase}/launch`, `${toolBase}/launch2`],
          customParameters: { scenario_id: 'negotiation-basics', level: '2' },
          privacy: { sendName: true, sendEmail: false },
          services: { nrps: false, deepLinking: true },
        },
      })
      expect(stored.tool.services.ags.length).toBeGreaterThan(0)

      const html = await adminPage(location)
      expect(html).toContain('data-testid="tool-registered"')
      const expected = {
        issuer: platform.url,
        'client-id': stored.clientId,
        'deployment-id': stored.deploymentId,
        'authentication-request-url': `${platform.url}/lti/authorize`,
        'access-token-url': `${platform.url}/lti/token`,
        'jwks-url': `${platform.url}/lti/jwks`,
      }
      for (const [name, value] of Object.entries(expected)) {
        expect(valueOf(html, `platform-detail-${name}`), name).toBe(value)
        expect(html, name).toContain(`data-copy-target="detail-${name}"`)
        expect(html, name).toContain(`data-testid="copy-${name}"`)
      }
      expect(html).toContain('src="/static/copy-button.js"')
      const script = await fetch(`${platform.url}/static/copy-button.js`)
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
      expect(await script.text()).toContain('data-copy-target')
    })

    it('lists tools with status, client ID and deployment ID', async () => {
      const tool = await platform.registerTool(toolBase, { name: 'Listed tool' })
      const html = await adminPage('/admin/tools')
      const row = html.slice(html.indexOf(`data-tool-id="${tool.id}"`))
      expect(html).toContain('data-testid="tool-row"')
      expect(row).toContain(tool.clientId)
      expect(row).toContain(tool.deploymentId)
      expect(row).toContain('data-testid="disable-tool"')
    })
  })

  describe('disabling and enabling a tool', () => {
    const requestToken = (clientId: string) => toolKeys.requestToken(platform.url, clientId)
    const asJson = (path: string, cookie: string) =>
      fetch(`${platform.url}${path}`, {
        headers: { cookie, accept: 'application/json' },
        redirect: 'manual',
      })

    it('refuses launches and tokens with LTI_TOOL_DISABLED, and enabling restores them', async () => {
      const tool = await platform.registerTool(toolBase, { name: 'Switchable' })
      const course = await platform.createCourse()
      const learner = await platform.createUser()
      await platform.enroll(course, learner.id, ['Learner'])
      const link = await platform.addLink(course, { toolId: tool.id, title: 'Switch activity' })
      const cookie = await platform.signIn(learner)
      const launchPath = `/courses/${course}/links/${link.id}/launch`
      expect((await asJson(launchPath, cookie)).status).toBe(302)
      expect((await requestToken(tool.clientId)).status).toBe(200)

      const disabled = await adminPost(`/admin/tools/${tool.id}/disable`)
      expect(disabled.status).toBe(303)
      expect(disabled.headers.get('location')).toBe(`/admin/tools?done=disable&tool=${tool.id}`)
      const list = await adminPage(disabled.headers.get('location') ?? '')
      expect(list).toContain('data-testid="admin-notice"')
      const row = list.slice(list.indexOf(`data-tool-id="${tool.id}"`))
      expect(row).toMatch(/^data-tool-id="[^"]+" data-status="disabled"/)
      expect(row).toContain('data-testid="enable-tool"')

      const launch = await asJson(launchPath, cookie)
      expect(launch.status).toBe(403)
      expect((await launch.json()).error.code).toBe('LTI_TOOL_DISABLED')
      const page = await platform.get(`/courses/${course}/links/${link.id}`, cookie)
      expect(page.status).toBe(403)
      expect(await page.text()).not.toContain('<iframe')
      const token = await requestToken(tool.clientId)
      expect(token.status).toBe(400)
      expect(await token.json()).toMatchObject({
        error: 'unauthorized_client',
        code: 'LTI_TOOL_DISABLED',
      })
      // A disabled tool cannot be approved back in: approval is for pending tools.
      expect(
        (await platform.api(`/tools/${tool.id}/approve`, { method: 'POST' })).body.status,
      ).toBe('disabled')

      const enabled = await adminPost(`/admin/tools/${tool.id}/enable`)
      expect(enabled.status).toBe(303)
      expect((await asJson(launchPath, cookie)).status).toBe(302)
      expect((await requestToken(tool.clientId)).status).toBe(200)
    })

    it('disables and enables through the admin API too', async () => {
      const tool = await platform.registerTool(toolBase, { name: 'API switch' })
      const off = await platform.api(`/tools/${tool.id}/disable`, { method: 'POST' })
      expect(off.status).toBe(200)
      expect(off.body.status).toBe('disabled')
      expect((await requestToken(tool.clientId)).status).toBe(400)
      const on = await platform.api(`/tools/${tool.id}/enable`, { method: 'POST' })
      expect(on.body.status).toBe('active')
      const missing = await platform.api('/tools/no-such-tool/disable', { method: 'POST' })
      expect(missing.status).toBe(404)
      expect(
        (await platform.api(`/tools/${tool.id}/disable`, { method: 'POST', token: null })).status,
      ).toBe(401)
    })
  })
})
