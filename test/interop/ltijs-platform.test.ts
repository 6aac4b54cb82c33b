/**
 * Interop with a real peer (issue #3): the npm package ltijs, on PostgreSQL through
 * ltijs-sequelize, runs as a tool registered on our platform. A learner launches it from a course,
 * ltijs posts a score through AGS that lands in our gradebook and reads the roster through NRPS
 * (across pages), and an instructor's deep linking launch returns an activity that becomes a
 * resource link with its line item. Our platform runs on each dialect; ltijs always on PostgreSQL.
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBenchDatabase, dropAllBenchDatabases } from '../../bench/bench-db.js'
import type { BenchDatabase } from '../../bench/bench-db.js'
import { freePort, spawnServer, waitUntilReady } from '../../bench/children.js'
import type { ChildServer } from '../../bench/children.js'
import { ROLE } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../support/platform-harness.js'
import { TestBrowser, readForm } from './browser.js'

const LTIJS_TOOL = fileURLToPath(new URL('./ltijs-tool.cjs', import.meta.url))

afterAll(async () => {
  await dropAllBenchDatabases()
})

// ltijs keeps its own data in PostgreSQL, so it runs only where PostgreSQL does (always in CI).
const ltijsCanRun = DIALECTS.includes('postgres')

for (const dialect of DIALECTS) {
  describe.skipIf(!ltijsCanRun)(`ltijs as a tool on our platform (${dialect})`, () => {
    let platform: TestPlatform
    let ltijs: ChildServer
    let ltijsDb: BenchDatabase
    let courseId: string
    let toolId: string
    let linkId: string
    let learner: TestUser
    let instructor: TestUser

    beforeAll(async () => {
      platform = await startTestPlatform(dialect)
      const port = await freePort()
      const base = `http://127.0.0.1:${port}`
      const tool = await platform.registerTool(base, {
        name: 'ltijs',
        oidcLoginUrl: `${base}/login`,
        // ltijs sends its target link URI as the redirect URI, for launches and deep links alike.
        redirectUris: [`${base}/`],
        targetLinkUri: `${base}/`,
        deepLinkingUrl: `${base}/`,
        jwksUrl: `${base}/keys`,
        customParameters: { course_title: '$Context.title' },
      })
      toolId = tool.id
      ltijsDb = await createBenchDatabase('interop')
      ltijs = spawnServer('ltijs', [LTIJS_TOOL], port, {
        LTIJS_DB: ltijsDb.name,
        LTIJS_KEY: randomBytes(24).toString('hex'),
        PLATFORM_ISSUER: tool.issuer,
        PLATFORM_CLIENT_ID: tool.clientId,
        PLATFORM_AUTH_URL: tool.authenticationRequestUrl,
        PLATFORM_TOKEN_URL: tool.accessTokenUrl,
        PLATFORM_JWKS_URL: tool.jwksUrl,
        SCORE_GIVEN: '85',
      })
      // ltijs generates a 4096-bit RSA key when it registers a platform.
      await waitUntilReady(ltijs, async () => ltijs.output().includes('LTIJS_READY'), 90_000)

      courseId = await platform.createCourse({ title: 'Interop 101', label: 'INT101' })
      learner = await platform.createUser({ name: 'Lena Learner' })
      instructor = await platform.createUser({ name: 'Ian Instructor' })
      const assistant = await platform.createUser({ name: 'Tara Assistant' })
      await platform.enroll(courseId, learner.id, ['Learner'])
      await platform.enroll(courseId, instructor.id, ['Instructor'])
      await platform.enroll(courseId, assistant.id, ['TeachingAssistant'])
      const link = await platform.addLink(courseId, {
        toolId,
        title: 'Graded by ltijs',
        lineItem: { label: 'ltijs score', scoreMaximum: 10 },
      })
      linkId = link.id
    }, 180_000)

    afterAll(async () => {
      await ltijs?.stop()
      await ltijsDb?.drop()
      await platform?.close()
    })

    /** Platform start URL → ltijs login → our authorize → form post to ltijs → ltijs app. */
    async function launch(user: TestUser, startPath: string) {
      const browser = new TestBrowser({ [platform.url]: await platform.signIn(user) })
      const hops = await browser.follow(`${platform.url}${startPath}`)
      const authorize = hops.at(-1)
      expect(authorize?.status, authorize?.body.slice(0, 300)).toBe(200)
      const form = readForm(authorize?.body ?? '')
      expect(Object.keys(form.fields).sort()).toEqual(['id_token', 'state'])
      const landed = await browser.follow(form.action, { form: form.fields })
      const last = landed.at(-1)
      if (last?.status !== 200) throw new Error(`ltijs answered ${last?.status}: ${ltijs.output()}`)
      return { browser, page: last }
    }

    it('launches ltijs, which posts a score to our gradebook and reads the roster', async () => {
      const { page } = await launch(learner, `/courses/${courseId}/links/${linkId}/launch`)
      const seen = JSON.parse(page.body)
      expect(seen.user).toBe(learner.id)
      expect(seen.roles).toContain(ROLE.learner)
      expect(seen.context.title).toBe('Interop 101')
      expect(seen.custom).toEqual({ course_title: 'Interop 101' })
      expect(seen.name).toBe('Lena Learner')
      expect(seen.scoreError).toBeUndefined()
      expect(seen.score.scoreGiven).toBe(85)
      // limit=2 over three members: ltijs must follow our Link rel="next" header.
      expect(seen.membersError).toBeUndefined()
      expect(seen.members.map((m: { user_id: string }) => m.user_id).sort()).toEqual(
        [
          learner.id,
          instructor.id,
          seen.members.find((m: { name: string }) => m.name === 'Tara Assistant')?.user_id,
        ].sort(),
      )
      const assistant = seen.members.find((m: { name: string }) => m.name === 'Tara Assistant')
      expect(assistant.roles).toEqual(
        expect.arrayContaining([ROLE.teachingAssistant, ROLE.instructor]),
      )

      const gradebook = await platform.api(`/courses/${courseId}/gradebook`)
      expect(gradebook.status).toBe(200)
      expect(gradebook.body).toEqual([
        expect.objectContaining({
          userId: learner.id,
          linkId,
          scoreGiven: 85,
          scoreMaximum: 100,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          display: '8.5 / 10',
        }),
      ])
    })

    it('takes a deep link from ltijs and turns it into an activity with a line item', async () => {
      const { browser, page } = await launch(
        instructor,
        `/courses/${courseId}/tools/${toolId}/deep-linking`,
      )
      // ltijs answers with its own auto-posting form back to our deep linking return URL.
      const response = readForm(page.body)
      expect(response.action).toBe(`${platform.url}/lti/deep-linking/return`)
      const absorbed = await browser.request(response.action, { form: response.fields })
      expect(absorbed.status, absorbed.body.slice(0, 500)).toBe(200)
      expect(absorbed.body).toContain('One activity added by ltijs')

      const course = await platform.api(`/courses/${courseId}`)
      const added = course.body.links.find((l: { title: string }) => l.title === 'Chosen in ltijs')
      expect(added).toMatchObject({ toolId, customParameters: { picked_by: 'ltijs' } })
      expect(added.lineItemId).toEqual(expect.any(String))
      const lineItem = await platform.stores.lineItems.findLineItem(added.lineItemId)
      expect(lineItem).toMatchObject({ label: 'ltijs graded activity', scoreMaximum: 50 })
    })
  })
}
