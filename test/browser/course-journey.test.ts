/**
 * Journeys 2 and 3, one course's story: an instructor adds a scenario by deep linking (the tool's
 * picker inside the LMS's course); a learner opens it in the course's iframe, plays it to 80, and
 * the instructor's gradebook shows it on the course's letter scale; the learner replays to 60 and
 * the grade stays at the best score, once the passback worker has posted the replay.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0
 */
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_SCRIPTS } from '../../src/tool/scenarios/demo/demo-scripts.js'
import { launchChromium } from './support/chromium.js'
import { createCourse, letterOf } from './support/course.js'
import type { TestCourse } from './support/course.js'
import { checkedScript, pathScoring } from './support/scenario-paths.js'
import { PHONE_VIEWPORT, DESKTOP_VIEWPORT, screenshot } from './support/screenshots.js'
import { addDemoScenario, startConnectedServers } from './support/servers.js'
import type { ConnectedServers } from './support/servers.js'
import { newPerson, signInToLms } from './support/sign-in.js'

const SCENARIO = 'cold-call-objections'
const TITLE = 'Handling objections on a cold call'
const script = checkedScript(DEMO_SCRIPTS[SCENARIO])
const PATH_80 = pathScoring(script, 80)
const PATH_60 = pathScoring(script, 60)

describe('a course adds a scenario, plays it and grades it', { timeout: 90_000 }, () => {
  let servers: ConnectedServers
  let browser: Browser
  let course: TestCourse
  let instructor: Page
  let learner: Page
  let linkId: string

  beforeAll(async () => {
    ;[servers, browser] = await Promise.all([startConnectedServers(), launchChromium()])
    await Promise.all([
      addDemoScenario(servers, SCENARIO, TITLE),
      addDemoScenario(servers, 'discovery-call', 'Running a discovery call'),
    ])
    course = await createCourse(servers.platform)
    ;[{ page: instructor }, { page: learner }] = await Promise.all([
      newPerson(browser),
      newPerson(browser),
    ])
  })

  afterAll(async () => {
    await browser?.close()
    await servers?.close()
  })

  const coursePath = () => `/courses/${course.id}`
  /** The tool in the LMS page's frame, whatever page of it is showing. */
  const toolFrame = (page: Page): FrameLocator => page.locator('iframe').first().contentFrame()

  it('an instructor adds a scenario by deep linking', async () => {
    await signInToLms(instructor, servers.platformUrl, course.instructor, coursePath())
    await expect(instructor.getByTestId('no-activities').isVisible()).resolves.toBe(true)
    const add = instructor
      .locator(`[data-tool-id="${servers.pair.registered.id}"]`)
      .getByTestId('add-content')
    await expect(add.textContent()).resolves.toMatch(/^Add content from /)
    await add.click()

    // The tool's picker, inside the LMS's page: pick the scenario and add it.
    const picker = toolFrame(instructor)
    await picker.getByLabel(TITLE).check()
    await picker.getByRole('button', { name: 'Add to course' }).click()

    // The LMS confirms in the panel what was added; back on the course page, it is listed.
    await picker.getByTestId('dl-link').first().waitFor()
    await expect(picker.getByTestId('dl-link').allTextContents()).resolves.toEqual([
      expect.stringContaining(TITLE),
    ])
    await screenshot(instructor, 'lms-deep-linking-added')
    await picker.getByTestId('dl-back').click()
    await instructor.waitForURL((url) => url.pathname === coursePath())
    const activity = instructor.getByTestId('activity').filter({ hasText: TITLE })
    await activity.waitFor()
    await expect(instructor.getByTestId('activity').count()).resolves.toBe(1)
    linkId = (await activity.getAttribute('data-link-id')) ?? ''
    expect(linkId).not.toBe('')
    await screenshot(instructor, 'lms-course')
    await instructor.setViewportSize(PHONE_VIEWPORT)
    await screenshot(instructor, 'lms-course-phone')
    await instructor.setViewportSize(DESKTOP_VIEWPORT)
  })

  it('a learner plays it in the iframe; the gradebook keeps the best score', async () => {
    expect(linkId, 'the activity the instructor added').toBeTruthy()
    await signInToLms(learner, servers.platformUrl, course.learner, coursePath())
    await learner
      .getByTestId('activity')
      .filter({ hasText: TITLE })
      .getByTestId('launch-link')
      .click()
    const player = toolFrame(learner)
    await player.getByTestId('start').click()

    await play(player, PATH_80, async (turn) => {
      if (turn !== 2) return
      await screenshot(learner, 'player-conversation')
      await learner.setViewportSize(PHONE_VIEWPORT)
      await screenshot(learner, 'player-conversation-phone')
      await learner.setViewportSize(DESKTOP_VIEWPORT)
    })
    await expect(player.getByTestId('final-score').textContent()).resolves.toBe('80')
    await screenshot(learner, 'player-final-score')

    // The passback worker posts the score; the gradebook shows it on the course's scale.
    await instructor.goto(`${servers.platformUrl}${coursePath()}/gradebook`)
    const cell = instructor
      .getByTestId('gradebook')
      .locator(`td[data-user-id="${course.learner.id}"][data-link="${TITLE}"]`)
    await expectEventually(instructor, cell, letterOf(80))
    await screenshot(instructor, 'lms-gradebook')

    // A replay scoring 60 is recorded and posted, but the best score stays in the gradebook.
    await player.getByTestId('play-again').click()
    await play(player, PATH_60)
    await expect(player.getByTestId('final-score').textContent()).resolves.toBe('60')
    await expect(player.getByTestId('best-score').textContent()).resolves.toContain('80')
    await vi.waitFor(
      async () => {
        const attempts = await servers.tool.api(`/workspaces/${servers.ws.slug}/attempts`)
        expect(attempts.body).toMatchObject([
          {
            results: [{ score: 80 }, { score: 60 }],
            passback: { status: 'posted', postedScore: 80 },
          },
        ])
      },
      { timeout: 30_000, interval: 200 },
    )
    await instructor.reload()
    await expect(cell.textContent()).resolves.toBe(letterOf(80))
    expect(letterOf(60)).not.toBe(letterOf(80))

    // The learner sees the same grade on their own grades page.
    await learner.goto(`${servers.platformUrl}${coursePath()}/grades`)
    await expect(learner.getByTestId('my-grade').first().textContent()).resolves.toContain(
      letterOf(80),
    )
  })
})

/** Picks the replies of `path` one by one, each on the line that offers it. */
async function play(
  player: FrameLocator,
  path: readonly string[],
  afterTurn: (turn: number) => Promise<void> = async () => {},
): Promise<void> {
  for (const [i, replyId] of path.entries()) {
    await player.getByTestId(`reply-${replyId}`).click()
    // The next line (or the end) has loaded before the next reply is looked for.
    if (i < path.length - 1) await player.getByTestId(`reply-${path[i + 1]}`).waitFor()
    else await player.getByTestId('final-score').waitFor()
    await afterTurn(i + 1)
  }
}

/** Reloads `page` until `cell` reads `text` (the passback worker runs on its own schedule). */
async function expectEventually(page: Page, cell: Locator, text: string): Promise<void> {
  await vi.waitFor(
    async () => {
      await page.reload()
      expect(await cell.textContent()).toBe(text)
    },
    { timeout: 30_000, interval: 250 },
  )
}
