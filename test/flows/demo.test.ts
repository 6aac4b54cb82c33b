/**
 * The one-command demo (issue #6): `startDemo` in-process on a temporary data folder. The first
 * start seeds both servers and connects them by dynamic registration; a restart on the same
 * folder seeds nothing, keeps the connection and the secrets (sessions stay valid), and a learner
 * then launches an activity end to end; a restart with the LMS on another address reconnects.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdminClient } from '../../src/bin/admin-client.js'
import { DEMO_SECRETS_FILE } from '../../src/bin/demo-data-dir.js'
import { DEMO_COURSE, DEMO_LMS_USERS } from '../../src/bin/demo-platform-seed.js'
import { DEMO_SCENARIOS } from '../../src/bin/demo-seed.js'
import { startDemo } from '../../src/bin/demo.js'
import type { RunningDemo, StartDemoOptions } from '../../src/bin/demo.js'
import { SCOPE } from '../../src/core/claims.js'
import { TestBrowser, readForm } from '../interop/browser.js'
import { sessionCookieOf } from '../support/platform-harness.js'

describe('npm start: the demo', () => {
  let dataDir: string
  let demo: RunningDemo | undefined
  const base: StartDemoOptions = {
    logLevel: process.env.LTIKIT_TEST_LOG ?? 'silent',
    passback: { pollMs: 50 },
  }

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ltikit-demo-'))
  })
  afterAll(async () => {
    await demo?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const restart = async (options: StartDemoOptions = {}) => {
    const ports = demo && { toolPort: demo.tool.port, platformPort: demo.platform.port }
    await demo?.close()
    demo = undefined
    // The test's own sockets to the old servers must not be reused on the same ports.
    const previous = getGlobalDispatcher()
    setGlobalDispatcher(new Agent())
    await previous.close()
    demo = await startDemo({ ...base, dataDir, ...ports, ...options })
    return demo
  }
  const apis = (d: RunningDemo) => ({
    tool: createAdminClient(d.toolUrl, d.adminTokens.tool),
    platform: createAdminClient(d.platformUrl, d.adminTokens.platform),
  })
  const body = async (call: Promise<{ status: number; body: unknown }>) => {
    const response = await call
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as any
  }
  const signIn = async (d: RunningDemo, email: string, password: string) => {
    const response = await fetch(`${d.platformUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
      redirect: 'manual',
    })
    expect(response.status, `sign-in of ${email}`).toBe(303)
    return sessionCookieOf(response) as string
  }
  const lmsSignIn = (d: RunningDemo, email: string) => {
    const user = d.signIns.find((s) => s.email === email)!
    return signIn(d, user.email, user.password)
  }

  let firstTool: any
  let firstRegistration: any
  let instructorCookie: string

  it('first start: seeds both servers on loopback and connects them by dynamic registration', async () => {
    const d = await restart({ toolPort: 0, platformPort: 0 })
    expect(new URL(d.platformUrl).hostname).toBe('localhost')
    expect(new URL(d.toolUrl).hostname).toBe('127.0.0.1')
    expect(d.created).toEqual(
      expect.arrayContaining([
        ...DEMO_LMS_USERS.map((u) => `LMS user ${u.email}`),
        `course ${DEMO_COURSE.label}`,
        'tool workspace acme with its scenarios',
        'connection by dynamic registration',
      ]),
    )
    expect((statSync(join(dataDir, DEMO_SECRETS_FILE)).mode & 0o777).toString(8)).toBe('600')
    expect(d.adminTokens.tool).not.toBe(d.adminTokens.platform)

    const api = apis(d)
    const tools = await body(api.platform('/tools'))
    expect(tools).toHaveLength(1)
    firstTool = tools[0]
    expect(firstTool).toMatchObject({
      id: d.connection.toolId,
      name: 'Acme Sales Academy',
      status: 'active',
      tool: { services: { nrps: true, deepLinking: true } },
    })
    expect(firstTool.tool.services.ags).toContain(SCOPE.agsScore)
    expect(firstTool.tool.oidcLoginUrl.startsWith(`${d.toolUrl}/lti/`)).toBe(true)

    const registrations = await body(api.tool(`/workspaces/${d.workspace.slug}/lti/platforms`))
    expect(registrations).toEqual([
      expect.objectContaining({
        id: d.connection.registrationId,
        issuer: d.platformUrl,
        clientId: firstTool.clientId,
        deploymentIds: [firstTool.deploymentId],
      }),
    ])
    firstRegistration = registrations[0]
    const scenarios = await body(api.tool(`/workspaces/${d.workspace.slug}/scenarios`))
    expect(scenarios.map((s: { slug: string }) => s.slug).sort()).toEqual(
      DEMO_SCENARIOS.map((s) => s.slug).sort(),
    )

    const course = await body(api.platform(`/courses/${d.courseId}`))
    expect(course).toMatchObject({ title: DEMO_COURSE.title, gradingScale: { type: 'letter' } })
    for (const user of DEMO_LMS_USERS) {
      const enrollment = await d.platform.stores.contexts.findEnrollment(
        d.courseId,
        d.userIds[user.key],
      )
      expect(enrollment?.roles, user.email).toEqual(
        user.role === 'admin' ? undefined : [user.role === 'instructor' ? 'Instructor' : 'Learner'],
      )
    }
    // Every LMS sign-in the demo prints works, and only the LMS admin reaches the admin pages.
    for (const user of DEMO_LMS_USERS) {
      const stored = await d.platform.stores.users.findUser(d.userIds[user.key])
      expect(stored?.isAdmin, user.email).toBe(user.role === 'admin')
      const tools = await fetch(d.links.lmsAdmin, {
        headers: { cookie: await lmsSignIn(d, user.email), accept: 'text/html' },
        redirect: 'manual',
      })
      expect(tools.status, user.email).toBe(user.role === 'admin' ? 200 : 403)
    }
    instructorCookie = await lmsSignIn(d, 'irene@example.com')
    // The tool admin signs in with e-mail address and password and lands on the admin pages.
    const toolAdmin = d.signIns.find((s) => s.who === 'Tool admin')!
    const signedIn = await fetch(toolAdmin.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(d.toolUrl).origin,
      },
      body: new URLSearchParams({ email: toolAdmin.email, password: toolAdmin.password }),
      redirect: 'manual',
    })
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.getSetCookie().join()).toMatch(/ltikit_tool_admin=[^;]/)
    expect(d.signIns.map((s) => s.who)).toEqual([
      'LMS admin',
      'Instructor',
      'Learner',
      'Learner',
      'Tool admin',
    ])
  })

  it('second start: seeds nothing, keeps the connection, and sessions stay valid', async () => {
    const d = await restart()
    expect(d.created).toEqual([])
    const api = apis(d)
    expect(await body(api.platform('/tools'))).toEqual([firstTool])
    expect(await body(api.tool(`/workspaces/${d.workspace.slug}/lti/platforms`))).toEqual([
      firstRegistration,
    ])
    expect(await body(api.platform('/courses'))).toHaveLength(1)
    expect(d.connection).toMatchObject({ toolId: firstTool.id, registered: false })
    // The session signed before the restart is still read: the secrets came from the folder.
    const home = await fetch(`${d.platformUrl}/`, {
      headers: { cookie: instructorCookie, accept: 'text/html' },
      redirect: 'manual',
    })
    expect(home.status).toBe(200)
    expect(await home.text()).toContain(DEMO_COURSE.title)
  })

  it('after the restart a learner launches a scenario from the course, end to end', async () => {
    const d = demo!
    const link = await apis(d).platform(`/courses/${d.courseId}/links`, {
      body: {
        toolId: d.connection.toolId,
        title: 'Cold call practice',
        customParameters: { scenario_id: DEMO_SCENARIOS[0]!.slug },
      },
    })
    expect(link.status).toBe(201)
    const linkId = (link.body as { id: string }).id
    const browser = new TestBrowser({
      [d.platformUrl]: await lmsSignIn(d, 'lena@example.com'),
    })
    const hops = await browser.follow(
      `${d.platformUrl}/courses/${d.courseId}/links/${linkId}/launch`,
    )
    const authorize = hops.at(-1)!
    expect(authorize.status, authorize.body.slice(0, 300)).toBe(200)
    const form = readForm(authorize.body)
    expect(form.action.startsWith(`${d.toolUrl}/lti/${d.workspace.id}/`)).toBe(true)
    const landed = (await browser.follow(form.action, { form: form.fields })).at(-1)!
    expect(landed.status, landed.body.slice(0, 300)).toBe(200)
    expect(new URL(landed.url).origin).toBe(d.toolUrl)
    expect(landed.body).toContain(DEMO_SCENARIOS[0]!.title)
  })

  it('a start with the LMS on another address registers anew and drops the dead connection', async () => {
    const d = await restart({ platformPort: 0 })
    expect(d.platformUrl).not.toBe(firstRegistration.issuer)
    expect(d.created).toEqual(['connection by dynamic registration'])
    const registrations = await body(apis(d).tool(`/workspaces/${d.workspace.slug}/lti/platforms`))
    expect(registrations).toEqual([
      expect.objectContaining({ id: d.connection.registrationId, issuer: d.platformUrl }),
    ])
    // The LMS keeps its earlier record of the tool, disabled: nothing answers for it any more.
    const tools = await body(apis(d).platform('/tools'))
    expect(tools.map((t: { id: string; status: string }) => [t.id, t.status]).sort()).toEqual(
      [
        [firstTool.id, 'disabled'],
        [d.connection.toolId, 'active'],
      ].sort(),
    )
  })
})
