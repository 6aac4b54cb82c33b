/**
 * Interop, Dynamic Registration 1.0 platform side: the npm package ltijs registers itself with
 * our platform through its own dynamic registration (`/register`), and a learner then launches
 * it. Our platform runs on each dialect; ltijs always on PostgreSQL.
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
import type { TestPlatform } from '../support/platform-harness.js'
import { TestBrowser, readForm } from './browser.js'

const LTIJS_TOOL = fileURLToPath(new URL('./ltijs-dynreg-tool.cjs', import.meta.url))

afterAll(async () => {
  await dropAllBenchDatabases()
})

const ltijsCanRun = DIALECTS.includes('postgres')

for (const dialect of DIALECTS) {
  describe.skipIf(!ltijsCanRun)(
    `ltijs registers dynamically with our platform (${dialect})`,
    () => {
      let platform: TestPlatform
      let ltijs: ChildServer
      let ltijsDb: BenchDatabase

      beforeAll(async () => {
        platform = await startTestPlatform(dialect)
        const port = await freePort()
        ltijsDb = await createBenchDatabase('dynreg')
        ltijs = spawnServer('ltijs-dynreg', [LTIJS_TOOL], port, {
          LTIJS_DB: ltijsDb.name,
          LTIJS_KEY: randomBytes(24).toString('hex'),
        })
        await waitUntilReady(ltijs, async () => ltijs.output().includes('LTIJS_READY'), 90_000)
      }, 120_000)

      afterAll(async () => {
        await ltijs?.stop()
        await ltijsDb?.drop()
        await platform?.close()
      })

      it("creates the tool from ltijs's registration, and a learner launches it", async () => {
        const before = (await platform.api('/tools')).body as any[]
        const started = await platform.api('/tools/registrations', {
          method: 'POST',
          body: { registrationUrl: `${ltijs.baseUrl}/register` },
        })
        expect(started.status).toBe(201)
        const launchUrl = started.body.launchUrl as string

        // ltijs generates a 4096-bit RSA key for the new platform while answering.
        const opened = await new TestBrowser().request(launchUrl)
        expect(opened.status, `${opened.body.slice(0, 300)} ${ltijs.output()}`).toBe(200)
        expect(opened.body).toContain('org.imsglobal.lti.close')

        const after = (await platform.api('/tools')).body as any[]
        expect(after).toHaveLength(before.length + 1)
        const created = after.find((t) => !before.some((b) => b.id === t.id))
        expect(created).toMatchObject({
          name: 'ltijs (dynamic)',
          tool: {
            oidcLoginUrl: `${ltijs.baseUrl}/login`,
            redirectUris: [ltijs.baseUrl],
            targetLinkUri: ltijs.baseUrl,
            jwksUrl: `${ltijs.baseUrl}/keys`,
            customParameters: { via: 'dynreg' },
            services: { nrps: true, deepLinking: true },
          },
        })
        expect(created.tool.services.ags).toHaveLength(4)

        // The same registration token cannot register ltijs a second time.
        const again = await new TestBrowser().request(launchUrl)
        expect(again.status).not.toBe(200)
        expect((await platform.api('/tools')).body).toHaveLength(before.length + 1)

        const courseId = await platform.createCourse({ title: 'Dynamic 101' })
        const learner = await platform.createUser({ name: 'Lena Learner' })
        await platform.enroll(courseId, learner.id, ['Learner'])
        const link = await platform.addLink(courseId, { toolId: created.id, title: 'ltijs' })
        const browser = new TestBrowser({ [platform.url]: await platform.signIn(learner) })
        const hops = await browser.follow(
          `${platform.url}/courses/${courseId}/links/${link.id}/launch`,
        )
        const authorize = hops.at(-1)
        expect(authorize?.status, authorize?.body.slice(0, 300)).toBe(200)
        const form = readForm(authorize?.body ?? '')
        const landed = (await browser.follow(form.action, { form: form.fields })).at(-1)
        expect(landed?.status, `${landed?.body.slice(0, 300)} ${ltijs.output()}`).toBe(200)
        const seen = JSON.parse(landed?.body ?? '{}')
        expect(seen.ltijs).toBe(true)
        expect(seen.user).toBe(learner.id)
        expect(seen.roles).toContain(ROLE.learner)
        expect(seen.custom).toEqual({ via: 'dynreg' })
      }, 120_000)
    },
  )
}
