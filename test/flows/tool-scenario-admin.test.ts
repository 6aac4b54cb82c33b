/**
 * Scenarios for the workspace admin: the admin API (create with a script, read, update, list) and
 * the admin pages (list, detail with its LTI custom property once an LMS is connected, create and
 * edit with a pasted or uploaded script and field errors that name the script's problem).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoScript } from '../../src/bin/demo-seed.js'
import { TOOL_ADMIN_SESSION_COOKIE } from '../../src/web/tool-admin-session.js'
import { DIALECTS } from '../support/databases.js'
import { smallScript } from '../support/scenario-scripts.js'
import { testIdText } from '../support/scenario-player-client.js'
import { ADMIN_TOKEN, startTestTool } from '../support/tool-harness.js'
import type { TestTool } from '../support/tool-harness.js'

let counter = 0

/** A valid script of about `kib` KiB: a chain of lines whose replies carry long coaching. */
function largeScript(kib: number) {
  const script = smallScript()
  const nodes = Math.ceil((kib * 1024) / (6 * 2000))
  script.nodes = Array.from({ length: nodes }, (_, i) => ({
    id: `n${i + 1}`,
    text: 'A line',
    replies: Array.from({ length: 6 }, (_, j) => ({
      id: `r${i}-${j}`,
      text: 'A reply',
      points: j,
      next: i + 1 < nodes ? `n${i + 2}` : 'end',
      coaching: 'c'.repeat(1990),
    })),
  }))
  return script
}

