/**
 * Cookie-less launches in a real browser: Debian's Chromium, the platform on localhost and the
 * tool on 127.0.0.1 (two sites), the tool in the platform's iframe, and the tool's cookies
 * blocked. The launch goes through LTI Platform Storage; without storage the tool advises a
 * new window. Fails (never skips) when Chromium is missing: `.ci/run` installs it.
 * @see https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext, Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestUser } from '../support/platform-harness.js'
import { startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'
import { chromiumLaunchOptions } from './support/chromium.js'

describe('cookie-less launch in Chromium', () => {
  let pair: ToolPlatformPair
  let context: BrowserContext
  let profile: string
  let courseId: string
  let linkId: string
  let learner: TestUser

  beforeAll(async () => {
    // Throws (never skips) when Chromium is missing.
    const launchOptions = chromiumLaunchOptions()
    pair = await startToolPlatformPair('sqlite', { platformHost: 'localhost' })
    await pair.addScenario('salary-talk', 'Salary talk')
    const { platform } = pair
    courseId = await platform.createCourse({ title: 'Negotiation 101' })
    learner = await platform.createUser({ name: 'Lena Learner' })
    await platform.enroll(courseId, learner.id, ['Learner'])
    linkId = (
      await platform.addLink(courseId, {
        toolId: pair.registered.id,
        title: 'Practise a salary talk',
        customParameters: { scenario_id: 'salary-talk' },
      })
    ).id
    // Chromium already keeps unpartitioned third-party cookies out of frames, but still sends
    // the tool's Partitioned (CHIPS) state cookie; blocking the tool site's cookies outright is
    // what Safari and strict settings do, and the case platform storage exists for.
    profile = mkdtempSync(join(tmpdir(), 'ltikit-chromium-'))
    mkdirSync(join(profile, 'Default'))
    writeFileSync(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({
        profile: {
          block_third_party_cookies: true,
          content_settings: { exceptions: { cookies: { '127.0.0.1,*': { setting: 2 } } } },
        },
      }),
    )
    context = await chromium.launchPersistentContext(profile, launchOptions)
    const [name, value] = (await platform.signIn(learner)).split(/=(.*)/s) as [string, string]
    // As the platform sets it over HTTPS (platform-session.ts): the tool's login page navigates
    // the frame to the authentication endpoint, a cross-site initiator that Lax would refuse.
    await context.addCookies([
      { name, value, domain: 'localhost', path: '/', sameSite: 'None', secure: true },
    ])
  }, 60_000)

  afterAll(async () => {
    await context?.close()
    await pair?.close()
    if (profile) rmSync(profile, { recursive: true, force: true })
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
    await frame.getByText('Salary talk').first().waitFor({ timeout: 15_000 })
    expect(new URL(frame.url()).origin).toBe(new URL(pair.endpoints.launchUrl).origin)
    // Two launch posts: the first answered the storage check page, the second launched.
    expect(launchCookies).toHaveLength(2)
    expect(launchCookies.every((cookie) => !cookie?.includes('lti_state_'))).toBe(true)
    await page.close()
  })

  it('advises a new window when storage is off and the cookie is blocked', async () => {
    const { page, frame, launchCookies } = await openEmbed('?storage=off')
    const link = frame.locator('#new-window')
    await link.waitFor({ timeout: 15_000 })
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await link.getAttribute('href')).toBe(`${pair.platform.url}/courses/${courseId}/return`)
    expect(launchCookies).toHaveLength(1)
    expect(await frame.getByText('Salary talk').count()).toBe(0)
    await page.close()
  })
})
