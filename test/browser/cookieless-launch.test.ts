/**
 * Cookie-less launches in a real browser: Debian's Chromium, the platform on localhost and the
 * tool on 127.0.0.1 (two sites), the tool in the platform's iframe, and the tool's cookies
 * blocked. The launch goes through LTI Platform Storage; without storage the tool advises a
 * new window. Fails (never skips) when Chromium is missing: `.ci/run` installs it.
 * @see https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
 */
import type { BrowserContext, Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestUser } from '../support/platform-harness.js'
import { createLearnerCourse, startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'
import { chromiumLaunchOptions, launchChromiumWithToolCookiesBlocked } from './support/chromium.js'
import type { PersistentChromium } from './support/chromium.js'

describe('cookie-less launch in Chromium', { timeout: 60_000 }, () => {
  let pair: ToolPlatformPair
  let browser: PersistentChromium
  let context: BrowserContext
  let courseId: string
  let linkId: string
  let learner: TestUser

  beforeAll(async () => {
    // Throws (never skips) when Chromium is missing.
    chromiumLaunchOptions()
    pair = await startToolPlatformPair('sqlite', { platformHost: 'localhost' })
    await pair.addScenario('salary-talk', 'Salary talk')
    const course = await createLearnerCourse(
      pair,
      { title: 'Negotiation 101' },
      { title: 'Practise a salary talk', scenario: 'salary-talk' },
    )
    ;({ courseId, learner } = course)
    linkId = course.link.id
    browser = await launchChromiumWithToolCookiesBlocked(await pair.platform.signIn(learner))
    context = browser.context
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await pair?.close()
  })

  async function openEmbed(query: string) {
    const page = await context.newPage()
    const launchCookies: (string | null)[] = []
    page.on('request', (request) => {
      if (request.url() === pair.endpoints.launchUrl && request.method() === 'POST') {
        void request.headerValue('cookie').then((cookie) => launchCookies.push(cookie))
      }
    })
    await page.goto(`${pair.platform.url}/courses/${courseId}/links/${linkId}/embed${query}`)
    const frame = page.frame({ name: 'lti-tool' }) as Frame
    expect(frame).toBeTruthy()
    return { page, frame, launchCookies }
  }

  it('launches through platform storage when the tool cannot keep its cookie', async () => {
    expect(new URL(pair.endpoints.launchUrl).hostname).toBe('127.0.0.1')
    expect(new URL(pair.platform.url).hostname).toBe('localhost')
    const { page, frame, launchCookies } = await openEmbed('')
    await frame.getByText('Salary talk').first().waitFor({ timeout: 30_000 })
    expect(new URL(frame.url()).origin).toBe(new URL(pair.endpoints.launchUrl).origin)
    // Two launch posts: the first answered the storage check page, the second launched.
    expect(launchCookies).toHaveLength(2)
    expect(launchCookies.every((cookie) => !cookie?.includes('lti_state_'))).toBe(true)
    await page.close()
  })

  it('advises a new window when storage is off and the cookie is blocked', async () => {
    const { page, frame, launchCookies } = await openEmbed('?storage=off')
    const link = frame.locator('#new-window')
    await link.waitFor({ timeout: 30_000 })
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await link.getAttribute('href')).toBe(`${pair.platform.url}/courses/${courseId}/return`)
    expect(launchCookies).toHaveLength(1)
    expect(await frame.getByText('Salary talk').count()).toBe(0)
    await page.close()
  })
})
