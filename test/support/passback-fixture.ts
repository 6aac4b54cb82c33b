/**
 * A passback test bed: a fresh database of one dialect with a workspace, an LMS connection to the
 * AGS emulator, learners with attempts, and workers that run on a fixed clock without sleeping.
 */
import { generateKeyPair } from 'jose'
import type { SigningKey } from '../../src/core/security/key-set.js'
import { openDatabase } from '../../src/store/database.js'
import type { DialectName } from '../../src/store/database.js'
import { createStores } from '../../src/store/create-stores.js'
import type { Stores } from '../../src/store/create-stores.js'
import { passbackPorts } from '../../src/store/passback-ports.js'
import { toPassbackJob } from '../../src/store/passback-repository.js'
import { readAgsService } from '../../src/tool/ags/ags-service.js'
import { createPassbackProcessor } from '../../src/tool/passback/passback-processor.js'
import type { PassbackProcessorOptions } from '../../src/tool/passback/passback-processor.js'
import { createPassbackWorker } from '../../src/tool/passback/worker.js'
import type { PassbackWorker, PassbackWorkerOptions } from '../../src/tool/passback/worker.js'
import type { PassbackJob } from '../../src/tool/ports.js'
import { openTestDatabase } from './databases.js'
import type { TestDatabase } from './databases.js'
import { startAgsEmulator } from './lms-emulator-ags.js'
import type { AgsEmulator, AgsEmulatorOptions } from './lms-emulator-ags.js'

export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0)
export const CONTEXT = 'course-1'

export interface TestClock {
  now(): number
  advance(ms: number): void
}

export interface PassbackFixture {
  database: TestDatabase
  stores: Stores
  clock: TestClock
  /** The clock's time when the current `reset` ran. */
  t0: number
  ags: AgsEmulator
  workspaceId: string
  registrationId: string
  scenarioId: string
  signingKey: SigningKey
  /**
   * A new emulator (with `options`) connected to a new workspace; closes the previous one with
   * its workers and empties the queue and the ledger, so tests sharing the database stay apart.
   */
  reset(options?: AgsEmulatorOptions): Promise<void>
  /** A worker as one tool instance runs it. */
  worker(options?: WorkerOptions): PassbackWorker
  /** A learner's attempt in resource link `link`, launched with `claim` (none: no AGS). */
  attempt(options?: { sub?: string; link?: string; claim?: unknown }): Promise<string>
  /** Records a result as the attempts API does. */
  result(attemptId: string, score: number): Promise<PassbackJob>
  job(id: string): Promise<PassbackJob>
  close(): Promise<void>
}

export interface WorkerOptions {
  /** Open a second database handle, as another instance would. */
  ownConnection?: boolean
  processor?: Partial<PassbackProcessorOptions>
  worker?: Partial<PassbackWorkerOptions>
}

let counter = 0

/** Opens the database once; call `reset` before each test. */
export async function openPassbackFixture(dialect: DialectName): Promise<PassbackFixture> {
  let now = T0
  const clock: TestClock = { now: () => now, advance: (ms) => void (now += ms) }
  const database = await openTestDatabase(dialect)
  const stores = createStores(database.db, { clock, cacheTtlMs: 0 })
  const pair = await generateKeyPair('RS256')
  const signingKey: SigningKey = { kid: 'tool-key-1', alg: 'RS256', privateKey: pair.privateKey }
  let closers: { close(): Promise<void> }[] = []

  const fixture: PassbackFixture = {
    database,
    stores,
    clock,
    t0: now,
    ags: undefined as unknown as AgsEmulator,
    workspaceId: '',
    registrationId: '',
    scenarioId: '',
    signingKey,

    async reset(options = {}) {
      for (const c of closers) await c.close()
      closers = []
      await database.db.deleteFrom('passback_jobs').execute()
      await database.db.deleteFrom('passback_ledger').execute()
      // Later than anything a previous test scheduled.
      clock.advance(24 * 3600_000)
      fixture.t0 = clock.now()
      const ags = await startAgsEmulator({
        clock,
        toolKeys: { getKey: async () => pair.publicKey },
        toolJwksUrl: 'http://tool.invalid/jwks',
        ...options,
      })
      closers.push(ags)
      const n = ++counter
      const workspace = await stores.workspaces.create({ name: `Passback ${n}`, slug: `pb-${n}` })
      if (workspace === 'duplicate') throw new Error('duplicate workspace')
      const registration = await stores.registrations.create(workspace.id, {
        name: 'AGS emulator',
        issuer: ags.base,
        clientId: ags.clientId,
        deploymentIds: ['deployment-1'],
        authenticationRequestUrl: `${ags.base}/auth`,
        accessTokenUrl: ags.tokenUrl,
        jwksUrl: `${ags.base}/jwks`,
      })
      if (registration === 'duplicate') throw new Error('duplicate registration')
      const scenario = await stores.scenarios.create(workspace.id, {
        slug: 'negotiation',
        title: 'Negotiation basics',
      })
      if (scenario === 'duplicate') throw new Error('duplicate scenario')
      Object.assign(fixture, {
        ags,
        workspaceId: workspace.id,
        registrationId: registration.id,
        scenarioId: scenario.id,
      })
    },

    worker(options = {}) {
      let own = stores
      if (options.ownConnection) {
        const opened = openDatabase(database.url)
        closers.push(opened)
        own = createStores(opened.db, { clock, cacheTtlMs: 0 })
      }
      const created = createPassbackWorker({
        queue: own.passback,
        processor: createPassbackProcessor({
          ports: passbackPorts(own),
          fetch: (input, init) => fixture.ags.fetch(input, init),
          clock,
          signingKey: async () => signingKey,
          random: () => 0.5,
          ...options.processor,
        }),
        clock,
        sleep: async () => undefined,
        ...options.worker,
      })
      // Workers stop before the connections they use close.
      closers.unshift({ close: () => created.close() })
      return created
    },

    async attempt({ sub = `learner-${++counter}`, link = 'link-1', claim } = {}) {
      const member = await stores.members.provisionMember({
        workspaceId: fixture.workspaceId,
        issuer: fixture.ags.base,
        sub,
        lmsRoles: [],
        at: clock.now(),
      })
      return stores.attempts.openAttempt({
        workspaceId: fixture.workspaceId,
        memberId: member.id,
        scenarioId: fixture.scenarioId,
        registrationId: fixture.registrationId,
        resourceLinkId: link,
        userId: sub,
        ...(claim === undefined ? {} : { agsEndpoint: claim }),
        at: clock.now(),
      })
    },

    async result(attemptId, score) {
      const attempt = await stores.attempts.findById(attemptId)
      const { job } = await stores.attempts.recordResult({
        attemptId,
        score,
        at: clock.now(),
        passback: readAgsService(attempt?.agsEndpoint)
          ? { state: 'pending' }
          : { state: 'not_applicable', errorCode: 'LTI_AGS_NOT_AVAILABLE' },
      })
      return job
    },

    async job(id) {
      const row = await database.db
        .selectFrom('passback_jobs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      return toPassbackJob(row)
    },

    async close() {
      for (const c of closers) await c.close()
      await database.close()
    },
  }
  return fixture
}
