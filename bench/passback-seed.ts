/**
 * The passback bench's server under test: `ltikit tool` (a child process on a fresh PostgreSQL
 * database, its passback worker on), connected to the in-process LMS emulator whose token and
 * grade endpoints are the AGS emulator's, with N learners launched into one scenario through an
 * AGS claim naming one emulator line item.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CLAIM } from '../src/core/claims.js'
import type { LmsEmulator } from '../test/support/lms-emulator.js'
import type { AgsEmulator } from '../test/support/lms-emulator-ags.js'
import { createBenchDatabase, type BenchDatabase } from './bench-db.js'
import { freePort, spawnServer, waitUntilReady, type ChildServer } from './children.js'

const ENTRY =
  process.env.BENCH_LTIKIT_ENTRY ?? fileURLToPath(new URL('../dist/bin/ltikit.js', import.meta.url))
const SLUG = 'passback-bench'
/** The emulator's default launch claims name this context and resource link. */
const CONTEXT = 'context-1'
const RESOURCE_LINK = 'resource-link-1'

/** One launched learner: the `sub` the LMS knows, and the attempt the launch opened. */
export interface BenchLearner {
  readonly sub: string
  readonly attemptId: string
}

/** The tool under test, seeded. */
export interface PassbackTarget {
  readonly server: ChildServer
  readonly db: BenchDatabase
  readonly adminToken: string
  /** `/api/workspaces/<id>`. */
  readonly workspacePath: string
  readonly lineItemUrl: string
  readonly learners: readonly BenchLearner[]
}

/** The worker's settings, passed as `LTIKIT_PASSBACK_*`. */
export interface WorkerSettings {
  readonly pollMs: number
  readonly concurrency: number
}

/** Starts the tool, creates workspace, scenario and LMS connection, and launches `learners`. */
export async function startPassbackTarget(
  lms: LmsEmulator,
  ags: AgsEmulator,
  learners: number,
  worker: WorkerSettings,
): Promise<PassbackTarget> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} not found: run \`npm run build\``)
  const db = await createBenchDatabase('passback')
  const port = await freePort()
  const adminToken = randomBytes(24).toString('hex')
  const server = spawnServer('ltikit tool', [ENTRY, 'tool'], port, {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: db.url,
    ADMIN_TOKEN: adminToken,
    LTIKIT_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    // Dev mode lets the guarded fetch reach the emulators on loopback.
    LTIKIT_DEV: '1',
    LOG_LEVEL: 'warn',
    LTIKIT_PASSBACK_WORKER: '1',
    LTIKIT_PASSBACK_POLL_MS: String(worker.pollMs),
    LTIKIT_PASSBACK_CONCURRENCY: String(worker.concurrency),
  })
  await waitUntilReady(server, async () => (await fetch(`${server.baseUrl}/healthz`)).ok)

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`admin API ${method} ${path}: ${response.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
  const workspace = await api<{ id: string }>('POST', '/workspaces', {
    name: 'Passback bench',
    slug: SLUG,
  })
  const ws = `/workspaces/${encodeURIComponent(workspace.id)}`
  await api('POST', `${ws}/scenarios`, { slug: SLUG, title: 'Passback bench scenario' })
  const endpoints = await api<{ oidcLoginUrl: string; launchUrl: string; jwksUrl: string }>(
    'GET',
    `${ws}/lti/endpoints`,
  )
  await api('POST', `${ws}/lti/platforms`, {
    name: 'ltikit LMS emulator',
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authenticationRequestUrl: lms.authenticationRequestUrl,
    // The emulated LMS's token endpoint is the AGS emulator's.
    accessTokenUrl: ags.tokenUrl,
    jwksUrl: lms.jwksUrl,
  })
  ags.toolJwksUrl = endpoints.jwksUrl
  const lineItemUrl = ags.addLineItem(CONTEXT, {
    label: 'Passback bench',
    scoreMaximum: 100,
    resourceLinkId: RESOURCE_LINK,
  })

  const subs = Array.from({ length: learners }, (_, i) => `bench-learner-${i}`)
  let next = 0
  const launchLane = async (): Promise<void> => {
    while (next < subs.length) {
      const sub = subs[next++] as string
      const { loginResponse, launchResponse } = await lms.launch({
        loginUrl: endpoints.oidcLoginUrl,
        targetLinkUri: endpoints.launchUrl,
        scenarioId: SLUG,
        user: 'learner',
        sub,
        claims: (c) => ({
          ...c,
          [CLAIM.agsEndpoint]: ags.claim(CONTEXT, { lineitem: lineItemUrl }),
        }),
      })
      await loginResponse.body?.cancel()
      const body = (await launchResponse.text()).slice(0, 300)
      if (launchResponse.status !== 303) {
        throw new Error(`launch of ${sub}: ${launchResponse.status} ${body}`)
      }
    }
  }
  await Promise.all(Array.from({ length: 4 }, launchLane))

  const members = await api<{ id: string; identities: { sub: string }[] }[]>('GET', `${ws}/members`)
  const subOf = new Map(members.flatMap((m) => m.identities.map((i) => [m.id, i.sub] as const)))
  const attempts = await api<{ id: string; memberId: string }[]>(
    'GET',
    `${ws}/attempts?scenario=${SLUG}&limit=500`,
  )
  const wanted = new Set(subs)
  const launched = attempts
    .map((a) => ({ sub: subOf.get(a.memberId) ?? '', attemptId: a.id }))
    .filter((l) => wanted.has(l.sub))
  if (launched.length !== learners) {
    throw new Error(`expected ${learners} attempts after the launches, found ${launched.length}`)
  }
  return {
    server,
    db,
    adminToken,
    workspacePath: `/api${ws}`,
    lineItemUrl,
    learners: launched,
  }
}
