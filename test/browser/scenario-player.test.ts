/**
 * The scenario player in a real browser (Debian's Chromium): launched from the platform's course
 * page into its iframe, the platform on localhost and the tool on 127.0.0.1 (two sites) with the
 * tool's cookies blocked, the learner clicks through the first demo scenario to 80 and replays to
 * 60; the platform's gradebook keeps 8 / 10. No CSP violation on the way, and the pages work at
 * phone width. Set `LTIKIT_SCREENSHOT_DIR` to keep screenshots of each screen.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoScript } from '../../src/bin/demo-seed.js'
import type { TestUser } from '../support/platform-harness.js'
import { COLD_CALL_60, COLD_CALL_80 } from '../support/scenario-scripts.js'
import { startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'

const CHROMIUM = '/usr/bin/chromium'
const SCREENSHOTS = process.env.LTIKIT_SCREENSHOT_DIR

describe('scenario player in Chromium', () => {
  let pair: ToolPlatformPair
  let context: BrowserContext
  let profile: string
  let courseId: string
  let linkId: string
  let learner: TestUser
  const violations: string[] = []

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`,
      )
    }
    pair = await startToolPlatformPair('sqlite', { platformHost: 'localhost' })
    const created = await pair.tool.api(`/workspaces/${pair.ws.slug}/scenarios`, {
      method: 'POST',
      body: {
        slug: 'cold-call-objections',
        title: 'Handling objections on a cold call',
        script: demoScript('cold-call-objections'),
      },
    })
    expect(created.status).toBe(201)
    const { platform } = pair
    courseId = await platform.createCourse({ title: 'Sales 101' })
    learner = await platform.createUser({ name: 'Lena Learner' })
    await platform.enroll(courseId, learner.id, ['Learner'])
    linkId = (
      await platform.addLink(courseId, {
        toolId: pair.registered.id,
        title: 'Cold call practice',
        customParameters: { scenario_id: 'cold-call-objections' },
        lineItem: { label: 'Cold call', scoreMaximum: 10 },
      })
    ).id
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
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // The tool's frame keeps its own site either way; in-process frames spare Playwright losing
      // track of a frame that moves between processes mid-launch (127.0.0.1, localhost, back).
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-site-isolation-trials',
        '--disable-features=IsolateOrigins,site-per-process',
      ],
    })
    const [name, value] = (await platform.signIn(learner)).split(/=(.*)/s) as [string, string]
    await context.addCookies([
      { name, value, domain: 'localhost', path: '/', sameSite: 'None', secure: true },
    ])
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await context?.close()
    await pair?.close()
    if (profile) rmSync(profile, { recursive: true, force: true })
  })

  async function newPage(): Promise<Page> {
    const page = await context.newPage()
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text()))
        violations.push(message.text())
    })
    return page
  }

  async function shot(page: Page, name: string) {
    if (SCREENSHOTS)
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
  }

  /** Inside the LMS's iframe: re-resolved at every step, as the frame navigates across sites. */
  const toolFrame = (page: Page) => page.frameLocator('iframe[name="lti-tool"]')

  async function play(
    frame: FrameLocator | Page,
    page: Page,
    path: readonly string[],
    name: string,
    startButton: 'start' | 'play-again' = 'start',
  ) {
    await frame.getByTestId(startButton).click()
    for (const [i, reply] of path.entries()) {
      const button = frame.getByTestId(`reply-${reply}`)
      await button.waitFor({ timeout: 15_000 })
      if (i === 2) await shot(page, `${name}-step`)
      await button.click()
    }
    await frame.getByTestId('final-score').waitFor({ timeout: 15_000 })
    await shot(page, `${name}-end`)
    return (await frame.getByTestId('final-score').textContent())?.trim()
  }

  const gradebook = async () =>
    (await pair.platform.api(`/courses/${courseId}/gradebook`)).body as { scoreGiven: number }[]

  it('plays to 80 in the LMS iframe, replays to 60, and the gradebook keeps 8 / 10', async () => {
    const page = await newPage()
    await page.goto(`${pair.platform.url}/courses/${courseId}/links/${linkId}/embed`)
    const frame = toolFrame(page)
    await frame.getByTestId('start').waitFor({ timeout: 15_000 })
    expect(new URL(page.frame({ name: 'lti-tool' })?.url() ?? '').origin).toBe(pair.tool.server.url)
    await shot(page, 'player-briefing')

    expect(await play(frame, page, COLD_CALL_80, 'player-80')).toBe('80')
    expect(await frame.getByTestId('passback-status').getAttribute('data-state')).toBe('sent')
    await pair.tool.server.passback.drain()
    expect(await gradebook()).toEqual([expect.objectContaining({ scoreGiven: 8 })])

    expect(await play(frame, page, COLD_CALL_60, 'player-60', 'play-again')).toBe('60')
    await pair.tool.server.passback.drain()
    expect(await gradebook()).toEqual([expect.objectContaining({ scoreGiven: 8 })])
    expect(violations).toEqual([])
    await page.close()
  }, 60_000)

  it('plays in a window of its own at phone width', async () => {
    const page = await newPage()
    await page.setViewportSize({ width: 360, height: 740 })
    await page.goto(`${pair.platform.url}/courses/${courseId}/links/${linkId}/embed`)
    await toolFrame(page).getByTestId('start').waitFor({ timeout: 15_000 })
    // The page the launch landed on, opened at the top level (the session is in its URL).
    const landed = page.frame({ name: 'lti-tool' })?.url() ?? ''
    expect(landed).toMatch(/\/play\/.+\?session=/)
    const own = await newPage()
    await own.setViewportSize({ width: 360, height: 740 })
    await own.goto(landed)
    const score = await play(own, own, COLD_CALL_80, 'player-phone')
    expect(score).toBe('80')
    const width = await own.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(360)
    expect(violations).toEqual([])
    await own.close()
    await page.close()
  }, 60_000)
})
