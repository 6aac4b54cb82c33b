import type { Logger } from 'pino'
import type { KeyResolver } from '../core/launch/validate-launch.js'
import type { AccessTokenCache } from '../core/oauth/access-token-cache.js'
import type { Clock, Fetch, MacKey } from '../core/ports.js'
import type { SigningKey } from '../core/security/key-set.js'
import type { SecretBox } from '../core/security/secret-box.js'
import type { ToolStores } from './tool-stores.js'

/** The workspace key sets as the web layer uses them (see `core/security/key-set`). */
export interface WorkspaceKeys {
  ensureKeys(ownerId: string): Promise<void>
  publicJwks(ownerId: string): Promise<{ keys: JsonWebKey[] }>
  rotate(ownerId: string): Promise<unknown>
  /** The active key: it signs deep linking responses and client assertions. */
  signingKey(ownerId: string): Promise<SigningKey>
}

/** Everything the tool server is built from; `src/bin` assembles it from the configuration. */
export interface ToolAppDeps {
  publicUrl: string
  dev: boolean
  adminToken: string
  clockSkewSeconds: number
  clock: Clock
  logger: Logger
  /** HMAC secret of learner session tokens, shared by every instance. */
  sessionSecret: MacKey
  /** HMAC key of login states (derived like the session key; shared by every instance). */
  loginStateKey: MacKey
  stores: ToolStores
  /** Seals and opens secrets at rest (LTI 1.1 shared secrets), keyed by the encryption key. */
  secretBox: SecretBox
  keys: WorkspaceKeys
  remoteKeys: KeyResolver
  /** The guarded fetch, for LMS service calls (token endpoints, NRPS, AGS). */
  fetch: Fetch
  /** One per process: LMS access tokens, reused until they expire. */
  accessTokens: AccessTokenCache
  /** A roster older than this is read again after a launch from its course; default 24 h. */
  rosterMaxAgeMs?: number
}
