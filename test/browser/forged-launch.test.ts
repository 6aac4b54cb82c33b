/**
 * Journey 4: a forged launch. A learner's browser rewrites the id_token the LMS auto-posts to the
 * tool (promoting the learner to instructor, signature left as it was); the tool refuses it with
 * its error page and a reference, and the tool admin finds that reference in the launch log,
 * with the failure's code and the fix.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from '../../src/core/errors.js'
import { launchChromium } from './support/chromium.js'
import { createCourse } from './support/course.js'
import type { TestCourse } from './support/course.js'
import { screenshot } from './support/screenshots.js'
import { addDemoScenario, startConnectedServers } from './support/servers.js'
import type { ConnectedServers } from './support/servers.js'
import { newPerson, signInToLms, signInToToolAdmin } from './support/sign-in.js'

const ROLES_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/roles'
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'
const TITLE = 'Practise a cold call'

/** The same token with the learner made an instructor: the platform's signature no longer fits. */
function promoteToInstructor(idToken: string): string {
  const [header, payload, signature] = idToken.split('.')
  if (!header || !payload || !signature) throw new Error('not a JWS in compact form')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  claims[ROLES_CLAIM] = [INSTRUCTOR]
  const forged = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')
  return [header, forged, signature].join('.')
}

/** Rewrites every id_token posted to `launchUrl` in `context`; returns how many were. */
async function forgeLaunches(context: BrowserContext, launchUrl: string) {
  const forged = { count: 0 }
  await context.route(launchUrl, async (route) => {
    const request = route.request()
    const form = new URLSearchParams(request.method() === 'POST' ? (request.postData() ?? '') : '')
    const idToken = form.get('id_token')
    if (!idToken) return route.continue()
    form.set('id_token', promoteToInstructor(idToken))
    forged.count += 1
    return route.continue({ postData: form.toString() })
  })
  return forged
}

describe('a forged launch', { timeout: 60_000 }, () => {
  let servers: ConnectedServers
  let browser: Browser
  let course: TestCourse

  beforeAll(async () => {
    ;[servers, browser] = await Promise.all([startConnectedServers(), launchChromium()])
    await addDemoScenario(servers, 'cold-call-objections', 'Handling objections on a cold call')
    course = await createCourse(servers.platform)
    await servers.platform.addLink(course.id, {
      toolId: servers.pair.registered.id,
      title: TITLE,
      customParameters: { scenario_id: 'cold-call-objections' },
      presentation: 'window',
    })
  })

  afterAll(async () => {
    await browser?.close()
    await servers?.close()
  })

  it('shows the error page, and the tool admin finds its reference in the launch log', async () => {
    const { context, page } = await newPerson(browser)
    const forged = await forgeLaunches(context, servers.pair.endpoints.launchUrl)
    await signInToLms(page, servers.platformUrl, course.learner, `/courses/${course.id}`)
    const open = page.getByTestId('activity').filter({ hasText: TITLE }).getByTestId('launch-link')
    await expect(open.getAttribute('data-presentation')).resolves.toBe('window')
    const [launched] = await Promise.all([context.waitForEvent('page'), open.click()])

    // The tool's error page: what failed in plain words, the reference and the code.
    const reference = launched.getByTestId('correlation-id')
    await reference.waitFor()
    expect(forged.count).toBe(1)
    expect(new URL(launched.url()).origin).toBe(servers.toolUrl)
    const correlationId = ((await reference.textContent()) ?? '').trim()
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/)
    const code = ((await launched.getByTestId('error-code').textContent()) ?? '').trim()
    expect(code).toBe('LTI_JWT_SIGNATURE_INVALID')
    await expect(launched.locator('body').textContent()).resolves.not.toContain(INSTRUCTOR)
    await screenshot(launched, 'tool-launch-error')

    // The tool admin searches the launch log for the reference the learner passed on.
    const { page: admin } = await newPerson(browser)
    const log = `/admin/workspaces/${servers.ws.slug}/launches`
    await signInToToolAdmin(admin, servers.toolUrl, servers.toolAdmin, log)
    await admin.locator('#q').fill(correlationId)
    await admin.getByRole('button', { name: 'Search' }).click()
    await admin.waitForURL((url) => url.searchParams.get('q') === correlationId)
    const row = admin.getByTestId('launch-row')
    await expect(row.count()).resolves.toBe(1)
    await expect(row.getAttribute('data-outcome')).resolves.toBe('failure')
    await screenshot(admin, 'tool-launch-log')

    await row.getByRole('link', { name: correlationId }).click()
    const detail = admin.getByTestId('launch-detail')
    await detail.waitFor()
    await expect(detail.getByTestId('launch-reference').textContent()).resolves.toBe(correlationId)
    await expect(detail.getByTestId('launch-code').textContent()).resolves.toBe(code)
    await expect(detail.getByTestId('launch-hint').textContent()).resolves.toContain(
      ERROR_CATALOGUE.LTI_JWT_SIGNATURE_INVALID.hint,
    )
    await screenshot(admin, 'tool-launch-log-detail', { fullPage: false })
  })
})
