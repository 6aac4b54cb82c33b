/**
 * The platform's course pages as people use them: the dashboard, an instructor adding an
 * activity (custom parameters, presentation, graded), an activity's page framing its launch or
 * opening a window, deep linking in the course page's panel, the return URL with the tool's
 * message, the instructor's gradebook page and a learner's own grades.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScoreRecord } from '../../src/platform/ports.js'
import { DIALECTS } from '../support/databases.js'
import { pageFormToken, startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../support/platform-harness.js'

const TOOL = 'http://127.0.0.1:9/tool'

const score = (lineItemId: string, userId: string, given: number, max: number): ScoreRecord => ({
  lineItemId,
  userId,
  scoreGiven: given,
  scoreMaximum: max,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp: '2026-11-23T10:00:00Z',
  timestampMicros: Date.parse('2026-11-23T10:00:00Z') * 1000,
  receivedAt: Date.now(),
})

describe.each(DIALECTS)('platform course pages (%s)', (dialect) => {
  let platform: TestPlatform
  let learner: TestUser
  let other: TestUser
  let instructor: TestUser
  let course: string
  let tool: { id: string }
  let disabledTool: { id: string }
  const cookies = new Map<string, Promise<string>>()
  const session = (user: TestUser) => {
    if (!cookies.has(user.id)) cookies.set(user.id, platform.signIn(user))
    return cookies.get(user.id)!
  }

  beforeAll(async () => {
    platform = await startTestPlatform(dialect)
    ;[learner, other, instructor] = await Promise.all([
      platform.createUser({ name: 'Lena Learner' }),
      platform.createUser({ name: 'Otto Other' }),
      platform.createUser({ name: 'Ivan Instructor' }),
    ])
    course = await platform.createCourse({
      title: 'Negotiation 101',
      label: 'NEG101',
      gradingScale: { type: 'percentage' },
    })
    await platform.enroll(course, learner.id, ['Learner'])
    await platform.enroll(course, other.id, ['Learner'])
    await platform.enroll(course, instructor.id, ['Instructor'])
    tool = await platform.registerTool(TOOL, { name: 'Roleplay Trainer' })
    disabledTool = await platform.registerTool(TOOL, { name: 'Retired Tool' })
    await platform.api(`/tools/${disabledTool.id}/disable`, { method: 'POST' })
  })
  afterAll(async () => {
    await platform?.close()
  })

  const page = async (path: string, user: TestUser, status = 200) => {
    const response = await platform.get(path, await session(user))
    expect(response.status, path).toBe(status)
    return { html: await response.text(), headers: response.headers }
  }
  const addActivity = async (fields: Record<string, string>, user = instructor) => {
    const { html } = await page(`/courses/${course}/activities/new`, instructor)
    return platform.postForm(
      `/courses/${course}/activities`,
      { csrf: pageFormToken(html), ...fields },
      { cookie: await session(user) },
    )
  }
  const srcOf = (html: string) =>
    /<iframe[^>]*\ssrc="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&')

  it('shows the dashboard as course cards with label and role', async () => {
    const { html, headers } = await page('/', learner)
    expect(html).toContain('data-testid="course-card"')
    expect(html).toContain('Negotiation 101')
    expect(html).toContain('NEG101')
    expect(html).toContain('data-role="Learner"')
    expect(headers.get('content-security-policy')).toContain("style-src 'self'")
    expect(html).not.toMatch(/<style|\sstyle="/)
    const css = await fetch(`${platform.url}/assets/platform.css`)
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
    expect(await css.text()).toContain(':focus-visible')
  })

  describe('adding an activity', () => {
    it('offers the active tools only, to instructors only', async () => {
      const { html } = await page(`/courses/${course}/activities/new`, instructor)
      expect(html).toContain(`<option value="${tool.id}"`)
      expect(html).not.toContain(disabledTool.id)
      for (const name of ['toolId', 'title', 'customParameters', 'scoreMaximum']) {
        expect(html, name).toContain(`<label for="field-${name}"`)
      }
      const refused = await platform.get(
        `/courses/${course}/activities/new`,
        await session(learner),
      )
      expect(refused.status).toBe(403)
      const json = await platform.postForm(
        `/courses/${course}/activities`,
        { toolId: tool.id, title: 'Sneaky' },
        { cookie: await session(learner), accept: 'application/json' },
      )
      expect(json.status).toBe(403)
      expect((await json.json()).error.code).toBe('LTI_TEACHING_ROLE_REQUIRED')
    })

    it('places an activity with custom parameters, window presentation and a line item', async () => {
      const response = await addActivity({
        toolId: tool.id,
        title: 'Salary talk',
        text: 'Ask for a raise',
        customParameters: 'scenario_id=salary-talk\n\nlevel = hard',
        presentation: 'window',
        graded: 'on',
        scoreMaximum: '50',
      })
      expect(response.status).toBe(303)
      const location = response.headers.get('location') ?? ''
      expect(location).toMatch(new RegExp(`^/courses/${course}\\?added=`))
      const id = new URL(location, platform.url).searchParams.get('added')
      const details = (await platform.api(`/courses/${course}`)).body
      const link = details.links.find((l: { id: string }) => l.id === id)
      expect(link).toMatchObject({
        title: 'Salary talk',
        text: 'Ask for a raise',
        toolId: tool.id,
        customParameters: { scenario_id: 'salary-talk', level: 'hard' },
        presentation: 'window',
      })
      const lineItem = await platform.stores.lineItems.findLineItem(link.lineItemId)
      expect(lineItem).toMatchObject({ linkId: id, label: 'Salary talk', scoreMaximum: 50 })

      const { html } = await page(location, instructor)
      expect(html).toContain('data-testid="activity-added"')
      const item = html.slice(html.indexOf(`data-link-id="${id}"`))
      expect(item).toMatch(
        new RegExp(`href="/courses/${course}/links/${id}/launch" target="_blank" rel="noopener"`),
      )
      expect(item).toContain('data-presentation="window"')
    })

    it('offers LTI 1.1 tools too, and places one with its name on the course page', async () => {
      const lti11 = (
        await platform.api('/lti11-tools', {
          method: 'POST',
          body: {
            name: 'Legacy Quiz',
            launchUrl: 'http://127.0.0.1:9/lti11',
            consumerKey: `quiz-${dialect}`,
            sharedSecret: 'a-shared-secret-of-enough-length',
          },
        })
      ).body
      const { html } = await page(`/courses/${course}/activities/new`, instructor)
      expect(html).toContain(`<option value="${lti11.id}"`)
      expect(html).toContain('Legacy Quiz (LTI 1.1)')
      const response = await addActivity({
        toolId: lti11.id,
        title: 'Old quiz',
        presentation: 'iframe',
      })
      expect(response.status).toBe(303)
      const added = new URL(response.headers.get('location') ?? '', platform.url)
      const details = (await platform.api(`/courses/${course}`)).body
      expect(
        details.links.find((l: { id: string }) => l.id === added.searchParams.get('added')),
      ).toMatchObject({ toolId: lti11.id, title: 'Old quiz' })
      const course_ = await page(added.pathname + added.search, instructor)
      const item = course_.html.slice(course_.html.indexOf('Old quiz'))
      expect(item.slice(0, 2000)).toContain('Legacy Quiz')
    })

    it('answers wrong fields with their messages and places nothing', async () => {
      const before = (await platform.api(`/courses/${course}`)).body.links.length
      const response = await addActivity({
        toolId: disabledTool.id,
        title: '',
        customParameters: 'scenario_id=x\nno equals sign',
        presentation: 'iframe',
        graded: 'on',
        scoreMaximum: '-3',
      })
      expect(response.status).toBe(400)
      const html = await response.text()
      for (const field of ['toolId', 'title', 'customParameters', 'scoreMaximum']) {
        expect(html, field).toContain(`data-error-for="${field}"`)
      }
      expect(html).toContain('line 2: write it as key=value')
      expect((await platform.api(`/courses/${course}`)).body.links.length).toBe(before)
    })

    it("refuses the form without the page's token and from another site", async () => {
      const cookie = await session(instructor)
      const fields = { toolId: tool.id, title: 'Forged' }
      const bare = await platform.postForm(`/courses/${course}/activities`, fields, {
        cookie,
        accept: 'application/json',
      })
      expect(bare.status).toBe(400)
      const { html } = await page(`/courses/${course}/activities/new`, instructor)
      const crossSite = await platform.postForm(
        `/courses/${course}/activities`,
        { ...fields, csrf: pageFormToken(html) },
        { cookie, origin: 'https://evil.example', accept: 'application/json' },
      )
      expect(crossSite.status).toBe(400)
      expect((await crossSite.json()).error.code).toBe('LTI_REQUEST_INVALID')
    })
  })

  describe('launching', () => {
    it('frames the launch URL in the course page for an iframe activity', async () => {
      const link = await platform.addLink(course, { toolId: tool.id, title: 'Framed practice' })
      const course$ = await page(`/courses/${course}`, learner)
      expect(course$.html).toContain(`href="/courses/${course}/links/${link.id}"`)
      const { html, headers } = await page(`/courses/${course}/links/${link.id}`, learner)
      expect(html).toContain('data-testid="tool-frame"')
      expect(html).toMatch(/<iframe[^>]*title="Framed practice"/)
      expect(srcOf(html)).toBe(
        `/courses/${course}/links/${link.id}/launch?lti_storage_target=_parent`,
      )
      const csp = headers.get('content-security-policy') ?? ''
      expect(csp).toContain("frame-src 'self' http://127.0.0.1:9")
      expect(csp).toContain("script-src 'self'")
      expect(html).toContain(`href="/courses/${course}/links/${link.id}/launch" target="_blank"`)
    })

    it('offers a new window, and no frame, for a window activity', async () => {
      const link = await platform.addLink(course, {
        toolId: tool.id,
        title: 'Popup practice',
        presentation: 'window',
      })
      const { html } = await page(`/courses/${course}/links/${link.id}`, learner)
      expect(html).not.toContain('<iframe')
      expect(html).toMatch(
        new RegExp(`href="/courses/${course}/links/${link.id}/launch" target="_blank"`),
      )
      const launch = await platform.get(
        `/courses/${course}/links/${link.id}/launch`,
        await session(learner),
      )
      expect(launch.status).toBe(302)
      expect(new URL(launch.headers.get('location')!).searchParams.has('lti_storage_target')).toBe(
        false,
      )
    })

    it('brings the learner back with the tool message shown as text', async () => {
      const query = new URLSearchParams({
        lti_msg: '<b>Well done</b>\u0007 80 points',
        lti_errormsg: 'x'.repeat(900),
        lti_log: 'internal',
      })
      const { html, headers } = await page(`/courses/${course}/return?${query}`, learner)
      expect(html).toContain('data-testid="lti-msg"')
      expect(html).toContain('&lt;b&gt;Well done&lt;/b&gt;  80 points')
      expect(html).not.toContain('<b>Well done')
      expect(html).toContain(`${'x'.repeat(500)}</p>`)
      expect(html).not.toContain('x'.repeat(501))
      expect(html).not.toContain('internal')
      expect(html).toContain('src="/static/platform-return.js"')
      expect(headers.get('content-security-policy')).toContain("script-src 'self'")
      const script = await fetch(`${platform.url}/static/platform-return.js`)
      expect(await script.text()).toContain('window.top.location.replace')
      const plain = await page(`/courses/${course}`, learner)
      expect(plain.html).not.toContain('platform-return.js')
    })

    it('opens the deep linking picker in the panel, for instructors', async () => {
      const { html, headers } = await page(
        `/courses/${course}/tools/${tool.id}/add-content`,
        instructor,
      )
      const src = srcOf(html) ?? ''
      expect(src).toBe(
        `/courses/${course}/tools/${tool.id}/deep-linking?target=iframe&lti_storage_target=_parent`,
      )
      expect(headers.get('content-security-policy')).toContain('frame-src')
      const start = await platform.get(src, await session(instructor))
      expect(start.status).toBe(302)
      const login = new URL(start.headers.get('location')!)
      expect(`${login.origin}${login.pathname}`).toBe(`${TOOL}/login`)
      expect(login.searchParams.get('lti_storage_target')).toBe('_parent')
      await page(`/courses/${course}/tools/${tool.id}/add-content`, learner, 403)
      await page(`/courses/${course}/tools/${disabledTool.id}/add-content`, instructor, 403)
    })
  })

  describe('grades', () => {
    let graded: { id: string; lineItemId?: string }
    let hidden: string

    beforeAll(async () => {
      graded = await platform.addLink(course, {
        toolId: tool.id,
        title: 'Graded scenario',
        lineItem: { label: 'Scenario score', scoreMaximum: 10 },
      })
      await platform.stores.scores.putScore(score(graded.lineItemId!, learner.id, 80, 100))
      await platform.stores.scores.putScore(score(graded.lineItemId!, other.id, 6, 10))
      // A column whose grades the tool has not released to learners yet.
      const lineItem = await platform.stores.lineItems.createLineItem({
        contextId: course,
        toolId: tool.id,
        label: 'Hidden column',
        scoreMaximum: 5,
        gradesReleased: false,
      })
      hidden = lineItem.id
      await platform.stores.scores.putScore(score(hidden, learner.id, 5, 5))
    })

    it("shows a learner their own grades on the course's scale, no one else's", async () => {
      const { html } = await page(`/courses/${course}/grades`, learner)
      const cell = /data-testid="my-grade" data-link="Graded scenario"[^>]*>([^<]*)</.exec(html)
      expect(cell?.[1]).toBe('80%')
      expect(html).not.toContain('60%')
      expect(html).not.toContain('Hidden column')
      expect(html).toContain('data-link="Salary talk"')
      const otherHtml = (await page(`/courses/${course}/grades`, other)).html
      expect(
        /data-testid="my-grade" data-link="Graded scenario"[^>]*>([^<]*)</.exec(otherHtml)?.[1],
      ).toBe('60%')
    })

    it('shows the instructor learners × activities on its own page', async () => {
      const { html } = await page(`/courses/${course}/gradebook`, instructor)
      expect(html).toContain('data-testid="gradebook"')
      const cell = (user: TestUser, link: string) =>
        new RegExp(`data-user="${user.email}" data-link="${link}"[^>]*>([^<]*)<`).exec(html)?.[1]
      expect(cell(learner, 'Graded scenario')).toBe('80%')
      expect(cell(other, 'Graded scenario')).toBe('60%')
      expect(cell(learner, 'Hidden column')).toBe('100%')
      expect(cell(other, 'Salary talk')).toBe('—')
      expect(html).not.toContain(`data-user="${instructor.email}"`)
      const refused = await fetch(`${platform.url}/courses/${course}/gradebook`, {
        headers: { cookie: await session(learner), accept: 'application/json' },
      })
      expect(refused.status).toBe(403)
      expect((await refused.json()).error.code).toBe('LTI_TEACHING_ROLE_REQUIRED')
    })
  })
})
