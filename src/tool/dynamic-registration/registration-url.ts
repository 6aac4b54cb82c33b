/**
 * The registration URL an admin pastes into the LMS: a sealed token naming the workspace, valid
 * for one hour and usable once (its ID is consumed in the shared NonceStore, so every instance
 * agrees). The LMS opens it with `openid_configuration` and `registration_token` appended.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#overview
 */
import { LtiRequestInvalid } from '../../core/errors.js'
import { randomString } from '../../core/lib/random.js'
import type { Clock, MacKey, NonceStore } from '../../core/ports.js'
import { openToken, sealToken } from '../../core/security/sealed-token.js'

const PURPOSE = 'ltikit-dynamic-registration-url-v1'
export const REGISTRATION_URL_TTL_SECONDS = 3600
/** The query parameter of the registration URL that carries the sealed token. */
export const REGISTRATION_URL_PARAM = 't'

/** An opened, unexpired registration URL token. */
export interface RegistrationGrant {
  readonly workspaceId: string
  /** The single-use ID, consumed when the registration is performed. */
  readonly id: string
  readonly expiresAt: number
}

/**
 * Mints a registration URL for a workspace.
 * @param registerUrl The tool's registration page of this workspace (absolute).
 */
export async function issueRegistrationUrl(
  workspaceId: string,
  registerUrl: string,
  key: MacKey,
  clock: Clock,
  ttlSeconds = REGISTRATION_URL_TTL_SECONDS,
): Promise<{ url: string; expiresAt: number }> {
  const expiresAt = clock.now() + ttlSeconds * 1000
  const token = await sealToken(PURPOSE, { w: workspaceId, j: randomString(18), e: expiresAt }, key)
  const url = new URL(registerUrl)
  url.searchParams.set(REGISTRATION_URL_PARAM, token)
  return { url: url.toString(), expiresAt }
}

/**
 * Opens a registration URL token of this workspace and checks it is neither expired nor used.
 * Does not consume it: see {@link consumeRegistrationGrant}.
 *
 * @throws LTI_REGISTRATION_URL_INVALID when the token is altered, foreign or of another workspace.
 * @throws LTI_REGISTRATION_URL_EXPIRED after its hour.
 * @throws LTI_REGISTRATION_URL_USED when a registration was already performed with it.
 */
export async function openRegistrationUrl(
  token: string,
  workspaceId: string,
  deps: { key: MacKey; clock: Clock; nonces: NonceStore },
): Promise<RegistrationGrant> {
  const payload = await openToken(PURPOSE, token, deps.key)
  const { w, j, e } = payload ?? {}
  if (typeof w !== 'string' || typeof j !== 'string' || typeof e !== 'number') {
    throw new LtiRequestInvalid('LTI_REGISTRATION_URL_INVALID', 'registration URL token invalid')
  }
  if (w !== workspaceId) {
    throw new LtiRequestInvalid(
      'LTI_REGISTRATION_URL_INVALID',
      'registration URL of another workspace',
    )
  }
  if (deps.clock.now() >= e) {
    throw new LtiRequestInvalid('LTI_REGISTRATION_URL_EXPIRED', 'registration URL expired', {
      cause: { expiresAt: e },
    })
  }
  if (await deps.nonces.isNonceConsumed(nonceOf(j))) throw used()
  return { workspaceId: w, id: j, expiresAt: e }
}

/**
 * Marks the grant used, atomically across instances: of concurrent registrations with one URL,
 * exactly one proceeds.
 * @throws LTI_REGISTRATION_URL_USED when it was used already.
 */
export async function consumeRegistrationGrant(
  grant: RegistrationGrant,
  nonces: NonceStore,
): Promise<void> {
  if (!(await nonces.consumeNonce(nonceOf(grant.id), grant.expiresAt))) throw used()
}

// A namespace of its own in the shared store: never equal to a launch nonce.
const nonceOf = (id: string) => `dynamic-registration:${id}`

const used = () =>
  new LtiRequestInvalid('LTI_REGISTRATION_URL_USED', 'registration URL already used')
