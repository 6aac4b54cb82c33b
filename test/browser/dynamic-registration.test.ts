/**
 * Journey 1: an LMS admin registers the tool by Dynamic Registration, through both products'
 * pages. The tool admin generates a registration URL; the LMS admin pastes it, confirms on the
 * tool's page shown inside the LMS, approves the new tool, and each side then lists the other.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#overview
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/chromium.js'
import { screenshot } from './support/screenshots.js'
import { createLmsUser, startUnconnectedServers } from './support/servers.js'
import type { BrowserServers } from './support/servers.js'
import { newPerson, signInToLms, signInToToolAdmin, submit } from './support/sign-in.js'

describe('an LMS admin registers the tool by dynamic registration', { timeout: 60_000 }, () => {
  let servers: BrowserServers
  let browser: Browser

  beforeAll(async () => {
    // Manual approval: a tool that registers itself waits for the LMS admin.
    ;[servers, browser] = await Promise.all([
      startUnconnectedServers({ toolApproval: 'manual' }),
      launchChromium(),
    ])
  })

  afterAll(async () => {
    await browser?.close()
    await servers?.close()
  })

  it('connects both sides through their pages', async () => {
    // The tool admin generates the registration URL and reads it off the page.
    const { page: toolPage } = await newPerson(browser)
    const settingsPath = new URL(servers.ltiSettingsUrl).pathname
    await signInToToolAdmin(toolPage, servers.toolUrl, servers.toolAdmin, settingsPath)
    await submit(toolPage, toolPage.getByRole('button', { name: 'Generate registration URL' }))
    const registrationUrl = await toolPage.getByTestId('registration-url').inputValue()
    expect(new URL(registrationUrl).origin).toBe(servers.toolUrl)
    await expect(toolPage.getByTestId('registration-expiry').isVisible()).resolves.toBe(true)

    // The LMS admin pastes it; the tool's confirmation page opens inside the LMS's page.
    const lmsAdmin = await createLmsUser(servers.platform, { name: 'Ada Admin', admin: true })
    const { page: lmsPage } = await newPerson(browser)
    await signInToLms(lmsPage, servers.platformUrl, lmsAdmin, '/admin/tools/register')
    await lmsPage.getByRole('textbox', { name: 'Registration URL' }).fill(registrationUrl)
    await submit(lmsPage, lmsPage.getByRole('button', { name: 'Start registration' }))
    const frame = lmsPage.frameLocator('#registration-frame')
    await expect(frame.getByTestId('issuer').textContent()).resolves.toBe(servers.platformUrl)
    await screenshot(lmsPage, 'lms-dynamic-registration-confirm')

    // Confirming registers the tool; the tool's page closes itself (org.imsglobal.lti.close).
    await frame.getByRole('button', { name: 'Register' }).click()
    await lmsPage.getByTestId('registration-done').waitFor()
    await expect(lmsPage.locator('#registration-frame').count()).resolves.toBe(0)

    // The new tool waits for approval in the LMS's tools list; the admin approves it.
    await lmsPage.getByRole('link', { name: 'tools list' }).click()
    await lmsPage.waitForURL((url) => url.pathname === '/admin/tools')
    const row = lmsPage.getByTestId('tool-row')
    await expect(row.count()).resolves.toBe(1)
    await expect(row.getAttribute('data-status')).resolves.toBe('pending')
    const clientId = (await row.getByTestId('tool-client-id').textContent()) ?? ''
    const deploymentId = (await row.getByTestId('tool-deployment-id').textContent()) ?? ''
    expect(clientId).not.toBe('')
    await submit(lmsPage, row.getByTestId('approve-tool'))
    await expect(row.getAttribute('data-status')).resolves.toBe('active')
    await screenshot(lmsPage, 'lms-tools')

    // The tool's Connected LMSes lists the LMS with the client and deployment the LMS shows.
    await toolPage.goto(servers.ltiSettingsUrl)
    const platform = toolPage.getByTestId('platform')
    await expect(platform.count()).resolves.toBe(1)
    const cells = await platform.locator('td').allTextContents()
    expect(cells.slice(1, 4)).toEqual([servers.platformUrl, clientId, deploymentId])
  })
})
