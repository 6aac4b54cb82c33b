/** The platform's pages for people: sign-in, course list, course page, sign-out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/databases.js'
import { sessionCookieOf, startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../support/platform-harness.js'

const TOOL = 'http://127.0.0.1:9/tool'

describe.each(DIALECTS)('platform pages (%s)', (dialect) => {
  let platform: TestPlatform
  let learner: TestUser
  let instructor: TestUser
  let outsider: TestUser
  let course: string
  let quiz: { id: string; lineItemId?: string }
  let reading: { id: string }
  let dlTool: { id: string }
  let plainTool: { id: string }

  beforeAll(async () => {
    platform = await startTestPlatform(dialect)
    ;[learner, instructor, outsider] = await Promise.all([
      platform.createUser({ name: 'Lena Learner' }),
      platform.createUser({ name: 'Ivan Instructor' }),
      platform.createUser({ name: 'Otto Outsider' }),
    ])
    course = await platform.createCourse({
      title: 'Biology 101',
      gradingScale: { type: 'percentage' },
    })
    await platform.enroll(course, learner.id, ['Learner'])
    await platform.enroll(course, instructor.id, ['Instructor'])
    dlTool = await platform.registerTool(TOOL, { name: 'Quiz Maker' })
    plainTool = await platform.registerTool(TOOL, {
      name: 'Plain Reader',
      services: { ags: false, nrps: false, deepLinking: false },
    })
    quiz = await platform.addLink(course, {
      toolId: dlTool.id,
      title: 'Cell quiz',
      lineItem: { label: 'Cell quiz', scoreMaximum: 20 },
    })
    reading = await platform.addLink(course, { toolId: plainTool.id, title: 'Mitosis reading' })
  })
  afterAll(async () => {
    await platform?.close()
  })

  // scrypt makes each sign-in cost a fraction of a second: sign each user in once.
  const cookies = new Map<string, Promise<string>>()
  const session = (user: TestUser) => {
    if (!cookies.has(user.id)) cookies.set(user.id, platform.signIn(user))
    return cookies.get(user.id)!
  }

  describe('sign-in', () => {
    it('shows the form with no script allowed and no caching', async () => {
      const response = await platform.get('/login?next=%2Fcourses%2Fabc')
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain('name="password"')
      expect(html).toContain('value="/courses/abc"')
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(response.headers.get('cache-control')).toBe('no-store')
    })

    it('signs in and goes to a same-site next path with a session cookie', async () => {
      const response = await platform.postForm('/login', {
        email: learner.email.toUpperCase(),
        password: learner.password,
        next: `/courses/${course}`,
      })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe(`/courses/${course}`)
      const setCookie = response.headers.getSetCookie().join('\n')
      expect(setCookie).toMatch(/HttpOnly/)
      // Loopback is a secure context even over plain http: the cookie reaches the course page's
      // frame (SameSite=None needs Secure), as it does over https in production.
      expect(setCookie).toMatch(/SameSite=None; Secure/)
      expect(sessionCookieOf(response)).toBeDefined()
    })

    it('never redirects to another site after sign-in', async () => {
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'x']) {
        const response = await platform.postForm('/login', {
          email: learner.email,
          password: learner.password,
          next,
        })
        expect(response.status, next).toBe(303)
        expect(response.headers.get('location'), next).toBe('/')
      }
    })

    it('refuses a wrong password and an unknown e-mail alike, on the form, with 401', async () => {
      for (const fields of [
        { email: learner.email, password: 'not-the-password' },
        { email: 'nobody@example.test', password: learner.password },
      ]) {
        const response = await platform.postForm('/login', fields)
        expect(response.status).toBe(401)
        expect(sessionCookieOf(response)).toBeUndefined()
        const html = await response.text()
        expect(html).toContain('data-code="LTI_SIGN_IN_FAILED"')
        expect(html).toContain('name="password"')
      }
    })

    it('refuses a cross-site post of the sign-in form', async () => {
      const response = await platform.postForm(
        '/login',
        { email: learner.email, password: learner.password },
        { origin: 'https://evil.example', accept: 'application/json' },
      )
      expect(response.status).toBe(400)
      expect((await response.json()).error.code).toBe('LTI_REQUEST_INVALID')
      expect(sessionCookieOf(response)).toBeUndefined()
    })
  })

  describe('pages that need a signed-in user', () => {
    it('send a visitor to sign in, and back afterwards', async () => {
      for (const path of ['/', `/courses/${course}`]) {
        const response = await platform.get(path)
        expect(response.status).toBe(303)
        expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`)
      }
    })

    it('treat an altered session cookie as no session', async () => {
      const cookie = await session(learner)
      const response = await platform.get(`/courses/${course}`, `${cookie}x`)
      expect(response.status).toBe(303)
    })

    it("list the user's courses", async () => {
      const cookie = await session(learner)
      const response = await platform.get('/', cookie)
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain('Lena Learner')
      expect(html).toContain(`href="/courses/${course}"`)
      expect(html).toContain('Biology 101')
      const other = await platform.get('/', await session(outsider))
      expect(await other.text()).not.toContain('Biology 101')
    })
  })

  describe('course page', () => {
    it('shows a learner the activities with launch buttons, and no gradebook', async () => {
      const response = await platform.get(`/courses/${course}`, await session(learner))
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain('Cell quiz')
      expect(html).toContain('Mitosis reading')
      // Both open in the course page (the default presentation): their page frames the launch.
      for (const link of [quiz, reading]) {
        expect(html).toContain(`href="/courses/${course}/links/${link.id}"`)
      }
      expect(html).toContain(`href="/courses/${course}/grades"`)
      expect(html).not.toContain('/gradebook')
      expect(html).not.toContain('/deep-linking')
      expect(html).not.toContain('/activities/new')
    })

    it("starts a launch from the button: third-party login at the tool's login URL", async () => {
      const response = await platform.get(
        `/courses/${course}/links/${quiz.id}/launch`,
        await session(learner),
      )
      expect(response.status).toBe(302)
      const location = new URL(response.headers.get('location')!)
      expect(`${location.origin}${location.pathname}`).toBe(`${TOOL}/login`)
      expect(location.searchParams.get('iss')).toBe(platform.url)
      expect(location.searchParams.get('login_hint')).toBeTruthy()
    })

    it('opens an activity embedded from the smaller link, with platform storage for the tool', async () => {
      const response = await platform.get(
        `/courses/${course}/links/${quiz.id}/embed`,
        await session(learner),
      )
      expect(response.status).toBe(200)
      const html = await response.text()
      const src = /<iframe[^>]* src="([^"]+)"/.exec(html)?.[1]
      expect(src).toBe(`/courses/${course}/links/${quiz.id}/launch?lti_storage_target=_parent`)
      // The frame's launch goes on to the tool's login, naming this page as the storage.
      const launch = await platform.get(src!, await session(learner))
      expect(launch.status).toBe(302)
      const login = new URL(launch.headers.get('location')!)
      expect(`${login.origin}${login.pathname}`).toBe(`${TOOL}/login`)
      expect(login.searchParams.get('lti_storage_target')).toBe('_parent')
      expect(html).toContain('id="lti-storage-config"')
      expect(html).toContain(`href="/courses/${course}/links/${quiz.id}/launch"`)
    })

    it('refuses a user who is not enrolled', async () => {
      const cookie = await session(outsider)
      const page = await platform.get(`/courses/${course}`, cookie)
      expect(page.status).toBe(403)
      expect(await page.text()).not.toContain('Cell quiz')
      const json = await fetch(`http://127.0.0.1:${platform.server.port}/courses/${course}`, {
        headers: { cookie, accept: 'application/json' },
      })
      expect((await json.json()).error.code).toBe('LTI_NOT_ENROLLED')
    })

    it('answers an unknown course with LTI_CONTEXT_NOT_FOUND', async () => {
      const response = await fetch(`http://127.0.0.1:${platform.server.port}/courses/nope`, {
        headers: { cookie: await session(learner), accept: 'application/json' },
      })
      expect(response.status).toBe(404)
      expect((await response.json()).error.code).toBe('LTI_CONTEXT_NOT_FOUND')
    })

    it('shows an instructor content buttons for DL tools, and the converted gradebook', async () => {
      await platform.stores.scores.putScore({
        lineItemId: quiz.lineItemId!,
        userId: learner.id,
        scoreGiven: 17,
        scoreMaximum: 20,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: '2026-11-23T10:00:00Z',
        timestampMicros: Date.parse('2026-11-23T10:00:00Z') * 1000,
        receivedAt: Date.now(),
      })
      const html = await (
        await platform.get(`/courses/${course}`, await session(instructor))
      ).text()
      // The picker in the course page's panel, or in a window of its own.
      expect(html).toContain(`href="/courses/${course}/tools/${dlTool.id}/add-content"`)
      expect(html).toContain(
        `href="/courses/${course}/tools/${dlTool.id}/deep-linking?target=window"`,
      )
      expect(html).toContain('Add content from Quiz Maker')
      expect(html).not.toContain(`/tools/${plainTool.id}/`)
      expect(html).toContain(`href="/courses/${course}/gradebook"`)
      const gradebook = await (
        await platform.get(`/courses/${course}/gradebook`, await session(instructor))
      ).text()
      expect(gradebook).toContain('data-testid="gradebook"')
      const row = gradebook.slice(gradebook.indexOf(`data-user-id="${learner.id}"`))
      expect(row).toContain('Lena Learner')
      expect(row).toContain('85%')
    })

    it('renders deep-linked content without letting it run in the page', async () => {
      const items = [
        { type: 'html' as const, title: 'Fragment', html: '<script>alert(1)</script><b>hi</b>' },
        { type: 'link' as const, title: 'Bad link', url: 'javascript:alert(1)' },
        { type: 'link' as const, title: 'Good link', url: 'https://example.com/read' },
        { type: 'image' as const, title: 'Diagram', url: 'https://example.com/cell.png' },
      ]
      for (const item of items) {
        await platform.stores.links.createContentItem({
          contextId: course,
          toolId: dlTool.id,
          ...item,
          raw: { ...item },
        })
      }
      const html = await (await platform.get(`/courses/${course}`, await session(learner))).text()
      expect(html).not.toContain('<script>')
      expect(html).toMatch(
        /<iframe[^>]*sandbox=""[^>]*srcdoc="&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
      )
      expect(html).not.toContain('href="javascript:')
      expect(html).toContain('Bad link')
      expect(html).toContain('href="https://example.com/read"')
      expect(html).toContain('src="https://example.com/cell.png"')
    })
  })

  describe('sign-out', () => {
    it('needs the token of the page, then clears the session cookie', async () => {
      const cookie = await platform.signIn(learner)
      const html = await (await platform.get('/', cookie)).text()
      const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1]
      expect(token).toBeDefined()

      const forged = await platform.postForm(
        '/logout',
        { csrf: 'forged' },
        { cookie, accept: 'application/json' },
      )
      expect(forged.status).toBe(400)
      expect((await forged.json()).error.code).toBe('LTI_REQUEST_INVALID')

      const response = await platform.postForm('/logout', { csrf: token! }, { cookie })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe('/login')
      expect(response.headers.getSetCookie().join('\n')).toMatch(/Max-Age=0/)
    })
  })
})
