/** The admin page of LTI 1.1 tools on a running platform server: list, register, refuse. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_SESSION_COOKIE } from '../../src/web/platform-admin-session.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform } from '../support/platform-harness.js'

describe('LTI 1.1 tools admin page', () => {
  let platform: TestPlatform
  let admin: string
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite')
    const signIn = await post('/admin/login', { token: platform.adminToken })
    admin = (
      signIn.headers.getSetCookie().find((v) => v.startsWith(`${ADMIN_SESSION_COOKIE}=`)) ?? ''
    ).split(';')[0] as string
    expect(admin).toMatch(/=.+/)
  })
  afterAll(async () => {
    await platform?.close()
  })

  function post(path: string, fields: Record<string, string>, cookie?: string) {
    return fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: platform.url,
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    })
  }

  const valid = {
    name: 'Legacy quiz',
    launchUrl: 'http://127.0.0.1:9/lti11',
    consumerKey: 'page-key',
    sharedSecret: 'page-secret-123',
    customParameters: 'chapter=$Context.id\n# a comment\nlevel = 2',
    sendName: 'on',
  }

  it('sends strangers to the admin sign-in', async () => {
    const page = await platform.get('/admin/lti11-tools')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe(
      `/admin/login?next=${encodeURIComponent('/admin/lti11-tools')}`,
    )
    const posted = await post('/admin/lti11-tools', valid)
    expect(posted.status).toBe(303)
    expect(await platform.stores.lti11Tools.findLti11ToolByConsumerKey('page-key')).toBeUndefined()
  })

  it('shows an empty state, then registers a tool and lists it', async () => {
    const empty = await platform.get('/admin/lti11-tools', admin)
    expect(empty.status).toBe(200)
    expect(empty.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    const emptyHtml = await empty.text()
    expect(emptyHtml).toContain('data-testid="no-lti11-tools"')
    expect(emptyHtml).toMatch(/<label for="field-sharedSecret">/)

    const created = await post('/admin/lti11-tools', valid, admin)
    expect(created.status).toBe(303)
    const tool = await platform.stores.lti11Tools.findLti11ToolByConsumerKey('page-key')
    expect(tool).toMatchObject({
      name: 'Legacy quiz',
      launchUrl: 'http://127.0.0.1:9/lti11',
      customParameters: { chapter: '$Context.id', level: '2' },
      privacy: { sendName: true, sendEmail: false },
    })
    expect(created.headers.get('location')).toBe(`/admin/lti11-tools?registered=${tool?.id}`)
    const listed = await (await platform.get(created.headers.get('location') ?? '', admin)).text()
    expect(listed).toContain('data-testid="admin-notice"')
    expect(listed).toContain(`data-tool-id="${tool?.id}"`)
    expect(listed).not.toContain('page-secret-123')
  })

  it('keeps what was typed, but never the secret, and names each problem', async () => {
    const refused = await post(
      '/admin/lti11-tools',
      { ...valid, consumerKey: 'page-key', launchUrl: 'not a url', customParameters: 'novalue' },
      admin,
    )
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('data-testid="form-errors"')
    for (const field of ['launchUrl', 'customParameters']) {
      expect(html).toContain(`data-error-for="${field}"`)
    }
    expect(html).toContain('value="Legacy quiz"')
    expect(html).not.toContain('page-secret-123')
    const duplicate = await post('/admin/lti11-tools', valid, admin)
    expect(duplicate.status).toBe(400)
    expect(await duplicate.text()).toContain('data-error-for="consumerKey"')
  })

  it('refuses a cross-site form post', async () => {
    const response = await fetch(`${platform.url}/admin/lti11-tools`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        cookie: admin,
      },
      body: new URLSearchParams({ ...valid, consumerKey: 'evil' }).toString(),
      redirect: 'manual',
    })
    expect(response.status).toBe(400)
    expect(await platform.stores.lti11Tools.findLti11ToolByConsumerKey('evil')).toBeUndefined()
  })
})
