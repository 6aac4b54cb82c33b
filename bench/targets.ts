/**
 * The two servers under test, each a child process on its own fresh database, configured to
 * trust the bench's LMS emulator; and the end-to-end check run before any measurement.
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { parseSetCookie, type LmsEmulator } from '../test/support/lms-emulator.js'
import { createBenchDatabase, type BenchDatabase } from './bench-db.js'
import { createBenchWorkspace } from './bench-workspace.js'
import { freePort, spawnServer, waitUntilReady, type ChildServer } from './children.js'
import { requireLtikitBuild, spawnLtikit, waitUntilHealthy } from './ltikit-child.js'
import type { LaunchTarget } from './load.js'

/** The servers the bench knows. */
export type ServerName = 'ltikit' | 'ltijs'

/** A running server under test. */
export interface StartedServer {
  readonly name: ServerName
  readonly server: ChildServer
  readonly db: BenchDatabase
  readonly target: LaunchTarget
}

const LTIJS_ENTRY = fileURLToPath(new URL('./ltijs-server.cjs', import.meta.url))
const SCENARIO = 'launch-bench'

/** ltijs 5 with ltijs-sequelize, dev mode (no cookie requirement), platform = the emulator. */
export async function startLtijs(emulator: LmsEmulator): Promise<StartedServer> {
  const db = await createBenchDatabase('ltijs')
  const server = spawnServer('ltijs', [LTIJS_ENTRY], await freePort(), {
    LTIJS_DB: db.name,
    LTIJS_KEY: randomBytes(24).toString('hex'),
    PLATFORM_ISSUER: emulator.issuer,
    PLATFORM_CLIENT_ID: emulator.clientId,
    PLATFORM_AUTH_URL: emulator.authenticationRequestUrl,
    PLATFORM_TOKEN_URL: emulator.accessTokenUrl,
    PLATFORM_JWKS_URL: emulator.jwksUrl,
  })
  // registerPlatform generates a 4096-bit RSA key: allow a minute.
  await waitUntilReady(server, async () => server.output().includes('LTIJS_READY'), 60_000)
  const target: LaunchTarget = {
    loginUrl: `${server.baseUrl}/login`,
    targetLinkUri: `${server.baseUrl}/`,
    // ltijs answers a valid id_token with a redirect to the app route carrying its `ltik`.
    isSuccess: (status, location) => status === 302 && location.includes('ltik='),
  }
  return { name: 'ltijs', server, db, target }
}

/** `ltikit tool` from dist/, configured through its admin API. */
export async function startLtikit(emulator: LmsEmulator): Promise<StartedServer> {
  requireLtikitBuild('(or set BENCH_SERVERS=ltijs)')
  const db = await createBenchDatabase('ltikit')
  const { server, api } = await spawnLtikit('ltikit', 'tool', db.url)
  await waitUntilHealthy(server)
  const { endpoints } = await createBenchWorkspace(api, 'Launch bench', SCENARIO, emulator)
  const target: LaunchTarget = {
    loginUrl: endpoints.oidcLoginUrl,
    targetLinkUri: endpoints.launchUrl,
    scenarioId: SCENARIO,
    isSuccess: (status, location) =>
      (status === 302 || status === 303) && location !== '' && !/error/i.test(location),
  }
  return { name: 'ltikit', server, db, target }
}

/**
 * One launch through the full emulator (every authentication request check), then the redirect
 * followed with the cookies, to a 200 page. Throws a message fit for the console otherwise.
 */
export async function verifyEndToEnd(emulator: LmsEmulator, started: StartedServer): Promise<void> {
  const { target, name } = started
  const result = await emulator.launch({
    loginUrl: target.loginUrl,
    targetLinkUri: target.targetLinkUri,
    scenarioId: target.scenarioId,
    user: 'instructor',
  })
  let response = result.launchResponse
  let url = result.authRequest.get('redirect_uri') ?? target.targetLinkUri
  const jar = { ...result.cookies }
  for (let hop = 0; hop < 4; hop++) {
    Object.assign(jar, parseSetCookie(response.headers.getSetCookie()))
    const location = response.headers.get('location') ?? ''
    if (hop === 0 && !target.isSuccess(response.status, location)) break
    if (response.status === 200) {
      await response.body?.cancel()
      return
    }
    if (response.status < 300 || response.status >= 400 || location === '') break
    await response.body?.cancel()
    url = new URL(location, url).toString()
    const cookie = Object.entries(jar)
      .map(([key, value]) => `${key}=${value}`)
      .join('; ')
    response = await fetch(url, { headers: { cookie }, redirect: 'manual' })
  }
  const body = (await response.text()).slice(0, 500)
  throw new Error(
    `${name}: the first launch did not end on a 200 page (last: ${response.status} ${url}): ${body}`,
  )
}
