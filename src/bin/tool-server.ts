/**
 * Assembles the tool server from its configuration: database, migrations, stores, keys, the
 * Hono app and the HTTP listener. Used by the CLI, the tests and the benchmark alike.
 */
import { sql } from 'kysely'
import pino from 'pino'
import type { Logger } from 'pino'
import { systemClock } from '../core/ports.js'
import type { Clock, Fetch } from '../core/ports.js'
import { createAccessTokenCache } from '../core/oauth/access-token-cache.js'
import type { AccessTokenCache } from '../core/oauth/access-token-cache.js'
import { createKeySet } from '../core/security/key-set.js'
import type { KeySet } from '../core/security/key-set.js'
import { createRemoteKeySets } from '../core/security/remote-jwks.js'
import { createSecretBox } from '../core/security/secret-box.js'
import { createStores, openDatabase, passbackPorts } from '../store/index.js'
import type { Stores } from '../store/index.js'
import { migrateToLatest } from '../store/migrate.js'
import { createGuardedFetch } from '../web/net/guarded-fetch.js'
import { withSubmissionReview } from '../tool/submission-review/submission-review-property.js'
import { createToolApp } from '../web/tool-app.js'
import { toolEndpoints } from '../web/tool-urls.js'
import { createPassbackProcessor } from '../tool/passback/passback-processor.js'
import { createPassbackWorker } from '../tool/passback/worker.js'
import type { PassbackWorker } from '../tool/passback/worker.js'
import type { WorkspaceKeys } from '../web/tool-deps.js'
import type { ToolStores } from '../web/tool-stores.js'
import type { ServerConfig } from './config.js'
import { deriveMacKey } from './derive-mac-key.js'
import { listenFirst } from './listen-first.js'
import type { ServerStartOptions } from './server-start-options.js'

/** `fetch` replaces the guarded fetch (tests only). */
export type StartToolServerOptions = ServerStartOptions

export interface RunningToolServer {
  url: string
  port: number
  stores: ToolStores
  keys: WorkspaceKeys
  /** This instance's grade passback worker (started unless `config.passback.enabled` is false). */
  passback: PassbackWorker
  close(): Promise<void>
}

const HOUSEKEEPING_MS = 5 * 60_000

export async function startToolServer(options: StartToolServerOptions): Promise<RunningToolServer> {
  const { config } = options
  const clock = options.clock ?? systemClock
  const logger =
    options.logger ?? pino({ level: config.logLevel, base: { service: 'ltikit-tool' } })
  const database = openDatabase(config.databaseUrl, {
    max: config.databasePoolSize,
    ...(options.searchPath ? { searchPath: options.searchPath } : {}),
  })
  await migrateToLatest(database)
  const repositories = createStores(database.db, { clock })
  const stores: ToolStores = {
    ...repositories,
    ping: async () => {
      await sql`select 1`.execute(database.db)
    },
  }
  const secretBox = createSecretBox(config.encryptionKeys)
  const encryptionKey = config.encryptionKeys[0] as string
  const keys = createKeySet({ store: repositories.keys, secretBox, clock })
  const fetch = options.fetch ?? createGuardedFetch({ dev: config.dev })
  const remoteKeys = createRemoteKeySets({ fetch, clock })
  const listener = await listenFirst(config.port, options.listenHost)
  const port = listener.port
  const publicUrl = options.publicUrlFromPort
    ? `http://${options.publicHost ?? '127.0.0.1'}:${port}`
    : config.publicUrl
  // One per process: the roster reads and the passback worker reuse each other's tokens.
  const accessTokens = createAccessTokenCache({ clock })
  const app = createToolApp({
    publicUrl,
    dev: config.dev,
    adminToken: config.adminToken,
    clockSkewSeconds: config.clockSkewSeconds,
    clock,
    logger,
    sessionSecret: deriveMacKey(encryptionKey, 'learner-session-v1'),
    loginStateKey: deriveMacKey(encryptionKey, 'login-state-v1'),
    stores,
    secretBox,
    keys,
    remoteKeys: { getKey: (url, header) => remoteKeys.getKey(url, header) },
    fetch,
    accessTokens,
    ...(config.rosterMaxAgeSeconds ? { rosterMaxAgeMs: config.rosterMaxAgeSeconds * 1000 } : {}),
  })
  listener.serveWith(app.fetch)

  const housekeeping = setInterval(() => {
    repositories.nonces
      .deleteExpired(clock.now() - 60 * 60_000)
      .catch((err: unknown) => logger.warn({ err }, 'housekeeping failed'))
  }, HOUSEKEEPING_MS)
  housekeeping.unref()

  const passback = passbackWorker({
    config,
    clock,
    logger,
    fetch,
    keys,
    repositories,
    accessTokens,
    publicUrl,
  })
  if (config.passback?.enabled !== false) passback.start()

  return {
    url: publicUrl,
    port,
    stores,
    keys,
    passback,
    close: async () => {
      clearInterval(housekeeping)
      await listener.close()
      await passback.close()
      await database.close()
    },
  }
}

/** The passback queue's worker over this instance's stores, logging every run's outcome. */
function passbackWorker(deps: {
  config: ServerConfig
  clock: Clock
  logger: Logger
  fetch: Fetch
  keys: KeySet
  repositories: Stores
  accessTokens: AccessTokenCache
  publicUrl: string
}): PassbackWorker {
  const { config, clock, logger, repositories } = deps
  const concurrency = config.passback?.concurrency ?? 4
  const log = logger.child({ component: 'passback' })
  return createPassbackWorker({
    queue: repositories.passback,
    processor: createPassbackProcessor({
      ports: passbackPorts(repositories),
      fetch: deps.fetch,
      clock,
      signingKey: (workspaceId) => deps.keys.signingKey(workspaceId),
      tokens: deps.accessTokens,
      // Submission Review 1.0: created line items launch back to the learner's attempt.
      newLineItem: withSubmissionReview((ws) => toolEndpoints(deps.publicUrl, ws).launchUrl),
      ...(config.passback?.maxTries ? { policy: { maxTries: config.passback.maxTries } } : {}),
    }),
    clock,
    concurrency,
    batchSize: concurrency * 2,
    pollMs: config.passback?.pollMs ?? 1000,
    onError: (err) => log.warn({ err }, 'passback worker error'),
    onOutcome: (job, outcome, applied) => {
      const facts = {
        jobId: job.id,
        attemptId: job.attemptId,
        tries: job.tries,
        applied,
        ...outcome,
      }
      if (outcome.state === 'failed') log.warn(facts, 'passback failed')
      else log.info(facts, 'passback run')
    },
  })
}
