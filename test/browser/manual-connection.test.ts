/**
 * Journey 5: a tool admin connects an LMS by hand. The LMS admin registers the tool with the
 * endpoint URLs the tool's LTI settings page shows and gets the LMS's details back; the tool admin
 * types them into the "Manual LMS connection" form, mistypes the issuer, sees that field's error,
 * fixes it, and the LMS is listed as connected.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/chromium.js'
import { screenshot } from './support/screenshots.js'
import { createLmsUser, startUnconnectedServers } from './support/servers.js'
import type { BrowserServers } from './support/servers.js'
import { newPerson, signInToLms, signInToToolAdmin, submit } from './support/sign-in.js'

describe('a tool admin connects an LMS with the manual form', { timeout: 60_000 }, () => {
  let servers: BrowserServers
  let browser: Browser

  beforeAll(async () => {
    ;[servers, browser] = await Promise.all([startUnconnectedServers(), launchChromium()])
  })

  afterAll(async () => {
    await browser?.close()
    await servers?.close()
  })

  const endpoint = (page: Page, id: string) => page.getByTestId(`endpoint-${id}`).inputValue()

  it('saves the LMS after a field error is fixed, and lists it as connected', async () => {
    const { page: toolPage } = await newPerson(browser)
    await signInToToolAdmin(
      toolPage,
      servers.toolUrl,
      servers.toolAdmin,
      urlPath(servers.ltiSettingsUrl),
    )
    expect(toolPage.url()).toBe(servers.ltiSettingsUrl)
    await expect(toolPage.getByTestId('no-platforms').isVisible()).resolves.toBe(true)
    const loginUrl = await endpoint(toolPage, 'login')
    const launchUrl = await endpoint(toolPage, 'launch')
    const jwksUrl = await endpoint(toolPage, 'jwks')
    expect(new URL(loginUrl).origin).toBe(servers.toolUrl)

    // The LMS admin registers the tool with those URLs and is shown the LMS's details.
    const lmsAdmin = await createLmsUser(servers.platform, { name: 'Ada Admin', admin: true })
    const { page: lmsPage } = await newPerson(browser)
    await signInToLms(lmsPage, servers.platformUrl, lmsAdmin, '/admin/tools/new')
    const field = (label: RegExp) => lmsPage.getByRole('textbox', { name: label })
    await field(/^Name/).fill('Acme roleplays')
    await field(/^OIDC login URL/).fill(loginUrl)
    await field(/^Target link URI/).fill(launchUrl)
    await field(/^Public keyset \(JWKS\) URL/).fill(jwksUrl)
    await field(/^Deep linking URL/).fill(launchUrl)
    await submit(lmsPage, lmsPage.getByRole('button', { name: 'Register tool' }))
    await lmsPage.getByTestId('tool-registered').waitFor()
    const detail = (name: string) => lmsPage.getByTestId(`platform-detail-${name}`).inputValue()
    const lms = {
      issuer: await detail('issuer'),
      clientId: await detail('client-id'),
      deploymentId: await detail('deployment-id'),
      authenticationRequestUrl: await detail('authentication-request-url'),
      accessTokenUrl: await detail('access-token-url'),
      jwksUrl: await detail('jwks-url'),
    }
    expect(lms.issuer).toBe(servers.platformUrl)
    await screenshot(lmsPage, 'lms-tool-registered')

    // The tool admin types them in, with the issuer mistyped first (no scheme).
    const fill = (id: string, value: string) => toolPage.locator(`#${id}`).fill(value)
    await fill('name', 'Northwind LMS')
    await fill('issuer', new URL(lms.issuer).host)
    await fill('clientId', lms.clientId)
    await fill('deploymentIds', lms.deploymentId)
    await fill('authenticationRequestUrl', lms.authenticationRequestUrl)
    await fill('accessTokenUrl', lms.accessTokenUrl)
    await fill('jwksUrl', lms.jwksUrl)
    const save = toolPage.getByRole('button', { name: 'Save LTI configuration' })
    await submit(toolPage, save, { status: 400 })
    const issuerError = toolPage.getByTestId('field-error-issuer')
    await issuerError.waitFor()
    // Only the mistyped field is refused, and every value typed is kept.
    await expect(toolPage.locator('[data-testid^="field-error-"]').count()).resolves.toBe(1)
    await expect(toolPage.locator('#issuer').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(toolPage.locator('#clientId').inputValue()).resolves.toBe(lms.clientId)
    await expect(toolPage.getByTestId('no-platforms').isVisible()).resolves.toBe(true)
    // The refused form comes back scrolled to itself (`#manual`): the window shows the errors.
    await screenshot(toolPage, 'tool-manual-connection-error', { fullPage: false })

    await fill('issuer', lms.issuer)
    await submit(toolPage, save)
    await expect(toolPage.getByTestId('notice').textContent()).resolves.toContain(
      'LTI configuration saved',
    )
    await expect(issuerError.count()).resolves.toBe(0)
    const row = toolPage.getByTestId('platform')
    await expect(row.count()).resolves.toBe(1)
    const cells = await row.locator('td').allTextContents()
    expect(cells.slice(0, 4)).toEqual(['Northwind LMS', lms.issuer, lms.clientId, lms.deploymentId])
    await screenshot(toolPage, 'tool-lti-settings')

    // What the page saved is what the tool launches with.
    const saved = await servers.tool.api(`/workspaces/${servers.ws.slug}/lti/platforms`)
    expect(saved.body).toMatchObject([
      { issuer: lms.issuer, clientId: lms.clientId, deploymentIds: [lms.deploymentId] },
    ])
  })
})

function urlPath(url: string): string {
  const { pathname, search } = new URL(url)
  return pathname + search
}
