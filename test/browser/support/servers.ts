/**
 * Fresh servers for a browser journey: our tool on `127.0.0.1` and our LMS on `localhost`, two
 * sites to the browser as a real LMS and tool are, each on its own temporary SQLite database and
 * port. Either left unconnected (the journey connects them) or connected as two admins would.
 */
import { DEMO_SCRIPTS } from '../../../src/tool/scenarios/demo/demo-scripts.js'
import { startTestPlatform } from '../../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../../support/platform-harness.js'
import { startTestTool } from '../../support/tool-harness.js'
import type { TestTool } from '../../support/tool-harness.js'
import {
  expectStatus,
  freePortOn,
  startToolPlatformPair,
} from '../../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../../support/tool-platform-pair.js'

/** A person who signs in with email and password. */
export interface Person {
  email: string
  name: string
  password: string
}

export interface BrowserServers {
  tool: TestTool
  platform: TestPlatform
  /** The tool's public URL (`http://127.0.0.1:<port>`). */
  toolUrl: string
  /** The LMS's public URL and issuer (`http://localhost:<port>`). */
  platformUrl: string
  ws: { id: string; slug: string }
  /** A workspace admin of `ws`, signing in at the tool's `/admin/login`. */
  toolAdmin: Person
  /** The workspace's LTI settings page. */
  ltiSettingsUrl: string
  close(): Promise<void>
}

let counter = 0

/** An admin of `ws` through the tool's admin API (`POST /api/workspaces/:ws/admins`). */
async function createToolAdmin(tool: TestTool, ws: string): Promise<Person> {
  const admin = {
    email: `tool-admin-${process.pid}-${++counter}@example.test`,
    name: 'Toby Trainer',
    password: 'tool-admin-password-1',
  }
  const created = await tool.api(`/workspaces/${ws}/admins`, { method: 'POST', body: admin })
  expectStatus(created, 201, 'workspace admin')
  return admin
}

/**
 * Both servers, not connected: a workspace with an admin on the tool, nothing but users on the
 * LMS. `toolApproval: 'manual'` holds a tool that registers itself for the LMS admin's approval.
 */
export async function startUnconnectedServers(
  options: { toolApproval?: 'auto' | 'manual' } = {},
): Promise<BrowserServers> {
  const [tool, platform] = await Promise.all([
    startTestTool('sqlite'),
    startTestPlatform('sqlite', {
      ...(await freePortOn('localhost')),
      ...(options.toolApproval ? { toolApproval: options.toolApproval } : {}),
    }),
  ])
  try {
    const slug = `browser-${process.pid}-${++counter}`
    const created = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Acme Sales Academy', slug },
    })
    expectStatus(created, 201, 'workspace')
    return await serversOf(tool, platform, { id: created.body.id as string, slug }, async () => {
      await Promise.all([tool.close(), platform.close()])
    })
  } catch (error) {
    await Promise.all([tool.close(), platform.close()])
    throw error
  }
}

export interface ConnectedServers extends BrowserServers {
  pair: ToolPlatformPair
}

/** Both servers, connected over LTI 1.3 (`startToolPlatformPair`), with a workspace admin. */
export async function startConnectedServers(): Promise<ConnectedServers> {
  const pair = await startToolPlatformPair('sqlite', { platformHost: 'localhost' })
  try {
    const servers = await serversOf(pair.tool, pair.platform, pair.ws, () => pair.close())
    return { ...servers, pair }
  } catch (error) {
    await pair.close()
    throw error
  }
}

async function serversOf(
  tool: TestTool,
  platform: TestPlatform,
  ws: { id: string; slug: string },
  close: () => Promise<void>,
): Promise<BrowserServers> {
  const toolAdmin = await createToolAdmin(tool, ws.slug)
  return {
    tool,
    platform,
    toolUrl: tool.server.url,
    platformUrl: platform.url,
    ws,
    toolAdmin,
    ltiSettingsUrl: `${tool.server.url}/admin/workspaces/${ws.slug}/lti`,
    close,
  }
}

/** Adds one of the demo's scenarios, with its authored script, to the workspace. */
export async function addDemoScenario(
  servers: BrowserServers,
  slug: keyof typeof DEMO_SCRIPTS & string,
  title: string,
): Promise<string> {
  const script = DEMO_SCRIPTS[slug]
  if (!script) throw new Error(`no demo script ${slug}`)
  const created = await servers.tool.api(`/workspaces/${servers.ws.slug}/scenarios`, {
    method: 'POST',
    body: { slug, title, script },
  })
  expectStatus(created, 201, `scenario ${slug}`)
  return created.body.id as string
}

/** An LMS user through the admin API; `admin: true` makes an LMS admin. */
export async function createLmsUser(
  platform: TestPlatform,
  input: { name: string; admin?: boolean },
): Promise<TestUser> {
  const user = {
    name: input.name,
    email: `lms-${process.pid}-${++counter}@example.test`,
    password: `lms-password-${counter}-secret`,
  }
  const created = await platform.api('/users', {
    method: 'POST',
    body: { ...user, ...(input.admin ? { admin: true } : {}) },
  })
  expectStatus(created, 201, `LMS user ${input.name}`)
  return { id: created.body.id as string, ...user }
}
