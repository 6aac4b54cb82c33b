/**
 * The one-command demo (`npm start`): an LMS (our platform server) and a tool (our tool server)
 * in one process on loopback, on SQLite files in one data folder, seeded at the first start and
 * connected by Dynamic Registration. Every later start resumes: what exists is left as it is.
 *
 * The LMS answers on `localhost` and the tool on `127.0.0.1`: two host names are two sites to
 * a browser, as a real LMS and tool are, so cookies, frames and SameSite rules behave as they
 * would in production, and the two servers' cookies never mix (cookies ignore the port).
 */
import type { Logger } from 'pino'
import { Agent, fetch as undiciFetch } from 'undici'
import type { RequestInit as UndiciRequestInit } from 'undici'
import type { Clock, Fetch } from '../core/ports.js'
import { createAdminClient } from './admin-client.js'
import { readConfig } from './config.js'
import type { PassbackConfig, ServerConfig, ServerRole } from './config.js'
import { connectByDynamicRegistration } from './demo-connect.js'
import type { DemoConnection } from './demo-connect.js'
import { openDemoDataDir } from './demo-data-dir.js'
import type { DemoSecrets } from './demo-data-dir.js'
import { DEMO_LMS_USERS, DEMO_PASSWORD, seedDemoPlatform } from './demo-platform-seed.js'
import type { DemoLmsUser } from './demo-platform-seed.js'
import { DEMO_TOOL_ADMIN, seedDemoTool } from './demo-tool-seed.js'
import { startPlatformServer } from './platform-server.js'
import type { RunningPlatformServer } from './platform-server.js'
import { startToolServer } from './tool-server.js'
import type { RunningToolServer } from './tool-server.js'

export interface StartDemoOptions {
  /** The data folder; default `./data`. Created at the first start. */
  dataDir?: string
  /**
   * Settings read as the servers read them: `PORT` and `PLATFORM_PORT`, `PUBLIC_URL` and
   * `PLATFORM_PUBLIC_URL` (fixed public URLs), `LOG_LEVEL`, `LTIKIT_PASSBACK_*`, and so on.
   * `DATABASE_URL`, `ADMIN_TOKEN` and `LTIKIT_ENCRYPTION_KEY` are not read: the demo keeps its
   * own in the data folder. Default: none, every setting at its default.
   */
  env?: NodeJS.ProcessEnv
  /** The tool's port; default `PORT` or 3000; 0 for any free port. */
  toolPort?: number
  /** The LMS's port; default `PLATFORM_PORT` or 4000; 0 for any free port. */
  platformPort?: number
  /** Host name of the tool's public URL; default `127.0.0.1`. */
  toolHost?: string
  /** Host name of the LMS's public URL (its issuer); default `localhost`. */
  platformHost?: string
  /** The interface both servers listen on; default `127.0.0.1` (loopback only). */
  listenHost?: string
  /** Default `LOG_LEVEL`, else `warn` (the start-up message stays readable). */
  logLevel?: string
  /** Both servers log here instead of to standard output. */
  logger?: Logger
  clock?: Clock
  /** Passback worker settings over the environment's (tests: a short poll). */
  passback?: Partial<PassbackConfig>
}

export interface DemoSignIn {
  /** Who this is, for people: "LMS admin", "Instructor", "Learner", "Tool admin". */
  who: string
  name: string
  email: string
  password: string
  /** The sign-in page. */
  url: string
}

export interface RunningDemo {
  tool: RunningToolServer
  platform: RunningPlatformServer
  /** The tool's public URL. */
  toolUrl: string
  /** The LMS's public URL, also its issuer. */
  platformUrl: string
  /** The data folder, absolute. */
  dataDir: string
  adminTokens: { tool: string; platform: string }
  workspace: { id: string; slug: string }
  courseId: string
  /** The demo LMS users' IDs: `admin`, `instructor`, `learner1`, `learner2`. */
  userIds: Record<DemoLmsUser['key'], string>
  connection: DemoConnection
  signIns: DemoSignIn[]
  /** Pages to open. */
  links: { course: string; lmsAdmin: string; toolAdmin: string }
  /** What this start seeded or connected; empty when it resumed a complete demo. */
  created: string[]
  /** Stops both servers (listeners, passback worker, databases). */
  close(): Promise<void>
}

