/**
 * Runs the real tool server on loopback against a test database of one dialect, and connects
 * an emulated LMS to a fresh workspace through the admin API, as an admin would.
 */
import pino from 'pino'
import type { Clock, Fetch } from '../../src/core/ports.js'
import type { DialectName } from '../../src/store/database.js'
import { startToolServer } from '../../src/bin/tool-server.js'
import type { RunningToolServer } from '../../src/bin/tool-server.js'
import { generateSecretKey } from '../../src/core/security/secret-box.js'
import { openTestDatabase } from './databases.js'
import type { TestDatabase } from './databases.js'
import type { LmsEmulator } from './lms-emulator.js'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'
const ENCRYPTION_KEY = generateSecretKey()

export interface TestTool {
  server: RunningToolServer
  database: TestDatabase
  /** Calls the admin API with the admin token; JSON in, parsed JSON out. */
  api(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null },
  ): Promise<ApiResponse>
  close(): Promise<void>
}

export interface ApiResponse {
  status: number
  headers: Headers
  body: any
}

export interface StartTestToolOptions {
  /** Share this database with another instance instead of opening a fresh one. */
  database?: TestDatabase
  /** Fix PUBLIC_URL (a second instance behind the same address); default: its own port. */
  publicUrl?: string
  clock?: Clock
  fetch?: Fetch
  clockSkewSeconds?: number
}

export async function startTestTool(
  dialect: DialectName,
  options: StartTestToolOptions = {},
): Promise<TestTool> {
  const database = options.database ?? (await openTestDatabase(dialect))
  const server = await startToolServer({
    config: {
      port: 0,
      publicUrl: options.publicUrl ?? 'http://127.0.0.1',
      databaseUrl: database.url,
      adminToken: ADMIN_TOKEN,
      dev: true,
      clockSkewSeconds: options.clockSkewSeconds ?? 5,
      logLevel: 'silent',
      encryptionKeys: [ENCRYPTION_KEY],
      databasePoolSize: 4,
    },
    logger: pino({ level: process.env.LTIKIT_TEST_LOG ?? 'silent' }),
    publicUrlFromPort: options.publicUrl === undefined,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const api: TestTool['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? ADMIN_TOKEN}`
    let body: string | undefined
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
    }
    const base = `http://127.0.0.1:${server.port}`
    const response = await fetch(`${base}/api${path}`, {
      method: init.method ?? 'GET',
      headers,
      body,
    })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    }
  }
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

/** The error code of a failed launch, read back from the launch log by its correlation ID. */
export async function launchLogCode(tool: TestTool, ws: ConnectedWorkspace, response: Response) {
  const correlationId = response.headers.get('x-correlation-id')
  if (!correlationId) return undefined
  const log = await tool.api(`/workspaces/${ws.slug}/lti/launches?correlationId=${correlationId}`)
  return log.body?.[0] as { outcome: string; errorCode?: string } | undefined
}
