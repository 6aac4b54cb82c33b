/**
 * The `registration_token` the platform opens a tool's registration URL with: sealed with the
 * platform's message hint key under a purpose of its own, valid for one hour and usable once (its
 * ID is consumed in the shared NonceStore, so every instance agrees). Sealed rather than stored:
 * nothing is written until a tool registers.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-1-registration-initiation-request
 */
import { LtiTokenInvalid } from '../../core/errors.js'
import { randomString } from '../../core/lib/random.js'
import type { Clock, MacKey, NonceStore } from '../../core/ports.js'
import { openToken, sealToken } from '../../core/security/sealed-token.js'

const PURPOSE = 'platform-registration-token-v1'
export const REGISTRATION_TOKEN_TTL_SECONDS = 3600

/** An opened, unexpired, unused registration token. */
export interface RegistrationGrant {
  /** The single-use ID, consumed when a tool registers with it. */
  readonly id: string
  /** Epoch milliseconds. */
  readonly expiresAt: number
}

/** Mints a registration token valid for {@link REGISTRATION_TOKEN_TTL_SECONDS}. */
export async function issueRegistrationToken(options: {
  key: MacKey
  clock: Clock
  ttlSeconds?: number
}): Promise<{ token: string; expiresAt: number }> {
  const ttl = options.ttlSeconds ?? REGISTRATION_TOKEN_TTL_SECONDS
  const expiresAt = options.clock.now() + ttl * 1000
  const token = await sealToken(PURPOSE, { j: randomString(18), e: expiresAt }, options.key)
  return { token, expiresAt }
}

/**
 * Opens a registration token and checks it is neither expired nor used. Does not consume it:
 * a tool whose request is refused may correct it and send it again.
 *
 * @throws LTI_REGISTRATION_TOKEN_INVALID when it is missing, altered or foreign.
 * @throws LTI_REGISTRATION_TOKEN_EXPIRED after its hour.
 * @throws LTI_REGISTRATION_TOKEN_USED when a tool has registered with it already.
 */
export async function openRegistrationToken(
  token: string | undefined,
  deps: { key: MacKey; clock: Clock; nonces: NonceStore },
): Promise<RegistrationGrant> {
  const payload = token ? await openToken(PURPOSE, token, deps.key) : undefined
  const { j, e } = payload ?? {}
  if (typeof j !== 'string' || typeof e !== 'number') {
    throw new LtiTokenInvalid('LTI_REGISTRATION_TOKEN_INVALID', 'registration token invalid')
  }
  if (deps.clock.now() >= e) {
    throw new LtiTokenInvalid('LTI_REGISTRATION_TOKEN_EXPIRED', 'registration token expired', {
      cause: { expiresAt: e },
    })
  }
  if (await deps.nonces.isNonceConsumed(nonceOf(j))) throw used()
  return { id: j, expiresAt: e }
}

/**
 * Marks the grant used, atomically across instances: of concurrent registrations with one
 * token, exactly one proceeds.
 * @throws LTI_REGISTRATION_TOKEN_USED when it was used already.
 */
export async function consumeRegistrationToken(
  grant: RegistrationGrant,
  nonces: NonceStore,
): Promise<void> {
  if (!(await nonces.consumeNonce(nonceOf(grant.id), grant.expiresAt))) throw used()
}

// A namespace of its own in the shared store: never equal to a launch nonce or a tool-side ID.
const nonceOf = (id: string) => `platform-registration:${id}`

const used = () =>
  new LtiTokenInvalid('LTI_REGISTRATION_TOKEN_USED', 'registration token already used')
