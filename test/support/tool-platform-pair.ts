/**
 * Our tool server and our platform server on loopback, connected to each other as two admins
 * would connect a real deployment: the tool workspace is registered on the platform with its
 * endpoint URLs, and the platform on the workspace with the issuer and URLs the platform answered.
 * A browser with one cookie jar per origin walks the launch hops between them.
 */
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { DialectName } from '../../src/store/database.js'
import { TestBrowser, readForm } from '../interop/browser.js'
import type { Hop } from '../interop/browser.js'
import { startTestPlatform } from './platform-harness.js'
import type { AddedLink, RegisteredTool, TestPlatform, TestUser } from './platform-harness.js'
import { startTestTool } from './tool-harness.js'
import type { TestTool } from './tool-harness.js'

export interface ToolPlatformPair {
  tool: TestTool
  platform: TestPlatform
  /** The workspace's slug (admin API) and ID (LTI endpoint paths). */
  ws: { id: string; slug: string }
  endpoints: { oidcLoginUrl: string; launchUrl: string; jwksUrl: string }
  /** The tool as the platform registered it (client ID, deployment ID, platform URLs). */
  registered: RegisteredTool
  /** The platform connection as the workspace stored it. */
  platformId: string
  /** Adds a scenario to the workspace; returns its ID. */
  addScenario(slug: string, title: string): Promise<string>
  /**
   * Signs `user` in on the platform, opens `startPath` there and follows every hop: the tool's
   * login initiation, the platform's authentication endpoint, and the auto-posted id_token to
   * the tool's launch URL, then the tool's redirects. Returns the browser and the last page.
   * @throws Error when a hop does not answer as a launch should.
   */
  launch(user: TestUser, startPath: string): Promise<{ browser: TestBrowser; page: Hop }>
  close(): Promise<void>
}

let counter = 0

export interface PairOptions {
  /** Loopback host names of the public URLs, e.g. `localhost` to put the tool on another site. */
  toolHost?: string
  platformHost?: string
}

export async function startToolPlatformPair(
  dialect: DialectName,
  options: PairOptions = {},
): Promise<ToolPlatformPair> {
  const [tool, platform] = await Promise.all([
    startTestTool(dialect, options.toolHost ? await freePortOn(options.toolHost) : {}),
    startTestPlatform(dialect, options.platformHost ? await freePortOn(options.platformHost) : {}),
  ])
  try {
    const slug = `e2e-${process.pid}-${++counter}`
    const created = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: `Workspace ${slug}`, slug },
    })
    expectStatus(created, 201, 'workspace')
    const ws = { id: created.body.id as string, slug }
    const endpoints = (await tool.api(`/workspaces/${slug}/lti/endpoints`)).body
    // The tool takes resource link and deep linking launches at one launch URL.
    const registered = await platform.registerTool(tool.server.url, {
      name: 'ltikit tool',
      oidcLoginUrl: endpoints.oidcLoginUrl,
      redirectUris: [endpoints.launchUrl],
      targetLinkUri: endpoints.launchUrl,
      deepLinkingUrl: endpoints.launchUrl,
      jwksUrl: endpoints.jwksUrl,
    })
    const connected = await tool.api(`/workspaces/${slug}/lti/platforms`, {
      method: 'POST',
      body: {
        name: 'ltikit platform',
        issuer: registered.issuer,
        clientId: registered.clientId,
        deploymentIds: [registered.deploymentId],
        authenticationRequestUrl: registered.authenticationRequestUrl,
        accessTokenUrl: registered.accessTokenUrl,
        jwksUrl: registered.jwksUrl,
      },
    })
    expectStatus(connected, 201, 'platform connection')

    const addScenario: ToolPlatformPair['addScenario'] = async (scenarioSlug, title) => {
      const scenario = await tool.api(`/workspaces/${slug}/scenarios`, {
        method: 'POST',
        body: { slug: scenarioSlug, title },
      })
      expectStatus(scenario, 201, 'scenario')
      return scenario.body.id as string
    }

    const launch: ToolPlatformPair['launch'] = async (user, startPath) => {
      const browser = new TestBrowser({ [platform.url]: await platform.signIn(user) })
      const hops = await browser.follow(`${platform.url}${startPath}`)
      const authorize = hops.at(-1)
      if (authorize?.status !== 200 || !authorize.url.startsWith(platform.url)) {
        throw new Error(`authorize: ${describe(hops)}`)
      }
      const form = readForm(authorize.body)
      if (form.action !== endpoints.launchUrl) throw new Error(`launch form to ${form.action}`)
      const landed = await browser.follow(form.action, { form: form.fields })
      const page = landed.at(-1)
      if (page?.status !== 200) throw new Error(`launch: ${describe(landed)}`)
      return { browser, page }
    }

    return {
      tool,
      platform,
      ws,
      endpoints,
      registered,
      platformId: connected.body.id as string,
      addScenario,
      launch,
      close: async () => {
        await Promise.all([tool.close(), platform.close()])
      },
    }
  } catch (err) {
    await Promise.all([tool.close(), platform.close()])
    throw err
  }
}

export interface LearnerCourse {
  courseId: string
  learner: TestUser
  link: AddedLink
}

/**
 * A course on the platform with one learner enrolled and an activity of the pair's tool that
 * opens `activity.scenario` (its `scenario_id` custom parameter); `lineItem` adds a gradebook
 * column.
 */
export async function createLearnerCourse(
  pair: Pick<ToolPlatformPair, 'platform' | 'registered'>,
  course: { title: string; label?: string },
  activity: { title: string; scenario: string; lineItem?: { label: string; scoreMaximum: number } },
): Promise<LearnerCourse> {
  const { platform } = pair
  const courseId = await platform.createCourse(course)
  const learner = await platform.createUser({ name: 'Lena Learner' })
  await platform.enroll(courseId, learner.id, ['Learner'])
  const link = await platform.addLink(courseId, {
    toolId: pair.registered.id,
    title: activity.title,
    customParameters: { scenario_id: activity.scenario },
    ...(activity.lineItem ? { lineItem: activity.lineItem } : {}),
  })
  return { courseId, learner, link }
}

/** A free port and the public URL on `host` (the servers listen on every interface). */
export async function freePortOn(host: string): Promise<{ publicUrl: string; port: number }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return { publicUrl: `http://${host}:${port}`, port }
}

/** @throws Error naming `what`, the status and the body when `response` is not `status` */
export function expectStatus(
  response: { status: number; body: unknown },
  status: number,
  what: string,
): void {
  if (response.status !== status) {
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`)
  }
}

function describe(hops: Hop[]): string {
  return hops.map((h) => `${h.status} ${h.url} ${h.body.slice(0, 300)}`).join(' → ')
}
