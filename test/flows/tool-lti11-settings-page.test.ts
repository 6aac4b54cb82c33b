/**
 * The "Former LTI 1.1 connection" section of a workspace admin's LTI settings page: adding a
 * consumer key with its secret (field errors, values kept but never the secret, the API's
 * duplicate rule, a notice), changing the connected LMS it migrates to, and removing it after a
 * confirmation page. A key added here lets the LMS launch over LTI 1.1 with its secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminPagesClient } from '../support/admin-pages-client.js'
import type { AdminPagesClient } from '../support/admin-pages-client.js'
import { DIALECTS } from '../support/databases.js'
import { postLti11Launch } from '../support/lti11-launch.js'
import { startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool } from '../support/tool-harness.js'

const PASSWORD = 'a long enough password'
const SECRET = 'former-secret-of-1.1'

describe.each(DIALECTS)('former LTI 1.1 consumers on the LTI settings page on %s', (dialect) => {
  let connected: ConnectedTool
  let pages: AdminPagesClient
  let cookie: string
  let lti: string
  let consumersApi: string

  beforeAll(async () => {
    connected = await startConnectedTool(dialect)
    pages = adminPagesClient(connected.tool.server.url, connected.tool.api)
    const { slug } = connected.ws
    await pages.createAdmin(slug, { email: 'ola@example.edu', name: 'Ola', password: PASSWORD })
    cookie = (await pages.signIn('ola@example.edu', PASSWORD)).cookie
    lti = `/admin/workspaces/${slug}/lti`
    consumersApi = `/workspaces/${slug}/lti11/consumers`
  })
  afterAll(() => connected?.close())

  const consumers = async () => (await connected.tool.api(consumersApi)).body as any[]
  const page = async (query = '') => {
    const res = await pages.get(`${lti}${query}`, cookie)
    expect(res.status).toBe(200)
    return res.text()
  }
  const add = (fields: Record<string, string>) =>
    pages.post(`${lti}/lti11-consumers`, fields, { cookie })

  it('shows the LTI 1.1 launch URL, an empty state and the form after Connected LMSes', async () => {
    const html = await page()
    const { launchUrl } = (
      await connected.tool.api(`/workspaces/${connected.ws.slug}/lti11/endpoints`)
    ).body
    expect(html).toContain(`data-testid="lti11-launch-url">${launchUrl}<`)
    expect(html).toContain('data-testid="no-lti11-consumers"')
    expect(html.indexOf('id="connected-heading"')).toBeLessThan(html.indexOf('id="lti11-heading"'))
    for (const field of ['consumerKey', 'sharedSecret', 'registrationId']) {
      expect(html).toContain(`<label for="lti11-${field}">`)
    }
    // The connected LMS is offered by name, after "Any connected LMS".
    expect(html).toMatch(
      new RegExp(
        `<select id="lti11-registrationId"[^>]*><option value="" selected="">Any connected LMS</option><option value="${connected.ws.platformId}">`,
      ),
    )
  })

  it('refuses bad fields one by one, keeps the values but not the secret, stores nothing', async () => {
    const res = await add({
      consumerKey: 'has space',
      sharedSecret: SECRET,
      registrationId: 'no-such-lms',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    // The summary names the consumer key form and links to its own fields.
    expect(html).toMatch(/data-testid="form-errors"><p><strong>The consumer key was not saved/)
    expect(html).toContain('<a href="#lti11-consumerKey">Consumer key</a>')
    expect(html).toContain('data-testid="lti11-field-error-consumerKey"')
    expect(html).not.toContain('data-testid="lti11-field-error-sharedSecret"')
    expect(html).toContain('value="has space"')
    expect(html).not.toContain(SECRET)
    expect(html).not.toContain('data-testid="notice"')

    // A key that passes the schema but names no connected LMS: the LMS field says so.
    const unknown = await add({ consumerKey: 'k1', sharedSecret: SECRET, registrationId: 'nope' })
    expect(unknown.status).toBe(400)
    const unknownHtml = await unknown.text()
    expect(unknownHtml).toContain('data-testid="lti11-field-error-registrationId"')
    expect(unknownHtml).toMatch(/id="lti11-registrationId"[^>]*aria-invalid="true"/)

    const blank = await add({ consumerKey: 'k1', sharedSecret: '   ', registrationId: '' })
    expect(blank.status).toBe(400)
    expect(await blank.text()).toContain('data-testid="lti11-field-error-sharedSecret"')
    expect(await consumers()).toEqual([])
  })

  it('adds a key linked to the LMS with a notice; the LMS can launch over 1.1 with it', async () => {
    const res = await add({
      consumerKey: 'moodle.example.edu',
      sharedSecret: `  ${SECRET}\n`,
      registrationId: connected.ws.platformId,
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${lti}?notice=lti11-saved#main`)
    const [stored] = await consumers()
    expect(stored).toMatchObject({
      consumerKey: 'moodle.example.edu',
      registrationId: connected.ws.platformId,
    })

    const html = await page('?notice=lti11-saved')
    expect(html).toMatch(/data-testid="notice">LTI 1.1 consumer key saved</)
    expect(html).toContain(`data-consumer-id="${stored.id}"`)
    expect(html).toMatch(
      new RegExp(`id="lti11-link-${stored.id}"[^]*?value="${connected.ws.platformId}" selected=""`),
    )
    expect(html).not.toContain(SECRET)

    // The secret was sealed as typed (trimmed): a launch signed with it is accepted.
    const { launchUrl } = (
      await connected.tool.api(`/workspaces/${connected.ws.slug}/lti11/endpoints`)
    ).body
    const launch = await postLti11Launch(
      launchUrl,
      { consumerKey: 'moodle.example.edu', consumerSecret: SECRET },
      { roles: 'Learner', user_id: 'u-1', custom_scenario_id: connected.ws.scenario.slug },
    )
    expect(launch.status).toBe(303)
  })

  it('refuses the same key again next to the consumer key: 409', async () => {
    const res = await add({ consumerKey: 'moodle.example.edu', sharedSecret: 'other' })
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('data-testid="lti11-field-error-consumerKey"')
    expect(html).toContain('value="moodle.example.edu"')
    expect(await consumers()).toHaveLength(1)
  })

  it('unlinks and links the key again, and shows a refused LMS on its row', async () => {
    const [consumer] = await consumers()
    const link = `${lti}/lti11-consumers/${consumer.id}/link`

    const unlinked = await pages.post(link, { registrationId: '' }, { cookie })
    expect(unlinked.status).toBe(303)
    expect(unlinked.headers.get('location')).toBe(`${lti}?notice=lti11-linked#main`)
    expect((await consumers())[0].registrationId).toBeNull()
    expect(await page('?notice=lti11-linked')).toMatch(
      new RegExp(`id="lti11-link-${consumer.id}"[^>]*><option value="" selected="">`),
    )

    const relinked = await pages.post(link, { registrationId: connected.ws.platformId }, { cookie })
    expect(relinked.status).toBe(303)
    expect((await consumers())[0].registrationId).toBe(connected.ws.platformId)

    const refused = await pages.post(link, { registrationId: 'gone-lms' }, { cookie })
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('data-testid="lti11-link-error"')
    expect(html).toMatch(new RegExp(`id="lti11-link-${consumer.id}"[^>]*aria-invalid="true"`))
    expect((await consumers())[0].registrationId).toBe(connected.ws.platformId)

    const missing = await pages.post(
      `${lti}/lti11-consumers/no-such-id/link`,
      { registrationId: '' },
      { cookie, headers: { accept: 'application/json' } },
    )
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as any).error.code).toBe('LTI11_CONSUMER_NOT_FOUND')
  })

  it('lets only a signed-in admin of the workspace post, from our own origin', async () => {
    const stranger = await pages.post(`${lti}/lti11-consumers`, {
      consumerKey: 'stranger',
      sharedSecret: SECRET,
    })
    expect(stranger.status).toBe(303)
    expect(stranger.headers.get('location')).toBe('/admin/login')
    const crossSite = await pages.post(
      `${lti}/lti11-consumers`,
      { consumerKey: 'cross-site', sharedSecret: SECRET },
      { cookie, headers: { origin: 'https://evil.example', accept: 'application/json' } },
    )
    expect(crossSite.status).toBe(400)
    expect((await consumers()).map((c) => c.consumerKey)).toEqual(['moodle.example.edu'])
  })

  it("never reaches another workspace's key through this workspace's URLs", async () => {
    const other = `other-lti11-${process.pid}`
    await connected.tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Other', slug: other },
    })
    const theirs = await connected.tool.api(`/workspaces/${other}/lti11/consumers`, {
      method: 'POST',
      body: { consumerKey: 'theirs', sharedSecret: SECRET },
    })
    expect(theirs.status).toBe(201)
    const path = `${lti}/lti11-consumers/${theirs.body.id}`
    expect((await pages.get(`${path}/remove`, cookie)).status).toBe(404)
    expect((await pages.post(`${path}/remove`, {}, { cookie })).status).toBe(404)
    expect((await pages.post(`${path}/link`, { registrationId: '' }, { cookie })).status).toBe(404)
    expect((await connected.tool.api(`/workspaces/${other}/lti11/consumers`)).body).toHaveLength(1)
  })

  it('removes a key only after the confirmation page', async () => {
    const [consumer] = await consumers()
    const confirmPath = `${lti}/lti11-consumers/${consumer.id}/remove`
    const confirm = await pages.get(confirmPath, cookie)
    expect(confirm.status).toBe(200)
    const html = await confirm.text()
    expect(html).toContain('data-testid="remove-lti11-confirmation"')
    expect(html).toContain(`action="${confirmPath}"`)
    expect(html).toContain('data-testid="confirm-remove-lti11"')
    expect(html).toContain(`href="${lti}#lti11"`)
    expect(await consumers()).toHaveLength(1)

    const removed = await pages.post(confirmPath, {}, { cookie })
    expect(removed.status).toBe(303)
    expect(removed.headers.get('location')).toBe(`${lti}?notice=lti11-removed#main`)
    expect(await consumers()).toEqual([])
    const after = await page('?notice=lti11-removed')
    expect(after).toMatch(/data-testid="notice">LTI 1.1 consumer key removed</)
    expect(after).toContain('data-testid="no-lti11-consumers"')

    const again = await pages.post(
      confirmPath,
      {},
      { cookie, headers: { accept: 'application/json' } },
    )
    expect(again.status).toBe(404)
    expect(((await again.json()) as any).error.code).toBe('LTI11_CONSUMER_NOT_FOUND')
  })
})
