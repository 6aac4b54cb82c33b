/**
 * The launch log as a workspace admin sees it, and the error page a learner sees: a forged
 * launch shows the page (frameable by the LMS, with its reference), and the admin finds that
 * reference in the log, with what failed and the fix from the error catalogue.
 */
import { createHash, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from '../../src/core/errors.js'
import { adminTokenPages, byTestId, textOf } from '../support/admin-token-pages.js'
import type { AdminTokenPages } from '../support/admin-token-pages.js'
import { DIALECTS } from '../support/databases.js'
import { startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool } from '../support/tool-harness.js'

describe.each(DIALECTS)('launch log pages on %s', (dialect) => {
  let t: ConnectedTool
  let admin: AdminTokenPages
  const logPath = () => `/admin/workspaces/${t.ws.slug}/launches`

  beforeAll(async () => {
    t = await startConnectedTool(dialect)
    admin = adminTokenPages(t.tool.server.url)
  })
  afterAll(() => t?.close())

  it('shows a forged launch as a frameable error page with its reference and code', async () => {
    const { launchResponse } = await t.launch({ sign: 'wrong-key' })
    expect(launchResponse.status).toBe(401)
    const correlationId = launchResponse.headers.get('x-correlation-id') as string
    expect(launchResponse.headers.get('content-type')).toContain('text/html')
    const csp = launchResponse.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toMatch(/style-src 'sha256-/)
    // The LMS shows it in its iframe: nothing forbids framing.
    expect(csp).not.toContain('frame-ancestors')
    expect(launchResponse.headers.get('x-frame-options')).toBeNull()
    expect(launchResponse.headers.get('cache-control')).toBe('no-store')
    const html = await launchResponse.text()
    // The policy's hash is the page's style sheet as sent: the page is styled, nothing else.
    const style = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? ''
    expect(style).toContain('"Segoe UI"')
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`)
    expect(byTestId(html, 'correlation-id')[0]).toContain(`>${correlationId}<`)
    expect(byTestId(html, 'error-code')[0]).toContain('>LTI_JWT_SIGNATURE_INVALID<')
    expect(textOf(html)).toContain('give this reference to your administrator')
    expect(html).not.toContain('<script')
  })

  it('finds a failed launch by its reference, with the fix from the catalogue', async () => {
    const { launchResponse, idToken } = await t.launch({ sign: 'wrong-key' })
    const correlationId = launchResponse.headers.get('x-correlation-id') as string

    const search = await admin.get(`${logPath()}?q=${correlationId.toUpperCase()}`)
    expect(search.status).toBe(200)
    const html = await search.text()
    expect(html).toMatch(/<input[^>]*id="q"[^>]*data-testid="launch-search"/)
    const rows = byTestId(html, 'launch-row', 'tr')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toContain('data-outcome="failure"')
    expect(rows[0]).toContain('LTI_JWT_SIGNATURE_INVALID')
    expect(rows[0]).toContain(`href="${logPath()}/${correlationId}"`)

    const detail = await admin.get(`${logPath()}/${correlationId}`)
    expect(detail.status).toBe(200)
    const page = await detail.text()
    expect(byTestId(page, 'launch-detail', 'section')).toHaveLength(1)
    expect(byTestId(page, 'launch-code')[0]).toContain('>LTI_JWT_SIGNATURE_INVALID<')
    const entry = ERROR_CATALOGUE.LTI_JWT_SIGNATURE_INVALID
    expect(textOf(byTestId(page, 'launch-hint')[0] ?? '')).toContain(entry.hint)
    expect(page).toContain(`href="${entry.spec}"`)
    // Nothing of the refused token is shown.
    expect(page).not.toContain(idToken.split('.')[2] as string)
  })

  it('lists launches newest first with outcome, message type, learner and scenario', async () => {
    const ok = await t.launch({
      scenarioId: t.ws.scenario.slug,
      claims: (c) => ({ ...c, name: 'Grace Hopper', email: 'grace@example.edu' }),
    })
    expect(ok.launchResponse.status).toBe(303)
    const correlationId = ok.launchResponse.headers.get('x-correlation-id') as string
    const html = await (await admin.get(logPath())).text()
    const rows = byTestId(html, 'launch-row', 'tr')
    expect(rows.length).toBeGreaterThanOrEqual(3)
    expect(rows[0]).toContain(correlationId)
    expect(rows[0]).toContain('data-outcome="success"')
    expect(textOf(rows[0] as string)).toContain('Activity launch')
    expect(textOf(rows[0] as string)).toContain('Grace Hopper')
    expect(textOf(rows[0] as string)).toContain(t.ws.scenario.title)
    expect(rows[0]).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/)

    // A success's detail: the redacted claims, no "what failed".
    const detail = await (await admin.get(`${logPath()}/${correlationId}`)).text()
    expect(byTestId(detail, 'launch-code')).toEqual([])
    const claims = textOf(byTestId(detail, 'launch-claims', 'pre')[0] ?? '')
    expect(JSON.parse(claims)).toMatchObject({ name: '[redacted]', email: '[redacted]' })
    expect(detail).not.toContain('grace@example.edu')
  })

  it('says so when a reference is not found', async () => {
    const unknown = randomUUID()
    const search = await admin.get(`${logPath()}?q=${unknown}`)
    expect(search.status).toBe(200)
    const html = await search.text()
    expect(byTestId(html, 'launch-row', 'tr')).toEqual([])
    expect(textOf(byTestId(html, 'launch-not-found')[0] ?? '')).toContain(unknown)
    const detail = await admin.get(`${logPath()}/${unknown}`)
    expect(detail.status).toBe(404)
    expect(await detail.text()).toContain('data-testid="launch-not-found"')
  })

  it('pages to older launches by key', async () => {
    // A workspace of its own with 55 entries, two of them in one millisecond at a page break.
    const created = await t.tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Busy', slug: `busy-${dialect}-${process.pid}` },
    })
    expect(created.status).toBe(201)
    const { id: workspaceId, slug } = created.body as { id: string; slug: string }
    const base = Date.UTC(2026, 0, 5, 8, 0, 0)
    for (let i = 0; i < 55; i++) {
      await t.tool.server.stores.launches.appendLaunchLog({
        correlationId: randomUUID(),
        workspaceId,
        at: base + Math.min(i, 50) * 1000,
        outcome: i % 2 ? 'success' : 'failure',
        ...(i % 2 ? {} : { errorCode: 'LTI_NONCE_REPLAYED' }),
      })
    }
    const first = await (await admin.get(`/admin/workspaces/${slug}/launches`)).text()
    expect(byTestId(first, 'launch-row', 'tr')).toHaveLength(50)
    const older = /href="([^"]+)" rel="next"/.exec(first)?.[1]?.replace(/&amp;/g, '&')
    expect(older).toMatch(/\?before=\d+\.[0-9a-f-]+$/)
    const second = await (await admin.get(older as string)).text()
    const rows = byTestId(second, 'launch-row', 'tr')
    expect(rows).toHaveLength(5)
    const all = [...byTestId(first, 'launch-row', 'tr'), ...rows].map(
      (row) => /launches\/([0-9a-f-]{36})"/.exec(row)?.[1],
    )
    expect(new Set(all).size).toBe(55)
    expect(second).not.toContain('rel="next"')
    const bad = await admin.get(`/admin/workspaces/${slug}/launches?before=nonsense`)
    expect(bad.status).toBe(400)
  })

  it('refuses a signed-out visitor and never lets another site frame the pages', async () => {
    const { launchResponse } = await t.launch({ sign: 'wrong-key' })
    const correlationId = launchResponse.headers.get('x-correlation-id') as string
    for (const path of [
      logPath(),
      `${logPath()}?q=${correlationId}`,
      `${logPath()}/${correlationId}`,
    ]) {
      const out = await admin.get(path, { signedOut: true })
      expect(out.status).toBe(303)
      expect(out.headers.get('location')).toMatch(/^\/admin\/login/)
      expect(await out.text()).not.toContain(correlationId.slice(0, 8) + '-')
      const page = await admin.get(path)
      expect(page.status).toBe(200)
      const csp = page.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
    }
    // An error on an admin page keeps the admin page's framing policy.
    const missing = await admin.get(`/admin/workspaces/no-such-workspace/launches`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(await missing.text()).toContain('data-testid="correlation-id"')
  })
})
