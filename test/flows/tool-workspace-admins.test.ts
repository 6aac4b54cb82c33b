/**
 * Workspace admins of the tool: created through the admin API, signing in with email and
 * password, kept to their own workspace (the 403 page), signing out; and the headers every admin
 * page carries (CSP, no framing) with the tool's style sheet from our own path.
 */
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startToolServer } from '../../src/bin/tool-server.js'
import type { RunningToolServer } from '../../src/bin/tool-server.js'
import { TOOL_STYLESHEET_HREF } from '../../src/web/static/tool-stylesheet.js'
import { TOOL_ADMIN_SESSION_COOKIE } from '../../src/web/tool-admin-session.js'
import { createAdminApi } from '../support/admin-api.js'
import type { AdminApi } from '../support/admin-api.js'
import { adminPagesClient } from '../support/admin-pages-client.js'
import type { AdminPagesClient } from '../support/admin-pages-client.js'
import { DIALECTS, openTestDatabase } from '../support/databases.js'
import type { TestDatabase } from '../support/databases.js'
import { testServerOptions } from '../support/test-server-options.js'
import { ADMIN_TOKEN } from '../support/tool-harness.js'

const PASSWORD = 'correct horse battery'

describe.each(DIALECTS)('workspace admins on %s', (dialect) => {
  let database: TestDatabase
  let server: RunningToolServer
  let api: AdminApi
  let pages: AdminPagesClient
  const logs: Record<string, unknown>[] = []
  const a = { slug: `alpha-${process.pid}`, id: '' }
  const b = { slug: `beta-${process.pid}`, id: '' }
  const ada = { email: 'ada@example.edu', name: 'Ada Lovelace', password: PASSWORD }

  beforeAll(async () => {
    database = await openTestDatabase(dialect)
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logs.push(JSON.parse(String(chunk)))
          done()
        },
      }),
    )
    server = await startToolServer({ ...testServerOptions(database, ADMIN_TOKEN), logger })
    api = createAdminApi(server.url, ADMIN_TOKEN)
    pages = adminPagesClient(server.url, api)
    for (const [ws, name] of [
      [a, 'Alpha Academy'],
      [b, 'Beta Business School'],
    ] as const) {
      const created = await api('/workspaces', { method: 'POST', body: { name, slug: ws.slug } })
      expect(created.status).toBe(201)
      ws.id = created.body.id
    }
    await pages.createAdmin(a.slug, ada)
  })
  afterAll(async () => {
    await server?.close()
    await database?.close()
  })

  const ltiPath = (ws: { slug: string }) => `/admin/workspaces/${ws.slug}/lti`

  describe('the admin API', () => {
    it('creates an admin: 201 with the member, never the password or its hash', async () => {
      const created = await api(`/workspaces/${b.slug}/admins`, {
        method: 'POST',
        body: { email: ' Grace@Example.EDU ', name: 'Grace Hopper', password: PASSWORD },
      })
      expect(created.status).toBe(201)
      expect(created.body).toEqual({
        id: expect.any(String),
        email: 'grace@example.edu',
        name: 'Grace Hopper',
        role: 'Admin',
        createdAt: expect.any(String),
      })
      const members = await api(`/workspaces/${b.slug}/members`)
      expect(JSON.stringify(members.body)).not.toMatch(/scrypt|password|horse/)
    })

    it('refuses a second admin with the same email in the workspace: 409', async () => {
      const again = await api(`/workspaces/${a.slug}/admins`, {
        method: 'POST',
        body: { ...ada, email: 'ADA@example.edu', name: 'Another Ada' },
      })
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('LTI_ADMIN_DUPLICATE')
      expect(again.body.error.fields).toHaveProperty('email')
    })

    it('refuses short passwords, bad emails, unknown workspaces and a missing token', async () => {
      const weak = await api(`/workspaces/${a.slug}/admins`, {
        method: 'POST',
        body: { email: 'short@example.edu', name: 'Short', password: 'elevenchars' },
      })
      expect(weak.status).toBe(400)
      expect(weak.body.error.code).toBe('LTI_REQUEST_INVALID')
      expect(Object.keys(weak.body.error.fields)).toEqual(['password'])
      const email = await api(`/workspaces/${a.slug}/admins`, {
        method: 'POST',
        body: { email: 'not-an-email', name: 'X', password: PASSWORD },
      })
      expect(Object.keys(email.body.error.fields)).toEqual(['email'])
      const unknown = await api('/workspaces/no-such-workspace/admins', {
        method: 'POST',
        body: { email: 'x@example.edu', name: 'X', password: PASSWORD },
      })
      expect(unknown.status).toBe(404)
      const anonymous = await api(`/workspaces/${a.slug}/admins`, {
        method: 'POST',
        body: { email: 'x@example.edu', name: 'X', password: PASSWORD },
        token: null,
      })
      expect(anonymous.status).toBe(401)
    })
  })

  describe('sign-in', () => {
    it('offers email and password, and the admin token for the server operator', async () => {
      const page = await pages.get('/admin/login')
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('id="email"')
      expect(html).toContain('id="password"')
      expect(html).toMatch(/<button type="submit">Sign in<\/button>/)
      expect(html).toContain('Sign in with the server&#39;s admin token')
      expect(html).toContain('name="token"')
    })

    it('signs an admin in and lands on their workspace LTI page with their name', async () => {
      const { res, setCookie, cookie } = await pages.signIn(' ADA@example.edu ', PASSWORD)
      expect(res.headers.get('location')).toBe(ltiPath(a))
      expect(setCookie).toMatch(/; HttpOnly/)
      expect(setCookie).toMatch(/; SameSite=Strict/)
      expect(setCookie).toMatch(/; Path=\/admin(;|$)/)
      const page = await pages.get(ltiPath(a), cookie)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('data-testid="signed-in-admin">Ada Lovelace<')
      expect(html).toContain('Alpha Academy')
      expect(html).toMatch(/href="\/admin\/workspaces\/[^"]+\/lti" aria-current="page"/)
      expect(logs).toContainEqual(
        expect.objectContaining({ msg: 'workspace admin signed in', workspaceId: a.id }),
      )
      // A workspace admin's session is no server admin's: the list leads to their workspace.
      const list = await pages.get('/admin/workspaces', cookie)
      expect(list.status).toBe(303)
      expect(list.headers.get('location')).toBe(ltiPath(a))
    })

    it('follows next within the workspace, and only there', async () => {
      const launches = `/admin/workspaces/${a.slug}/launches`
      expect((await pages.signIn(ada.email, PASSWORD, launches)).res.headers.get('location')).toBe(
        launches,
      )
      const elsewhere = await pages.signIn(ada.email, PASSWORD, ltiPath(b))
      expect(elsewhere.res.headers.get('location')).toBe(ltiPath(a))
      const offSite = await pages.signIn(ada.email, PASSWORD, '//evil.example/admin/')
      expect(offSite.res.headers.get('location')).toBe(ltiPath(a))
    })

    it('refuses a wrong password and an unknown email alike: 401, no cookie, a coded log line', async () => {
      const before = logs.length
      const answers = []
      for (const [email, password] of [
        [ada.email, 'wrong password here'],
        ['nobody@example.edu', PASSWORD],
        ['', ''],
      ]) {
        const res = await pages.post('/admin/login', { email: email!, password: password! })
        expect(res.status).toBe(401)
        expect(res.headers.getSetCookie()).toEqual([])
        const html = await res.text()
        expect(html).toContain('data-testid="admin-sign-in-error"')
        expect(html).toContain('Email or password wrong')
        answers.push(html.replace(/value="[^"]*@example\.edu"/, 'value=""'))
      }
      // No user enumeration: the page is the same whether or not the email exists.
      expect(new Set(answers).size).toBe(1)
      // The email typed stays in the form.
      const kept = await pages.post('/admin/login', { email: ada.email, password: 'nope' })
      expect(await kept.text()).toContain(`value="${ada.email}"`)
      const failures = logs.slice(before).filter((l) => l.code === 'LTI_ADMIN_SIGN_IN_FAILED')
      expect(failures).toHaveLength(4)
      expect(JSON.stringify(logs.slice(before))).not.toContain('wrong password here')
    })

    it('gives no session to a member who is not an Admin, even with a password', async () => {
      const member = await pages.createAdmin(a.slug, {
        email: 'demoted@example.edu',
        name: 'Demoted Dan',
        password: PASSWORD,
      })
      await database.db
        .updateTable('members')
        .set({ role: 'Member' })
        .where('id', '=', member.id)
        .execute()
      const res = await pages.post('/admin/login', {
        email: 'demoted@example.edu',
        password: PASSWORD,
      })
      expect(res.status).toBe(401)
      expect(res.headers.getSetCookie()).toEqual([])
    })

    it('signs an email with accounts in two workspaces in where it was heading', async () => {
      const email = 'two-hats@example.edu'
      await pages.createAdmin(a.slug, { email, name: 'Two Hats', password: PASSWORD })
      await pages.createAdmin(b.slug, { email, name: 'Two Hats', password: `${PASSWORD} b` })
      const intoB = await pages.signIn(email, `${PASSWORD} b`, ltiPath(b))
      expect(intoB.res.headers.get('location')).toBe(ltiPath(b))
      expect((await pages.get(ltiPath(b), intoB.cookie)).status).toBe(200)
      // Without a destination: the oldest account, whose password this is not.
      const wrong = await pages.post('/admin/login', { email, password: `${PASSWORD} b` })
      expect(wrong.status).toBe(401)
      expect((await pages.signIn(email, PASSWORD)).res.headers.get('location')).toBe(ltiPath(a))
    })

    it('refuses a sign-in posted from another site', async () => {
      const res = await pages.post(
        '/admin/login',
        { email: ada.email, password: PASSWORD },
        { headers: { origin: 'https://evil.example', accept: 'application/json' } },
      )
      expect(res.status).toBe(400)
      expect(((await res.json()) as any).error.code).toBe('LTI_REQUEST_INVALID')
      expect(res.headers.getSetCookie()).toEqual([])
    })
  })

  describe('another workspace', () => {
    it('shows the 403 page to an admin of another workspace, with the way back', async () => {
      const { cookie } = await pages.signIn(ada.email, PASSWORD)
      const before = logs.length
      const page = await pages.get(ltiPath(b), cookie)
      expect(page.status).toBe(403)
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      const html = await page.text()
      expect(html).toContain('data-testid="forbidden"')
      expect(html).toContain('You need to be an admin of Beta Business School')
      expect(html).toContain(`href="${ltiPath(a)}"`)
      expect(html).toContain('action="/admin/logout"')
      expect(html).not.toContain('data-testid="endpoint-login"')
      expect(logs.slice(before)).toContainEqual(
        expect.objectContaining({ code: 'LTI_ADMIN_FORBIDDEN', workspaceId: b.id }),
      )
    })

    it("refuses the other workspace's forms with the 403 page and changes nothing", async () => {
      const { cookie } = await pages.signIn(ada.email, PASSWORD)
      const res = await pages.post(
        `${ltiPath(b)}/platforms`,
        {
          name: 'Sneaky LMS',
          issuer: 'https://sneaky.example.edu',
          clientId: 'sneaky',
          deploymentIds: 'd1',
          authenticationRequestUrl: 'https://sneaky.example.edu/auth',
          accessTokenUrl: 'https://sneaky.example.edu/token',
          jwksUrl: 'https://sneaky.example.edu/jwks',
        },
        { cookie },
      )
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('data-testid="forbidden"')
      expect((await api(`/workspaces/${b.slug}/lti/platforms`)).body).toEqual([])
      const generate = await pages.post(`${ltiPath(b)}/registrations`, {}, { cookie })
      expect(generate.status).toBe(403)
    })

    it('shows the 403 page, without a way back, to an admin demoted since signing in', async () => {
      const admin = await pages.createAdmin(a.slug, {
        email: 'soon-member@example.edu',
        name: 'Soon Member',
        password: PASSWORD,
      })
      const { cookie } = await pages.signIn('soon-member@example.edu', PASSWORD)
      expect((await pages.get(ltiPath(a), cookie)).status).toBe(200)
      await database.db
        .updateTable('members')
        .set({ role: 'Member' })
        .where('id', '=', admin.id)
        .execute()
      const page = await pages.get(ltiPath(a), cookie)
      expect(page.status).toBe(403)
      const html = await page.text()
      expect(html).toContain('You need to be an admin of Alpha Academy')
      expect(html).not.toContain('data-testid="forbidden-home"')
      // Its session is not the server admin's either.
      expect((await pages.get('/admin/workspaces', cookie)).status).toBe(303)
    })

    it('ends the session of a deleted account: back to the sign-in', async () => {
      const admin = await pages.createAdmin(a.slug, {
        email: 'leaving@example.edu',
        name: 'Leaving',
        password: PASSWORD,
      })
      const { cookie } = await pages.signIn('leaving@example.edu', PASSWORD)
      await database.db.deleteFrom('members').where('id', '=', admin.id).execute()
      const page = await pages.get(ltiPath(a), cookie)
      expect(page.status).toBe(303)
      expect(page.headers.get('location')).toBe(
        `/admin/login?next=${encodeURIComponent(ltiPath(a))}`,
      )
      expect(page.headers.getSetCookie()[0]).toMatch(
        new RegExp(`^${TOOL_ADMIN_SESSION_COOKIE}=; Max-Age=0;`),
      )
    })

    it('still lets the server admin (admin token) into every workspace', async () => {
      const res = await pages.post('/admin/login', { token: ADMIN_TOKEN, next: ltiPath(b) })
      expect(res.status).toBe(303)
      const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!
      const page = await pages.get(ltiPath(b), cookie)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('data-testid="signed-in-admin">Server admin<')
    })
  })

  describe('sign-out', () => {
    it('clears the cookie and goes back to the sign-in', async () => {
      const { cookie } = await pages.signIn(ada.email, PASSWORD)
      const res = await pages.post('/admin/logout', {}, { cookie })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe('/admin/login')
      expect(res.headers.getSetCookie()[0]).toMatch(
        new RegExp(`^${TOOL_ADMIN_SESSION_COOKIE}=; Max-Age=0; Path=/admin; HttpOnly`),
      )
    })

    it('refuses a sign-out posted from another site', async () => {
      const { cookie } = await pages.signIn(ada.email, PASSWORD)
      const res = await pages.post(
        '/admin/logout',
        {},
        { cookie, headers: { 'sec-fetch-site': 'cross-site', accept: 'application/json' } },
      )
      expect(res.status).toBe(400)
      expect(res.headers.getSetCookie()).toEqual([])
    })
  })

  describe('page headers and the style sheet', () => {
    it('sends a CSP without inline styles or scripts and forbids framing on every admin page', async () => {
      const { cookie } = await pages.signIn(ada.email, PASSWORD)
      const responses = [
        await pages.get('/admin/login'),
        await pages.get(ltiPath(a), cookie),
        await pages.get(ltiPath(b), cookie),
        await pages.post('/admin/login', { email: ada.email, password: 'wrong' }),
      ]
      for (const res of responses) {
        const csp = res.headers.get('content-security-policy') ?? ''
        expect(csp).toContain("frame-ancestors 'none'")
        expect(csp).toContain("style-src 'self'")
        expect(csp).toContain("script-src 'self'")
        expect(csp).not.toContain('unsafe-inline')
        expect(res.headers.get('x-frame-options')).toBe('DENY')
        expect(res.headers.get('cache-control')).toBe('no-store')
        const html = await res.text()
        expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
        expect(html).not.toMatch(/<style|\sstyle="|<script>/)
        expect(html).toContain(`<link rel="stylesheet" href="${TOOL_STYLESHEET_HREF}"/>`)
      }
    })

    it('serves the style sheet from our own path, cacheable, with the shared classes', async () => {
      const res = await fetch(`${server.url}${TOOL_STYLESHEET_HREF}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/css/)
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/)
      const css = await res.text()
      for (const name of [
        'card',
        'table',
        'pill',
        'pill-ok',
        'pill-bad',
        'pill-warn',
        'muted',
        'button',
        'button-secondary',
        'button-danger',
        'field',
        'field-error',
        'notice',
        'error-box',
        'ref',
        'copy',
        'stack',
        'row',
        'empty',
      ]) {
        expect(css).toMatch(new RegExp(`\\.${name}[{,. :>]`))
      }
      expect(css).toContain(':focus-visible')
      // On phones a table scrolls sideways instead of squeezing its columns.
      expect(css.slice(css.indexOf('@media (max-width'))).toMatch(/\.table\{[^}]*overflow-x:auto/)
    })
  })
})
