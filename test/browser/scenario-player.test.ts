/**
 * The scenario player in a real browser (Debian's Chromium): launched from the platform's course
 * page into its iframe, the platform on localhost and the tool on 127.0.0.1 (two sites) with the
 * tool's cookies blocked, the learner clicks through the first demo scenario to 80 and replays to
 * 60; the platform's gradebook keeps 8 / 10. No CSP violation on the way, and the pages work at
 * phone width. Set `LTIKIT_SCREENSHOT_DIR` to keep screenshots of each screen.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoScript } from '../../src/bin/demo-seed.js'
import type { TestUser } from '../support/platform-harness.js'
import { COLD_CALL_60, COLD_CALL_80 } from '../support/scenario-scripts.js'
import { createLearnerCourse, startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'
import { chromiumLaunchOptions, launchChromiumWithToolCookiesBlocked } from './support/chromium.js'
import type { PersistentChromium } from './support/chromium.js'

const SCREENSHOTS = process.env.LTIKIT_SCREENSHOT_DIR

describe('scenario player in Chromium', { timeout: 60_000 }, () => {
  let pair: ToolPlatformPair
  let browser: PersistentChromium
  let context: BrowserContext
  let courseId: string
  let linkId: string
  let learner: TestUser
  const violations: string[] = []

  beforeAll(async () => {
    // Throws (never skips) when Chromium is missing.
    chromiumLaunchOptions()
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
    const course = await createLearnerCourse(
      pair,
      { title: 'Sales 101' },
      {
        title: 'Cold call practice',
        scenario: 'cold-call-objections',
        lineItem: { label: 'Cold call', scoreMaximum: 10 },
      },
    )
    ;({ courseId, learner } = course)
    linkId = course.link.id
    // The tool's frame keeps its own site either way; in-process frames spare Playwright losing
    // track of a frame that moves between processes mid-launch (127.0.0.1, localhost, back).
    browser = await launchChromiumWithToolCookiesBlocked(await pair.platform.signIn(learner), [
      '--disable-site-isolation-trials',
      '--disable-features=IsolateOrigins,site-per-process',
    ])
    context = browser.context
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await pair?.close()
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
      await button.waitFor({ timeout: 30_000 })
      if (i === 2) await shot(page, `${name}-step`)
      await button.click()
    }
    await frame.getByTestId('final-score').waitFor({ timeout: 30_000 })
    await shot(page, `${name}-end`)
    return (await frame.getByTestId('final-score').textContent())?.trim()
  }

  const gradebook = async () =>
    (await pair.platform.api(`/courses/${courseId}/gradebook`)).body as { scoreGiven: number }[]

  it('plays to 80 in the LMS iframe, replays to 60, and the gradebook keeps 8 / 10', async () => {
    const page = await newPage()
    await page.goto(`${pair.platform.url}/courses/${courseId}/links/${linkId}/embed`)
    const frame = toolFrame(page)
    await frame.getByTestId('start').waitFor({ timeout: 30_000 })
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
    await toolFrame(page).getByTestId('start').waitFor({ timeout: 30_000 })
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