export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const env = options.env ?? {}
  const data = openDemoDataDir(options.dataDir ?? './data')
  const listenHost = options.listenHost ?? '127.0.0.1'
  const serverOptions = (role: ServerRole) => {
    const fixedUrl = env[role === 'tool' ? 'PUBLIC_URL' : 'PLATFORM_PUBLIC_URL']
    return {
      config: demoConfig(role, env, options, data.secrets, databaseOf(role, data)),
      publicUrlFromPort: !fixedUrl,
      publicHost:
        role === 'tool' ? (options.toolHost ?? '127.0.0.1') : (options.platformHost ?? 'localhost'),
      listenHost,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    }
  }
  const [tool, platform] = await startBoth(
    () => startToolServer(serverOptions('tool')),
    () => startPlatformServer(serverOptions('platform')),
  )
  // Its own connection pool, closed once seeded: a demo restarted in the same process (tests) on
  // the same ports must not reuse sockets the previous servers closed.
  const agent = new Agent()
  const fetch: Fetch = async (input, init) =>
    // undici's Response has the Web shape; only its nominal type differs from the global one.
    (await undiciFetch(input, {
      ...(init as UndiciRequestInit),
      dispatcher: agent,
    })) as unknown as Response
  try {
    const toolApi = createAdminClient(tool.url, data.secrets.tool.adminToken, fetch)
    const platformApi = createAdminClient(platform.url, data.secrets.platform.adminToken, fetch)
    const [lms, toolSide] = await Promise.all([
      seedDemoPlatform(platformApi, {
        userIdByEmail: async (email) => (await platform.stores.users.findUserByEmail(email))?.id,
        isEnrolled: async (courseId, userId) =>
          (await platform.stores.contexts.findEnrollment(courseId, userId)) !== undefined,
      }),
      seedDemoTool(toolApi, tool.stores, (id) => tool.keys.ensureKeys(id)),
    ])
    const connection = await connectByDynamicRegistration({
      toolApi,
      platformApi,
      workspace: toolSide.workspace.slug,
      issuer: platform.url,
      fetch,
    })
    const created = [...lms.created, ...toolSide.created]
    if (connection.registered) created.push('connection by dynamic registration')
    return {
      tool,
      platform,
      toolUrl: tool.url,
      platformUrl: platform.url,
      dataDir: data.path,
      adminTokens: {
        tool: data.secrets.tool.adminToken,
        platform: data.secrets.platform.adminToken,
      },
      workspace: toolSide.workspace,
      courseId: lms.courseId,
      userIds: lms.userIds,
      connection,
      signIns: signIns(platform.url, tool.url, toolSide.adminReady),
      links: {
        course: `${platform.url}/courses/${lms.courseId}`,
        lmsAdmin: `${platform.url}/admin/tools`,
        toolAdmin: `${tool.url}/admin/workspaces/${toolSide.workspace.slug}/lti`,
      },
      created,
      close: async () => {
        await Promise.all([tool.close(), platform.close()])
      },
    }
  } catch (error) {
    await Promise.allSettled([tool.close(), platform.close()])
    throw error
  } finally {
    await agent.close()
  }
}

/** Starts both servers; when one fails, stops the other before rethrowing. */
async function startBoth<
  A extends { close(): Promise<void> },
  B extends { close(): Promise<void> },
>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a(), b()])
  if (first.status === 'fulfilled' && second.status === 'fulfilled') {
    return [first.value, second.value]
  }
  await Promise.allSettled(
    [first, second].flatMap((s) => (s.status === 'fulfilled' ? [s.value.close()] : [])),
  )
  throw first.status === 'rejected' ? first.reason : (second as PromiseRejectedResult).reason
}

function databaseOf(role: ServerRole, data: { toolDatabase: string; platformDatabase: string }) {
  return role === 'tool' ? data.toolDatabase : data.platformDatabase
}

/** The server's configuration: the environment's, with the demo's ports, files and secrets. */
function demoConfig(
  role: ServerRole,
  env: NodeJS.ProcessEnv,
  options: StartDemoOptions,
  secrets: DemoSecrets,
  databaseFile: string,
): ServerConfig & { adminToken: string } {
  const base = readConfig(env, true, role)
  const port = role === 'tool' ? options.toolPort : options.platformPort
  return {
    ...base,
    port: port ?? base.port,
    databaseUrl: databaseFile,
    adminToken: secrets[role].adminToken,
    encryptionKeys: [secrets[role].encryptionKey],
    logLevel: options.logLevel ?? env.LOG_LEVEL ?? 'warn',
    passback: { ...base.passback, ...options.passback },
    // The demo connects its own tool: a tool registering itself starts active.
    toolApproval: 'auto',
  }
}

function signIns(platformUrl: string, toolUrl: string, toolAdminReady: boolean): DemoSignIn[] {
  const who = { admin: 'LMS admin', instructor: 'Instructor', learner: 'Learner' }
  const lms = DEMO_LMS_USERS.map((user) => ({
    who: who[user.role],
    name: user.name,
    email: user.email,
    password: DEMO_PASSWORD,
    url: `${platformUrl}/login`,
  }))
  if (!toolAdminReady) return lms
  const toolAdmin = {
    who: 'Tool admin',
    ...DEMO_TOOL_ADMIN,
    password: DEMO_PASSWORD,
    url: `${toolUrl}/admin/login`,
  }
  return [...lms, toolAdmin]
}
