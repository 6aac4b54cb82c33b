/**
 * The tool admin's own pages in Chromium: email and password sign-in (a wrong password first),
 * the LTI 1.3 settings with a working Copy button, the manual form's field error and its fix,
 * the page at a phone's 360 px width, removing an LMS after confirming, and signing out. The
 * whole two-server journey of a manual connection is `manual-connection.test.ts`.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminPagesClient } from '../support/admin-pages-client.js'
import { startTestTool } from '../support/tool-harness.js'
import type { TestTool } from '../support/tool-harness.js'
import { launchChromium } from './support/chromium.js'
import { screenshot } from './support/screenshots.js'

const PASSWORD = 'manual connection pw'

describe('the tool admin pages in Chromium', { timeout: 60_000 }, () => {
  let tool: TestTool
  let browser: Browser
  let page: Page
  const slug = `manual-${process.pid}`

  beforeAll(async () => {
    tool = await startTestTool('sqlite')
    const body = { name: 'Roleplay Academy', slug }
    expect((await tool.api('/workspaces', { method: 'POST', body })).status).toBe(201)
    await adminPagesClient(tool.server.url, tool.api).createAdmin(slug, {
      email: 'maya@example.edu',
      name: 'Maya Admin',
      password: PASSWORD,
    })
    browser = await launchChromium()
    const context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    page = await context.newPage()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await tool?.close()
  })

  const shot = (name: string) => screenshot(page, name)

  it('signs in with email and password and lands on the LTI settings', async () => {
    await page.goto(`${tool.server.url}/admin/login`)
    await page.fill('#email', 'maya@example.edu')
    await page.fill('#password', 'not the password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByTestId('admin-sign-in-error').waitFor()
    await shot('tool-admin-sign-in-error')
    await page.fill('#password', PASSWORD)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`**/admin/workspaces/${slug}/lti`)
    expect(await page.getByTestId('signed-in-admin').textContent()).toBe('Maya Admin')
    expect(await page.locator('[aria-current="page"]').first().textContent()).toBe(
      'LTI 1.3 settings',
    )
  })

  it('copies an endpoint URL with its Copy button', async () => {
    const url = await page.getByTestId('endpoint-login').inputValue()
    expect(url).toMatch(/\/lti\/[^/]+\/login$/)
    await page.getByRole('button', { name: 'Copy OIDC login initiation URL' }).click()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
  })

  it('shows a field error, keeps the values, and saves once it is fixed', async () => {
    await page.fill('#name', 'Campus Moodle')
    await page.fill('#issuer', 'http://moodle.example.edu')
    await page.fill('#clientId', 'moodle-client-1')
    await page.fill('#deploymentIds', '1, 2')
    await page.fill('#authenticationRequestUrl', 'https://moodle.example.edu/mod/lti/auth.php')
    await page.fill('#accessTokenUrl', 'https://moodle.example.edu/mod/lti/token.php')
    await page.fill('#jwksUrl', 'https://moodle.example.edu/mod/lti/certs.php')
    await page.getByRole('button', { name: 'Save LTI configuration' }).click()
    const error = page.getByTestId('field-error-issuer')
    await error.waitFor()
    expect(await error.textContent()).toBe('Must be an https:// URL.')
    expect(await page.inputValue('#clientId')).toBe('moodle-client-1')

    await page.fill('#issuer', 'https://moodle.example.edu')
    await page.getByRole('button', { name: 'Save LTI configuration' }).click()
    await page.getByTestId('notice').waitFor()
    expect(await page.getByTestId('notice').textContent()).toBe('LTI configuration saved')
    const row = page.getByTestId('platform')
    expect(await row.count()).toBe(1)
    expect(await row.textContent()).toContain('moodle-client-1')
    expect(await row.textContent()).toContain('just now')
  })

  it('stays readable at 360 px: nothing but tables scrolls sideways', async () => {
    await page.setViewportSize({ width: 360, height: 800 })
    await page.reload()
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBe(0)
    await shot('tool-admin-lti-settings-phone')
    await page.setViewportSize({ width: 1100, height: 900 })
  })

  it('removes the LMS after the confirmation page', async () => {
    await page.getByTestId('remove-lms').click()
    await page.getByTestId('confirm-remove').waitFor()
    await shot('tool-admin-remove-lms')
    await page.getByTestId('confirm-remove').click()
    await page.getByTestId('notice').waitFor()
    expect(await page.getByTestId('notice').textContent()).toBe('LMS connection removed')
    expect(await page.getByTestId('platform').count()).toBe(0)
    await page.getByTestId('no-platforms').waitFor()
  })

  it('signs out', async () => {
    await page.getByTestId('sign-out').click()
    await page.waitForURL('**/admin/login')
    await page.goto(`${tool.server.url}/admin/workspaces/${slug}/lti`)
    await page.waitForURL('**/admin/login?next=*')
  })
})
