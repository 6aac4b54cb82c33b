/**
 * The passback bench's server under test: `ltikit tool` (a child process on a fresh PostgreSQL
 * database, its passback worker on), connected to the in-process LMS emulator whose token and
 * grade endpoints are the AGS emulator's, with N learners launched into one scenario through an
 * AGS claim naming one emulator line item.
 */
import { CLAIM } from '../src/core/claims.js'
import type { LmsEmulator } from '../test/support/lms-emulator.js'
import type { AgsEmulator } from '../test/support/lms-emulator-ags.js'
import { createBenchDatabase, type BenchDatabase } from './bench-db.js'
import { createBenchWorkspace } from './bench-workspace.js'
import type { ChildServer } from './children.js'
import { requireLtikitBuild, spawnLtikit, waitUntilHealthy } from './ltikit-child.js'

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
  requireLtikitBuild()
  const db = await createBenchDatabase('passback')
  const { server, adminToken, api } = await spawnLtikit('ltikit tool', 'tool', db.url, {
    LTIKIT_PASSBACK_WORKER: '1',
    LTIKIT_PASSBACK_POLL_MS: String(worker.pollMs),
    LTIKIT_PASSBACK_CONCURRENCY: String(worker.concurrency),
  })
  await waitUntilHealthy(server)

  const { path: ws, endpoints } = await createBenchWorkspace(api, 'Passback bench', SLUG, {
    ...lms,
    // The emulated LMS's token endpoint is the AGS emulator's.
    accessTokenUrl: ags.tokenUrl,
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
