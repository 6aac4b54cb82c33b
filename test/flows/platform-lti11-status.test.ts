/**
 * Disabling and enabling an LTI 1.1 tool on a running platform, on every dialect: through the
 * admin API and the LTI 1.1 tools page. A disabled tool's launches get the "Tool disabled" page
 * (LTI_TOOL_DISABLED), its Basic Outcomes calls are refused and write nothing, and it is not
 * offered when an activity is added; enabling it restores all three. The admin tools list shows
 * 1.1 tools beside 1.3 ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oauth1AuthorizationHeader } from '../../src/core/lti11/authorization-header.js'
import { oauthBodyHash } from '../../src/core/lti11/oauth-body-hash.js'
import { signOAuth1Request } from '../../src/core/lti11/sign-oauth1-request.js'
import { DIALECTS } from '../support/databases.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../support/platform-harness.js'
import { readAutoPostForm } from '../support/platform-routes-harness.js'

const SECRET = 'status-secret-0123'

const replaceResult = (sourcedId: string, score: string) => `<?xml version="1.0" encoding="UTF-8"?>
<imsx_POXEnvelopeRequest xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">
  <imsx_POXHeader><imsx_POXRequestHeaderInfo>
    <imsx_version>V1.0</imsx_version><imsx_messageIdentifier>msg-1</imsx_messageIdentifier>
  </imsx_POXRequestHeaderInfo></imsx_POXHeader>
  <imsx_POXBody><replaceResultRequest><resultRecord>
    <sourcedGUID><sourcedId>${sourcedId}</sourcedId></sourcedGUID>
    <result><resultScore><language>en</language><textString>${score}</textString></resultScore></result>
  </resultRecord></replaceResultRequest></imsx_POXBody>
</imsx_POXEnvelopeRequest>`

describe.each(DIALECTS)('disabling an LTI 1.1 tool (%s)', (dialect) => {
  let platform: TestPlatform
  let course: string
  let learner: TestUser
  let instructor: TestUser
  let admin: TestUser
  let tool: { id: string; consumerKey: string; name: string }
  let link: { id: string; lineItemId: string }

  beforeAll(async () => {
    platform = await startTestPlatform(dialect)
    course = await platform.createCourse({ title: 'Legacy course' })
    learner = await platform.createUser({ name: 'Lena Learner' })
    instructor = await platform.createUser({ name: 'Ivo Instructor' })
    await platform.enroll(course, learner.id, ['Learner'])
    await platform.enroll(course, instructor.id, ['Instructor'])
    const adminBody = {
      name: 'Alma Admin',
      email: `alma-status-${dialect}@example.test`,
      password: 'admin-pass-2',
      admin: true,
    }
    const madeAdmin = await platform.api('/users', { method: 'POST', body: adminBody })
    expect(madeAdmin.status).toBe(201)
    admin = { id: madeAdmin.body.id, ...adminBody }
    const registered = await platform.api('/lti11-tools', {
      method: 'POST',
      body: {
        name: 'Legacy grader',
        launchUrl: 'http://127.0.0.1:9/lti11',
        consumerKey: `status-key-${dialect}`,
        sharedSecret: SECRET,
      },
    })
    expect(registered.status).toBe(201)
    tool = registered.body
    link = (await platform.addLink(course, {
      toolId: tool.id,
      title: 'Legacy graded quiz',
      lineItem: { label: 'Legacy graded quiz', scoreMaximum: 10 },
    })) as typeof link
  })
  afterAll(async () => {
    await platform?.close()
  })

  const status = async () => (await platform.api(`/lti11-tools/${tool.id}`)).body.status
  const launchPath = () => `/courses/${course}/links/${link.id}/launch`
  const launch = async (accept = 'text/html') =>
    fetch(`${platform.url}${launchPath()}`, {
      headers: { cookie: await platform.signIn(learner), accept },
      redirect: 'manual',
    })
  const sendOutcome = async (sourcedId: string, score: string) => {
    const xml = replaceResult(sourcedId, score)
    const outcomesUrl = `${platform.url}/lti11/outcomes`
    const signed = await signOAuth1Request({
      method: 'POST',
      url: outcomesUrl,
      params: [],
      consumerKey: tool.consumerKey,
      consumerSecret: SECRET,
      nonce: crypto.randomUUID(),
      timestamp: Math.floor(Date.now() / 1000),
      bodyHash: await oauthBodyHash(new TextEncoder().encode(xml)),
    })
    const response = await fetch(outcomesUrl, {
      method: 'POST',
      headers: {
        authorization: oauth1AuthorizationHeader(signed),
        'content-type': 'application/xml',
      },
      body: xml,
    })
    const text = await response.text()
    return { status: response.status, codeMajor: /<imsx_codeMajor>([^<]*)</.exec(text)?.[1] }
  }
  const stored = () => platform.stores.scores.findScore(link.lineItemId, learner.id)
  const offered = async () => {
    const page = await platform.get(
      `/courses/${course}/activities/new`,
      await platform.signIn(instructor),
    )
    expect(page.status).toBe(200)
    return (await page.text()).includes(`<option value="${tool.id}"`)
  }

  /** A same-origin admin form post with the page's `csrf` token. */
  const adminPost = async (path: string, fields: Record<string, string> = {}, origin?: string) => {
    const cookie = await platform.signIn(admin)
    const html = await (await platform.get('/admin/lti11-tools', cookie)).text()
    const csrf = [...html.matchAll(/name="csrf" value="([^"]+)"/g)].at(-1)?.[1] ?? ''
    return fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        ...(origin ? { origin } : {}),
      },
      body: new URLSearchParams({ csrf, ...fields }).toString(),
      redirect: 'manual',
    })
  }
  const adminPage = async (path: string) => {
    const response = await platform.get(path, await platform.signIn(admin))
    expect(response.status, path).toBe(200)
    return response.text()
  }

  it('disables and enables through the admin API, for the admin token only', async () => {
    const off = await platform.api(`/lti11-tools/${tool.id}/disable`, { method: 'POST' })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ id: tool.id, status: 'disabled' })
    expect(JSON.stringify(off.body)).not.toContain(SECRET)
    expect(await status()).toBe('disabled')
    // Idempotent.
    expect((await platform.api(`/lti11-tools/${tool.id}/disable`, { method: 'POST' })).status).toBe(
      200,
    )
    const on = await platform.api(`/lti11-tools/${tool.id}/enable`, { method: 'POST' })
    expect(on.body.status).toBe('active')

    const missing = await platform.api(`/lti11-tools/${crypto.randomUUID()}/disable`, {
      method: 'POST',
    })
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('LTI11_TOOL_NOT_FOUND')
    const anonymous = await platform.api(`/lti11-tools/${tool.id}/disable`, {
      method: 'POST',
      token: null,
    })
    expect(anonymous.status).toBe(401)
    expect(await status()).toBe('active')
  })

  it('refuses launches, outcomes and new activities while disabled; enabling restores them', async () => {
    const before = await launch()
    expect(before.status).toBe(200)
    const sourcedId = readAutoPostForm(await before.text()).fields.lis_result_sourcedid as string
    expect(sourcedId).toBeTruthy()
    expect(await offered()).toBe(true)

    await platform.api(`/lti11-tools/${tool.id}/disable`, { method: 'POST' })

    const page = await launch()
    expect(page.status).toBe(403)
    const html = await page.text()
    expect(html).toContain('Tool disabled')
    expect(html).not.toContain('oauth_signature')
    // The activity's page refuses it too, before framing anything.
    const activity = await fetch(`${platform.url}/courses/${course}/links/${link.id}`, {
      headers: { cookie: await platform.signIn(learner) },
      redirect: 'manual',
    })
    expect(activity.status).toBe(403)
    expect(await activity.text()).not.toContain('<iframe')
    expect(((await (await launch('application/json')).json()) as any).error.code).toBe(
      'LTI_TOOL_DISABLED',
    )

    // The tool's key is refused like an unknown one, and nothing is written.
    const refused = await sendOutcome(sourcedId, '0.5')
    expect(refused.status).toBe(401)
    expect(refused.codeMajor).toBe('failure')
    expect(await stored()).toBeUndefined()

    expect(await offered()).toBe(false)
    const cookie = await platform.signIn(instructor)
    const form = await (await platform.get(`/courses/${course}/activities/new`, cookie)).text()
    const csrf = [...form.matchAll(/name="csrf" value="([^"]+)"/g)].at(-1)?.[1] ?? ''
    const placed = await fetch(`${platform.url}/courses/${course}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({
        csrf,
        toolId: tool.id,
        title: 'Sneaked in',
        presentation: 'iframe',
      }).toString(),
      redirect: 'manual',
    })
    expect(placed.status).toBe(400)

    await platform.api(`/lti11-tools/${tool.id}/enable`, { method: 'POST' })
    expect((await launch()).status).toBe(200)
    const framed = await fetch(`${platform.url}/courses/${course}/links/${link.id}`, {
      headers: { cookie: await platform.signIn(learner) },
    })
    expect(framed.status).toBe(200)
    expect(await framed.text()).toContain('<iframe')
    expect(await sendOutcome(sourcedId, '0.5')).toMatchObject({ status: 200, codeMajor: 'success' })
    expect(await stored()).toMatchObject({ scoreGiven: 5, scoreMaximum: 10 })
    expect(await offered()).toBe(true)
  })

  it('disables and enables from the LTI 1.1 tools page, with a notice', async () => {
    const list = await adminPage('/admin/lti11-tools')
    const row = list.slice(list.indexOf(`id="lti11-tool-${tool.id}"`))
    expect(row).toMatch(/data-status="active"/)
    expect(row).toContain(`action="/admin/lti11-tools/${tool.id}/disable"`)
    expect(row).toContain('data-testid="disable-tool"')

    const disabled = await adminPost(`/admin/lti11-tools/${tool.id}/disable`)
    expect(disabled.status).toBe(303)
    const location = disabled.headers.get('location') ?? ''
    expect(location).toBe(`/admin/lti11-tools?done=disable&tool=${tool.id}`)
    expect(await status()).toBe('disabled')
    const after = await adminPage(location)
    expect(after).toMatch(/data-testid="admin-notice">Legacy grader is disabled/)
    const disabledRow = after.slice(after.indexOf(`id="lti11-tool-${tool.id}"`))
    expect(disabledRow).toMatch(/data-status="disabled"/)
    expect(disabledRow).toContain('data-testid="enable-tool"')
    expect((await launch()).status).toBe(403)

    const enabled = await adminPost(`/admin/lti11-tools/${tool.id}/enable`)
    expect(enabled.status).toBe(303)
    expect(await adminPage(enabled.headers.get('location') ?? '')).toMatch(
      /data-testid="admin-notice">Legacy grader is enabled\.</,
    )
    expect(await status()).toBe('active')
    // A notice is named by the query, never taken from it.
    const forged = await adminPage(`/admin/lti11-tools?done=hacked&tool=${tool.id}`)
    expect(forged).not.toContain('data-testid="admin-notice"')
  })

  it('refuses a cross-site post, a post without the form token and strangers', async () => {
    const crossSite = await adminPost(
      `/admin/lti11-tools/${tool.id}/disable`,
      {},
      'https://evil.example',
    )
    expect(crossSite.status).toBe(400)
    const noToken = await fetch(`${platform.url}/admin/lti11-tools/${tool.id}/disable`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: await platform.signIn(admin),
      },
      body: '',
      redirect: 'manual',
    })
    expect(noToken.status).toBe(400)
    const stranger = await fetch(`${platform.url}/admin/lti11-tools/${tool.id}/disable`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    })
    expect(stranger.status).toBe(303)
    const learnerPost = await fetch(`${platform.url}/admin/lti11-tools/${tool.id}/disable`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: await platform.signIn(learner),
      },
      body: '',
      redirect: 'manual',
    })
    expect(learnerPost.status).toBe(403)
    expect(await status()).toBe('active')
    const unknown = await adminPost(`/admin/lti11-tools/${crypto.randomUUID()}/disable`)
    expect(unknown.status).toBe(404)
  })

  it('lists 1.1 tools on the admin tools list by consumer key, linking to their page', async () => {
    const html = await adminPage('/admin/tools')
    const start = html.indexOf(`data-testid="lti11-tool-row" data-tool-id="${tool.id}"`)
    expect(start).toBeGreaterThan(-1)
    const row = html.slice(start, html.indexOf('</tr>', start))
    expect(row).toContain('<td data-label="LTI version">1.1</td>')
    expect(row).toContain(`<code data-testid="tool-consumer-key">${tool.consumerKey}</code>`)
    expect(row).toContain(`<a href="/admin/lti11-tools#lti11-tool-${tool.id}">Legacy grader</a>`)
    expect(row).not.toContain('tool-client-id')
    expect(html).toContain('Client ID or consumer key')
    expect(html).not.toContain('data-testid="no-tools"')
  })
})
