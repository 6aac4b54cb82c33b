/**
 * Assembles the platform server (the LMS side) from its configuration: database, migrations,
 * stores, the platform's signing keys, the Hono app and the HTTP listener. Used by the CLI and
 * the tests alike; mirrors `tool-server.ts`.
 */
import pino from 'pino'
import { systemClock } from '../core/ports.js'
import { createKeySet } from '../core/security/key-set.js'
import type { SigningKey } from '../core/security/key-set.js'
import { createRemoteKeySets } from '../core/security/remote-jwks.js'
import { createSecretBox } from '../core/security/secret-box.js'
import { PLATFORM_KEY_OWNER } from '../platform/ports.js'
import type { PlatformStores } from '../platform/ports.js'
import { createPlatformStores, openDatabase } from '../store/index.js'
import { migrateToLatest } from '../store/migrate.js'
import { createReadCache } from '../store/read-cache.js'
import { createGuardedFetch } from '../web/net/guarded-fetch.js'
import { createPlatformApp } from '../web/platform-app.js'
import type { PlatformKeys } from '../web/platform-deps.js'
import { deriveMacKey } from './derive-mac-key.js'
import { listenFirst } from './listen-first.js'
import type { ServerStartOptions } from './server-start-options.js'

/** `fetch` replaces the guarded fetch of tools' key sets (tests only). */
export type StartPlatformServerOptions = ServerStartOptions

export interface RunningPlatformServer {
  /** The public URL, also the platform's issuer. */
  url: string
  port: number
  stores: PlatformStores
  keys: PlatformKeys
  close(): Promise<void>
}

const HOUSEKEEPING_MS = 5 * 60_000
/**
 * How long an instance signs with the active key it last read: after a rotation through another
 * instance, this one signs with the retired key (published 75 minutes more) for up to this long.
 */
const SIGNING_KEY_CACHE_MS = 30_000
/** Nonces and `jti`s are kept an hour past their expiry, as on the tool side. */
const NONCE_GRACE_MS = 60 * 60_000

export async function startPlatformServer(
  options: StartPlatformServerOptions,
): Promise<RunningPlatformServer> {
  const { config } = options
  const clock = options.clock ?? systemClock
  const logger =
    options.logger ?? pino({ level: config.logLevel, base: { service: 'ltikit-platform' } })
  const database = openDatabase(config.databaseUrl, {
    max: config.databasePoolSize,
    ...(options.searchPath ? { searchPath: options.searchPath } : {}),
  })
  await migrateToLatest(database)
  const stores = createPlatformStores(database.db, { clock, dialect: database.dialect })
  const encryptionKey = config.encryptionKeys[0] as string
  const secretBox = createSecretBox(config.encryptionKeys)
  const keySet = createKeySet({ store: stores.keys, secretBox, clock })
  // Publish-before-sign from the first start: an active key and a published next key.
  await keySet.ensureKeys(PLATFORM_KEY_OWNER)
  // Every launch signs: keep the active key in memory rather than list the keys each time. Safe
  // to serve stale, as keys are published before they sign and stay published long after: an
  // instance that has not yet seen another's rotation signs with a retired key still published.
  const signer = createReadCache<SigningKey>({ clock, ttlMs: SIGNING_KEY_CACHE_MS })
  const keys: PlatformKeys = {
    signingKey: async () =>
      (await signer.get(PLATFORM_KEY_OWNER, () => keySet.signingKey(PLATFORM_KEY_OWNER)))!,
    publicJwks: () => keySet.publicJwks(PLATFORM_KEY_OWNER),
    rotate: () => keySet.rotate(PLATFORM_KEY_OWNER).finally(() => signer.invalidate()),
  }
  const guardedFetch = options.fetch ? undefined : createGuardedFetch({ dev: config.dev })
  const toolKeySets = createRemoteKeySets({ fetch: options.fetch ?? guardedFetch!, clock })

  const listener = await listenFirst(config.port, options.listenHost)
  const port = listener.port
  const publicUrl = options.publicUrlFromPort
    ? `http://${options.publicHost ?? '127.0.0.1'}:${port}`
    : config.publicUrl
  const app = createPlatformApp({
    publicUrl,
    dev: config.dev,
    adminToken: config.adminToken,
    clockSkewSeconds: config.clockSkewSeconds,
    clock,
    logger,
    sessionKey: deriveMacKey(encryptionKey, 'platform-session-v1'),
    messageHintKey: deriveMacKey(encryptionKey, 'platform-message-hint-v1'),
    accessTokenKey: deriveMacKey(encryptionKey, 'platform-access-token-v1'),
    stores,
    secretBox,
    keys,
    toolKeys: { getKey: (url, header) => toolKeySets.getKey(url, header) },
    ...(config.toolApproval ? { toolApproval: config.toolApproval } : {}),
  })
  // The bindings carry Node's request, from which `readBodyText` reads bodies directly.
  listener.serveWith(app.fetch)

  const housekeeping = setInterval(() => {
    Promise.all([
      stores.nonces.deleteExpired(clock.now() - NONCE_GRACE_MS),
      // Retired keys stay published until all they signed has expired, then go.
      keySet.pruneRetired(PLATFORM_KEY_OWNER),
    ]).catch((err: unknown) => logger.warn({ err }, 'housekeeping failed'))
  }, HOUSEKEEPING_MS)
  housekeeping.unref()

  return {
    url: publicUrl,
    port,
    stores,
    keys,
    close: async () => {
      clearInterval(housekeeping)
      await listener.close()
      await guardedFetch?.close()
      await database.close()
    },
  }
}