describe.each(DIALECTS)('scenario admin on %s', (dialect) => {
  let tool: TestTool
  let base: string
  let ws: { id: string; slug: string }
  let cookie: string

  beforeAll(async () => {
    tool = await startTestTool(dialect)
    base = tool.server.url
    const slug = `scenarios-${process.pid}-${++counter}`
    const created = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Roleplays', slug },
    })
    expect(created.status).toBe(201)
    ws = { id: created.body.id, slug }
    const signIn = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
      redirect: 'manual',
    })
    const set = signIn.headers
      .getSetCookie()
      .find((v) => v.startsWith(`${TOOL_ADMIN_SESSION_COOKIE}=`))
    cookie = (set ?? '').split(';')[0] as string
  })
  afterAll(async () => tool?.close())

  const api = (path: string, init?: Parameters<TestTool['api']>[1]) =>
    tool.api(`/workspaces/${ws.slug}/scenarios${path}`, init)
  const page = (path: string, withCookie = true) =>
    fetch(`${base}/admin/workspaces/${ws.slug}/scenarios${path}`, {
      headers: withCookie ? { cookie } : {},
      redirect: 'manual',
    })
  const post = (
    path: string,
    body: URLSearchParams | FormData,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${base}/admin/workspaces/${ws.slug}/scenarios${path}`, {
      method: 'POST',
      headers: { cookie, ...headers },
      body,
      redirect: 'manual',
    })

  describe('API', () => {
    it('creates a scenario with a script object, reads it back and lists it', async () => {
      const created = await api('', {
        method: 'POST',
        body: { slug: 'api-small', title: 'Small', script: smallScript() },
      })
      expect(created.status).toBe(201)
      const read = await api('/api-small')
      expect(read.status).toBe(200)
      expect(read.body).toMatchObject({ slug: 'api-small', hasScript: true, script: smallScript() })
      const list = (await api('')).body as Record<string, unknown>[]
      const listed = list.find((s) => s.slug === 'api-small')
      expect(listed).toMatchObject({ hasScript: true })
      expect(listed).not.toHaveProperty('script')
    })

    it('refuses an invalid script with a field naming the problem, storing nothing', async () => {
      const broken = smallScript()
      broken.nodes[0]!.replies[0]!.next = 'n9'
      const refused = await api('', {
        method: 'POST',
        body: { slug: 'api-broken', title: 'Broken', script: broken },
      })
      expect(refused.status).toBe(400)
      expect(refused.body.error.code).toBe('LTI_SCENARIO_SCRIPT_INVALID')
      expect(refused.body.error.fields['script.nodes[0].replies[0].next']).toBe(
        "node 'n1': next 'n9' (reply 'a') does not exist",
      )
      expect((await api('/api-broken')).status).toBe(404)
      const text = await api('', {
        method: 'POST',
        body: { slug: 'api-text', title: 'Text', script: '{"version": 1,' },
      })
      expect(text.body.error.fields.script).toMatch(/^not valid JSON: .*\(line 1, column 15\)/)
    })

    it('takes a script larger than other API bodies, up to its own bound', async () => {
      const large = await api('', {
        method: 'POST',
        body: { slug: 'api-large', title: 'Large', script: largeScript(200) },
      })
      expect(large.status).toBe(201)
      const tooLarge = await api('', {
        method: 'POST',
        body: { slug: 'api-too-large', title: 'Too large', script: largeScript(300) },
      })
      expect(tooLarge.status).toBe(400)
      expect(tooLarge.body.error.fields.script).toMatch(/larger than 256 KiB/)
    })

    it('updates title, description and script; absent fields stay, null removes', async () => {
      await api('', { method: 'POST', body: { slug: 'api-edit', title: 'Edit me' } })
      const scripted = await api('/api-edit', {
        method: 'PUT',
        body: { script: JSON.stringify(smallScript()), description: 'Described' },
      })
      expect(scripted.status).toBe(200)
      expect(scripted.body).toMatchObject({
        title: 'Edit me',
        description: 'Described',
        hasScript: true,
      })
      const renamed = await api('/api-edit', { method: 'PUT', body: { title: 'Edited' } })
      expect(renamed.body).toMatchObject({
        title: 'Edited',
        description: 'Described',
        hasScript: true,
      })
      const cleared = await api('/api-edit', {
        method: 'PUT',
        body: { script: null, description: null },
      })
      expect(cleared.body).toMatchObject({ title: 'Edited', hasScript: false, script: null })
      expect(cleared.body).not.toHaveProperty('description')
      const invalid = await api('/api-edit', { method: 'PUT', body: { script: { version: 2 } } })
      expect(invalid.body.error.code).toBe('LTI_SCENARIO_SCRIPT_INVALID')
      const unknown = await api('/no-such', { method: 'PUT', body: { title: 'X' } })
      expect(unknown.status).toBe(404)
      const slug = await api('/api-edit', { method: 'PUT', body: { slug: 'renamed' } })
      expect(slug.status).toBe(400)
    })
  })

  describe('pages', () => {
    it('send a visitor without the admin cookie to the sign-in', async () => {
      const list = await page('', false)
      expect(list.status).toBe(303)
      expect(list.headers.get('location')).toMatch(/^\/admin\/login\?next=/)
    })

    it('list the scenarios with their script state, not frameable', async () => {
      const list = await page('')
      expect(list.status).toBe(200)
      expect(list.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      const html = await list.text()
      expect(html).toContain('data-testid="scenario-row-api-small"')
      expect(html).toContain('data-testid="new-scenario"')
      expect(html).toMatch(/scenario-row-api-small[\s\S]*?Ready/)
    })

    it('refuse an invalid script with the field error that names the problem, keeping the input', async () => {
      const broken = smallScript()
      broken.nodes[0]!.replies[0]!.next = 'n9'
      const refused = await post(
        '',
        new URLSearchParams({
          title: 'Pasted',
          slug: 'pasted',
          description: '',
          script: JSON.stringify(broken),
        }),
      )
      expect(refused.status).toBe(400)
      const html = await refused.text()
      expect(testIdText(html, 'script-error')).toBe(
        "node 'n1': next 'n9' (reply 'a') does not exist",
      )
      expect(html).toContain('data-testid="form-errors"')
      expect(html).toContain('value="Pasted"')
      expect(html).toContain('&quot;n9&quot;')
      expect((await api('/pasted')).status).toBe(404)
    })

    it('create a scenario from an uploaded file, then show it with its summary', async () => {
      const form = new FormData()
      form.set('title', 'Cold call')
      form.set('slug', 'uploaded')
      form.set('description', 'Objections')
      form.set('script', '')
      form.set(
        'scriptFile',
        new File([demoScript('cold-call-objections')], 'cold-call.json', {
          type: 'application/json',
        }),
      )
      const created = await post('', form)
      expect(created.status).toBe(303)
      expect(created.headers.get('location')).toBe(
        `/admin/workspaces/${ws.slug}/scenarios/uploaded?saved=created`,
      )
      const detail = await page('/uploaded?saved=created')
      const html = await detail.text()
      expect(testIdText(html, 'notice')).toBe('Scenario created')
      expect(html).toContain('data-testid="script-summary"')
      expect(html).toContain('Dana Whitfield')
      expect((await api('/uploaded')).body.script).toEqual(
        JSON.parse(demoScript('cold-call-objections')),
      )
    })

    it('refuse a taken slug, a reserved one and a file over 256 KiB', async () => {
      const taken = await post('', new URLSearchParams({ title: 'Again', slug: 'uploaded' }))
      expect(taken.status).toBe(400)
      expect(testIdText(await taken.text(), 'slug-error')).toMatch(/already uses this slug/)
      const reserved = await post('', new URLSearchParams({ title: 'New', slug: 'new' }))
      expect(testIdText(await reserved.text(), 'slug-error')).toMatch(/reserved/)
      const form = new FormData()
      form.set('title', 'Huge')
      form.set('slug', 'huge')
      form.set('scriptFile', new File(['x'.repeat(300 * 1024)], 'huge.json'))
      const huge = await post('', form)
      expect(huge.status).toBe(400)
      expect(testIdText(await huge.text(), 'script-error')).toBe('The file is larger than 256 KiB.')
    })

    it('refuse a cross-site post', async () => {
      const refused = await post('', new URLSearchParams({ title: 'X', slug: 'x' }), {
        origin: 'https://evil.example',
      })
      expect(refused.status).toBe(400)
      expect((await api('/x')).status).toBe(404)
    })

    it('edit a scenario, its slug fixed', async () => {
      const edit = await page('/uploaded/edit')
      expect(edit.status).toBe(200)
      const html = await edit.text()
      expect(html).toContain('value="Cold call"')
      expect(html).not.toContain('name="slug"')
      expect(html).toContain('Dana Whitfield')
      const saved = await post(
        '/uploaded',
        new URLSearchParams({
          title: 'Cold call, revised',
          description: '',
          script: JSON.stringify(smallScript()),
        }),
      )
      expect(saved.status).toBe(303)
      expect(saved.headers.get('location')).toBe(
        `/admin/workspaces/${ws.slug}/scenarios/uploaded?saved=updated`,
      )
      const read = (await api('/uploaded')).body
      expect(read).toMatchObject({
        slug: 'uploaded',
        title: 'Cold call, revised',
        script: smallScript(),
      })
      expect(read).not.toHaveProperty('description')
      const refused = await post('/uploaded', new URLSearchParams({ title: '', script: '{' }))
      expect(refused.status).toBe(400)
      const errors = await refused.text()
      expect(errors).toContain('data-testid="title-error"')
      expect(errors).toContain('data-testid="script-error"')
      expect((await api('/uploaded')).body.title).toBe('Cold call, revised')
    })

    it('show the LTI custom property only once an LMS is connected', async () => {
      const before = await (await page('/uploaded')).text()
      expect(before).not.toContain('data-testid="custom-property"')
      expect(before).toContain('data-testid="custom-property-hint"')
      const connected = await tool.api(`/workspaces/${ws.slug}/lti/platforms`, {
        method: 'POST',
        body: {
          name: 'Campus LMS',
          issuer: 'https://lms.example.edu',
          clientId: `client-${dialect}`,
          deploymentIds: ['dep-1'],
          authenticationRequestUrl: 'https://lms.example.edu/auth',
          accessTokenUrl: 'https://lms.example.edu/token',
          jwksUrl: 'https://lms.example.edu/jwks',
        },
      })
      expect(connected.status).toBe(201)
      const after = await (await page('/uploaded')).text()
      expect(after).toMatch(/data-testid="custom-property"/)
      expect(after).toContain('value="scenario_id=uploaded"')
      expect(after).toContain('data-copy-target="custom-property"')
      expect(after).toContain('<script src="/static/copy-button.js"')
    })

    it('download the script, and 404 for an unknown scenario', async () => {
      const download = await page('/uploaded/script.json')
      expect(download.status).toBe(200)
      expect(download.headers.get('content-disposition')).toBe(
        'attachment; filename="uploaded.json"',
      )
      expect(JSON.parse(await download.text())).toEqual(smallScript())
      expect((await page('/no-such')).status).toBe(404)
    })
  })
})
