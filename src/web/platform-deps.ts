import type { Logger } from 'pino'
import type { KeyResolver } from '../core/launch/validate-launch.js'
import type { Clock, MacKey } from '../core/ports.js'
import type { PublicJwk, SigningKey } from '../core/security/key-set.js'
import type { SecretBox } from '../core/security/secret-box.js'
import type { PlatformStores } from '../platform/ports.js'

/** The platform's own key set (owner `platform`), as the web layer uses it. */
export interface PlatformKeys {
  signingKey(): Promise<SigningKey>
  publicJwks(): Promise<{ keys: PublicJwk[] }>
  rotate(): Promise<unknown>
}

/**
 * Everything the platform server is built from; `src/bin/platform-server.ts` assembles it.
 * Every instance holds the same keys, so any instance answers any step of a launch.
 */
export interface PlatformAppDeps {
  /** The platform's base URL; also its `iss`. */
  publicUrl: string
  dev: boolean
  adminToken: string
  clockSkewSeconds: number
  clock: Clock
  logger: Logger
  /** MAC of sign-in session cookies. */
  sessionKey: MacKey
  /** MAC of `lti_message_hint` values and of the deep linking `data` value. */
  messageHintKey: MacKey
  /** MAC of the OAuth 2 access tokens the token endpoint issues (see `platform/access-token`). */
  accessTokenKey: MacKey
  stores: PlatformStores
  /** Seals and opens secrets at rest (LTI 1.1 shared secrets), with the keys of the private keys. */
  secretBox: SecretBox
  keys: PlatformKeys
  /** Tools' key sets (JWKS URLs), for client assertions and deep linking responses. */
  toolKeys: KeyResolver
  /** Tools that register themselves start `pending` under `manual`; default `auto` (active). */
  toolApproval?: 'auto' | 'manual'
}
