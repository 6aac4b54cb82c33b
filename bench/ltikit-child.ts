/**
 * `ltikit tool` or `ltikit platform` from dist/ as the bench's server under test: a child process
 * on a free loopback port with a fresh admin token and encryption key, and a client of its admin
 * API to seed it.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { freePort, spawnServer, waitUntilReady, type ChildServer } from './children.js'

export const LTIKIT_ENTRY =
  process.env.BENCH_LTIKIT_ENTRY ?? fileURLToPath(new URL('../dist/bin/ltikit.js', import.meta.url))

/** Calls `/api<path>` with the admin token; JSON in, parsed JSON out; throws on a non-2xx. */
export type BenchAdminApi = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<T>

/** A spawned ltikit server and its admin API. */
export interface LtikitChild {
  readonly server: ChildServer
  readonly adminToken: string
  readonly api: BenchAdminApi
}

/**
 * Throws unless the built CLI is there.
 * @param alternative - Appended to the advice, e.g. `(or set BENCH_SERVERS=ltijs)`.
 */
export function requireLtikitBuild(alternative?: string): void {
  if (existsSync(LTIKIT_ENTRY)) return
  const advice = alternative ? ` ${alternative}` : ''
  throw new Error(`${LTIKIT_ENTRY} not found: run \`npm run build\`${advice}`)
}

/**
 * Spawns `ltikit <command>` on `databaseUrl` in dev mode (its guarded fetch may reach loopback)
 * with warn-level logs; `env` adds or overrides variables. Call `waitUntilHealthy` next.
 */
export async function spawnLtikit(
  name: string,
  command: 'tool' | 'platform',
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<LtikitChild> {
  const port = await freePort()
  const publicUrl = `http://127.0.0.1:${port}`
  const adminToken = randomBytes(24).toString('hex')
  const server = spawnServer(name, [LTIKIT_ENTRY, command], port, {
    ...(command === 'platform'
      ? { PLATFORM_PORT: String(port), PLATFORM_PUBLIC_URL: publicUrl }
      : { PUBLIC_URL: publicUrl }),
    DATABASE_URL: databaseUrl,
    ADMIN_TOKEN: adminToken,
    // Given, so the dev-mode server does not write dev-secrets.json into the working tree.
    LTIKIT_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    LTIKIT_DEV: '1',
    LOG_LEVEL: 'warn',
    ...env,
  })
  return { server, adminToken, api: benchAdminApi(server.baseUrl, adminToken) }
}

/** Resolves once `GET /healthz` answers 2xx (see `waitUntilReady`). */
export function waitUntilHealthy(server: ChildServer): Promise<void> {
  return waitUntilReady(server, async () => (await fetch(`${server.baseUrl}/healthz`)).ok)
}

function benchAdminApi(baseUrl: string, adminToken: string): BenchAdminApi {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`admin API ${method} ${path}: ${response.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
}
