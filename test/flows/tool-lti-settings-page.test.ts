/**
 * A workspace admin's LTI 1.3 settings page: connecting an LMS with the manual form (field
 * errors, values kept, the API's duplicate rule, the confirmation), the connected LMSes with
 * their relative time, and removing one after a confirmation page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/core/ports.js'
import { adminPagesClient } from '../support/admin-pages-client.js'
import type { AdminPagesClient } from '../support/admin-pages-client.js'
import { DIALECTS } from '../support/databases.js'
import { startTestTool } from '../support/tool-harness.js'
import type { TestTool } from '../support/tool-harness.js'

const PASSWORD = 'a long enough password'
const START = Date.parse('2026-03-04T05:06:07.000Z')

const LMS = {
  name: 'Campus LMS',
  issuer: 'https://lms.example.edu',
  clientId: 'client-settings-page',
  deploymentIds: 'dep-1, dep-2\ndep-3',
  authenticationRequestUrl: 'https://lms.example.edu/auth',
  accessTokenUrl: 'https://lms.example.edu/token',
  jwksUrl: 'https://lms.example.edu/jwks',
}

describe.each(DIALECTS)('the LTI settings page on %s', (dialect) => {
  let now = START
  const clock: Clock = { now: () => now }
  let tool: TestTool
  let pages: AdminPagesClient
  let cookie: string
  const slug = `settings-${process.pid}`
  const lti = `/admin/workspaces/${slug}/lti`

  beforeAll(async () => {
    tool = await startTestTool(dialect, { clock })
    pages = adminPagesClient(tool.server.url, tool.api)
    expect(
      (await tool.api('/workspaces', { method: 'POST', body: { name: 'Settings', slug } })).status,
    ).toBe(201)
    await pages.createAdmin(slug, { email: 'lin@example.edu', name: 'Lin', password: PASSWORD })
    cookie = (await pages.signIn('lin@example.edu', PASSWORD)).cookie
  })
  afterAll(() => tool?.close())

  const platforms = async () => (await tool.api(`/workspaces/${slug}/lti/platforms`)).body as any[]

  it('shows an empty state before any LMS is connected', async () => {
    const html = await (await pages.get(lti, cookie)).text()
    expect(html).toContain('data-testid="no-platforms"')
    expect(html).not.toContain('data-testid="remove-lms"')
    for (const id of [
      'name',
      'issuer',
      'clientId',
      'deploymentIds',
      'authenticationRequestUrl',
      'accessTokenUrl',
      'jwksUrl',
    ]) {
      expect(html).toMatch(new RegExp(`<label for="${id}">`))
      expect(html).toContain(`id="${id}"`)
    }
    expect(html).toContain('>Save LTI configuration</button>')
  })

  it('shows each refused field its own message, keeps the values and saves nothing', async () => {
    const res = await pages.post(
      `${lti}/platforms`,
      { ...LMS, name: '  ', issuer: 'http://lms.example.edu', jwksUrl: 'not a url' },
      { cookie },
    )
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('data-testid="field-error-name"')
    expect(html).toMatch(/data-testid="field-error-issuer">Must be an https:\/\/ URL\.</)
    expect(html).toContain('data-testid="field-error-jwksUrl"')
    expect(html).not.toContain('data-testid="field-error-clientId"')
    expect(html).toContain('data-testid="form-errors"')
    // Values typed stay; the invalid field says so to assistive technology too.
    expect(html).toContain('value="http://lms.example.edu"')
    expect(html).toContain(`value="${LMS.clientId}"`)
    expect(html).toContain('dep-1, dep-2\ndep-3</textarea>')
    expect(html).toMatch(/id="issuer"[^>]*aria-describedby="hint-issuer error-issuer"/)
    expect(html).toMatch(/id="issuer"[^>]*aria-invalid="true"/)
    expect(html).not.toContain('data-testid="notice"')
    expect(await platforms()).toEqual([])
  })

  it('saves a valid connection: redirect with "LTI configuration saved", and lists it', async () => {
    const res = await pages.post(`${lti}/platforms`, LMS, { cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${lti}?notice=saved#main`)
    const [saved] = await platforms()
    expect(saved).toMatchObject({
      name: 'Campus LMS',
      issuer: LMS.issuer,
      clientId: LMS.clientId,
      deploymentIds: ['dep-1', 'dep-2', 'dep-3'],
    })

    now = START + 3 * 60_000
    const html = await (await pages.get(`${lti}?notice=saved`, cookie)).text()
    expect(html).toMatch(/data-testid="notice">LTI configuration saved</)
    expect(html).toContain('data-testid="platform"')
    expect(html).toContain(
      `<a href="${LMS.issuer}" target="_blank" rel="noopener noreferrer">${LMS.issuer}</a>`,
    )
    expect(html).toMatch(
      /<time datetime="2026-03-04T05:06:07.000Z" title="2026-03-04 05:06 UTC">3 minutes ago<\/time>/,
    )
    expect(html).toContain('data-testid="remove-lms"')
    // A notice is picked by key: any other text in the query shows nothing.
    const forged = await (await pages.get(`${lti}?notice=you+were+hacked`, cookie)).text()
    expect(forged).not.toContain('data-testid="notice"')
  })

  it('refuses the same issuer and client ID again, next to the client ID: 409', async () => {
    const res = await pages.post(`${lti}/platforms`, { ...LMS, name: 'Again' }, { cookie })
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('data-testid="field-error-clientId"')
    expect(html).toContain('value="Again"')
    expect(await platforms()).toHaveLength(1)
  })

  it('shows a generated registration URL with its expiry and a copy button', async () => {
    const res = await pages.post(`${lti}/registrations`, {}, { cookie })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/id="registration-url" type="text" readonly="" value="http:\/\/[^"]+"/)
    expect(html).toContain('data-testid="registration-url"')
    expect(html).toContain('data-copy-target="registration-url"')
    expect(html).toContain(`datetime="${new Date(now + 3600_000).toISOString()}"`)
    expect(html).toContain('in 1 hour')
  })

  it('removes an LMS only after the confirmation page', async () => {
    const [platform] = await platforms()
    const confirmPath = `${lti}/platforms/${platform.id}/remove`
    const page = await pages.get(confirmPath, cookie)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Remove Campus LMS?')
    expect(html).toContain(`action="${confirmPath}"`)
    expect(html).toContain('data-testid="confirm-remove"')
    // Opening the confirmation removed nothing.
    expect(await platforms()).toHaveLength(1)

    const crossSite = await pages.post(
      confirmPath,
      {},
      { cookie, headers: { origin: 'https://evil.example', accept: 'application/json' } },
    )
    expect(crossSite.status).toBe(400)
    expect(await platforms()).toHaveLength(1)

    const removed = await pages.post(confirmPath, {}, { cookie })
    expect(removed.status).toBe(303)
    expect(removed.headers.get('location')).toBe(`${lti}?notice=removed#main`)
    expect(await platforms()).toEqual([])
    const after = await (await pages.get(`${lti}?notice=removed`, cookie)).text()
    expect(after).toMatch(/data-testid="notice">LMS connection removed</)
    expect(after).toContain('data-testid="no-platforms"')

    const again = await pages.post(
      confirmPath,
      {},
      { cookie, headers: { accept: 'application/json' } },
    )
    expect(again.status).toBe(404)
    expect(((await again.json()) as any).error.code).toBe('LTI_REGISTRATION_NOT_FOUND')
  })

  it("never reaches another workspace's LMS through this workspace's URLs", async () => {
    const other = `other-${process.pid}`
    await tool.api('/workspaces', { method: 'POST', body: { name: 'Other', slug: other } })
    const theirs = await tool.api(`/workspaces/${other}/lti/platforms`, {
      method: 'POST',
      body: { ...LMS, deploymentIds: ['d'] },
    })
    expect(theirs.status).toBe(201)
    const path = `${lti}/platforms/${theirs.body.id}/remove`
    expect((await pages.get(path, cookie)).status).toBe(404)
    expect((await pages.post(path, {}, { cookie })).status).toBe(404)
    expect((await tool.api(`/workspaces/${other}/lti/platforms`)).body).toHaveLength(1)
  })
})
