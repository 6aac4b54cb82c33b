/**
 * Runs the real tool server on loopback against a test database of one dialect, and connects
 * an emulated LMS to a fresh workspace through the admin API, as an admin would.
 */
import { systemClock } from '../../src/core/ports.js'
import { createRemoteKeySets } from '../../src/core/security/remote-jwks.js'
import type { DialectName } from '../../src/store/database.js'
import { startToolServer } from '../../src/bin/tool-server.js'
import type { RunningToolServer } from '../../src/bin/tool-server.js'
import { createAdminApi } from './admin-api.js'
import type { AdminApi } from './admin-api.js'
import { openTestDatabase } from './databases.js'
import type { TestDatabase } from './databases.js'
import { startLmsEmulator } from './lms-emulator.js'
import { startAgsEmulator } from './lms-emulator-ags.js'
import type { AgsEmulator } from './lms-emulator-ags.js'
import type { LaunchOptions, LaunchResult, LmsEmulator } from './lms-emulator.js'
import { testServerOptions } from './test-server-options.js'
import type { TestServerOptions } from './test-server-options.js'

export type { ApiResponse } from './admin-api.js'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'

export interface TestTool {
  server: RunningToolServer
  database: TestDatabase
  /** Calls the admin API with the admin token; JSON in, parsed JSON out. */
  api: AdminApi
  close(): Promise<void>
}

export interface StartTestToolOptions extends TestServerOptions {
  /** Share this database with another instance instead of opening a fresh one. */
  database?: TestDatabase
}

export async function startTestTool(
  dialect: DialectName,
  options: StartTestToolOptions = {},
): Promise<TestTool> {
  const database = options.database ?? (await openTestDatabase(dialect))
  const server = await startToolServer(testServerOptions(database, ADMIN_TOKEN, options))
  const api = createAdminApi(`http://127.0.0.1:${server.port}`, ADMIN_TOKEN)
  return {
    server,
    database,
    api,
    close: async () => {
      await server.close()
      if (!options.database) await database.close()
    },
  }
}

export interface ConnectedWorkspace {
  workspaceId: string
  slug: string
  scenario: { id: string; slug: string; title: string }
  endpoints: {
    oidcLoginUrl: string
    launchUrl: string
    jwksUrl: string
    openidConfigurationUrl: string
  }
  platformId: string
}

let counter = 0

/** Creates a workspace with one scenario and connects the emulator to it. */
export async function connectEmulator(
  tool: TestTool,
  lms: LmsEmulator,
  extra: { deploymentIds?: string[] } = {},
): Promise<ConnectedWorkspace> {
  const slug = `ws-${process.pid}-${++counter}`
  const ws = await tool.api('/workspaces', {
    method: 'POST',
    body: { name: `Workspace ${counter}`, slug },
  })
  if (ws.status !== 201) throw new Error(`workspace: ${ws.status} ${JSON.stringify(ws.body)}`)
  const scenario = await tool.api(`/workspaces/${slug}/scenarios`, {
    method: 'POST',
    body: { slug: 'negotiation-basics', title: 'Negotiation basics' },
  })
  const endpoints = await tool.api(`/workspaces/${slug}/lti/endpoints`)
  const platform = await tool.api(`/workspaces/${slug}/lti/platforms`, {
    method: 'POST',
    body: {
      name: 'Emulated LMS',
      issuer: lms.issuer,
      clientId: lms.clientId,
      deploymentIds: extra.deploymentIds ?? [lms.deploymentId],
      authenticationRequestUrl: lms.authenticationRequestUrl,
      accessTokenUrl: lms.accessTokenUrl,
      jwksUrl: lms.jwksUrl,
    },
  })
  if (platform.status !== 201)
    throw new Error(`platform: ${platform.status} ${JSON.stringify(platform.body)}`)
  return {
    workspaceId: ws.body.id,
    slug,
    scenario: scenario.body,
    endpoints: endpoints.body,
    platformId: platform.body.id,
  }
}

/**
 * Connects the emulator as `connectEmulator` does, with an AGS emulator as the LMS's token
 * endpoint and line items; it checks the tool's client assertions against the workspace's JWKS.
 */
export async function connectEmulatorWithAgs(
  tool: TestTool,
  lms: LmsEmulator,
): Promise<{ ws: ConnectedWorkspace; ags: AgsEmulator }> {
  const ags = await startAgsEmulator({
    clientId: lms.clientId,
    toolKeys: createRemoteKeySets({ fetch: (u, i) => fetch(u, i), clock: systemClock }),
  })
  try {
    const ws = await connectEmulator(tool, { ...lms, accessTokenUrl: ags.tokenUrl })
    ags.toolJwksUrl = ws.endpoints.jwksUrl
    return { ws, ags }
  } catch (err) {
    await ags.close()
    throw err
  }
}

/** A tool server with a fresh LMS emulator connected to a workspace of its own. */
export interface ConnectedTool {
  tool: TestTool
  lms: LmsEmulator
  ws: ConnectedWorkspace
  /** An emulator launch through the workspace's login and launch URLs. */
  launch(options?: Partial<LaunchOptions>): Promise<LaunchResult>
  close(): Promise<void>
}

/** Starts a tool and an LMS emulator, and connects them as `connectEmulator` does. */
export async function startConnectedTool(dialect: DialectName): Promise<ConnectedTool> {
  const tool = await startTestTool(dialect)
  let lms: LmsEmulator | undefined
  try {
    lms = await startLmsEmulator()
    const ws = await connectEmulator(tool, lms)
    const emulator = lms
    return {
      tool,
      lms,
      ws,
      launch: (options = {}) =>
        emulator.launch({
          loginUrl: ws.endpoints.oidcLoginUrl,
          targetLinkUri: ws.endpoints.launchUrl,
          ...options,
        }),
      close: async () => {
        await emulator.close()
        await tool.close()
      },
    }
  } catch (err) {
    await lms?.close()
    await tool.close()
    throw err
  }
}

/** The error code of a failed launch, read back from the launch log by its correlation ID. */
export async function launchLogCode(tool: TestTool, ws: ConnectedWorkspace, response: Response) {
  const correlationId = response.headers.get('x-correlation-id')
  if (!correlationId) return undefined
  const log = await tool.api(`/workspaces/${ws.slug}/lti/launches?correlationId=${correlationId}`)
  return log.body?.[0] as { outcome: string; errorCode?: string } | undefined
}
