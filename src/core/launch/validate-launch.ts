/**
 * The id_token validation pipeline of a tool: every check of Security Framework §5.1.3 and
 * Core 1.3 §5.3, in an order that never trusts a claim before its signature, never spends a
 * login state on a forged token, and names the first failure with a stable code.
 */
import { compactVerify, errors as joseErrors } from 'jose'
import { CLAIM } from '../claims.js'
import type { MessageType } from '../claims.js'
import { LtiForbidden, LtiRequestInvalid, LtiTokenInvalid } from '../errors.js'
import { openLoginState } from '../oidc/login-state.js'
import type { Clock, MacKey, NonceStore, Registration, RegistrationStore } from '../ports.js'
import { checkLtiClaims } from './check-lti-claims.js'
import { checkTimestamps } from './check-timestamps.js'
import { decodeIdToken } from './decode-id-token.js'
import type { IdTokenPayload } from './claim-types.js'
import { launchUserOf } from './launch-message.js'
import type { LaunchMessage } from './launch-message.js'

/** Resolves a platform's verification key (see `security/remote-jwks`). */
export interface KeyResolver {
  getKey(jwksUrl: string, header: { kid: string; alg: string }): Promise<CryptoKey>
}

/** Pass as `stateCookie` when the state is bound to the browser some other way. */
export const skipStateCookieCheck: unique symbol = Symbol('skipStateCookieCheck')

export interface ValidateLaunchInput {
  idToken: string | undefined
  state: string | undefined
  /** The state cookie the browser sent back with the launch POST. */
  stateCookie: string | undefined | typeof skipStateCookieCheck
}

export interface ValidateLaunchDeps {
  registrations: RegistrationStore
  /** The HMAC key login states were sealed with (`oidc/login-state`). */
  loginStateKey: MacKey
  nonces: NonceStore
  keys: KeyResolver
  clock: Clock
  /** Leeway for `exp`/`iat`, in seconds (a few seconds of skew between LMS and tool is normal). */
  clockSkewSeconds: number
  supportedMessageTypes: readonly MessageType[]
}

export interface ValidatedLaunch {
  message: LaunchMessage
  registration: Registration
  /** The checks that passed, in order, for the launch log and debug page. */
  trail: string[]
}

/**
 * Validates an authentication response (the launch POST) end to end.
 * @throws LtiError with one of the launch codes of `docs/errors.md`
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export async function validateLaunch(
  input: ValidateLaunchInput,
  deps: ValidateLaunchDeps,
): Promise<ValidatedLaunch> {
  const trail: string[] = []
  if (!input.idToken) throw new LtiRequestInvalid('LTI_ID_TOKEN_MISSING', 'missing "id_token"')
  if (!input.state) throw new LtiRequestInvalid('LTI_STATE_MISSING', 'missing "state"')
  // Security Framework §7.3.1: the state must come back to the browser that started the login.
  if (input.stateCookie !== skipStateCookieCheck) {
    if (input.stateCookie === undefined) {
      throw new LtiTokenInvalid('LTI_STATE_COOKIE_MISSING', 'no state cookie with the launch')
    }
    if (input.stateCookie !== input.state) {
      throw new LtiTokenInvalid('LTI_STATE_MISMATCH', '"state" does not match the state cookie')
    }
    trail.push('state cookie matches')
  }

  const { header, payload } = decodeIdToken(input.idToken)
  trail.push(`compact JWS, alg ${header.alg}, kid present`)

  const registration = await findRegistration(payload, deps.registrations)
  trail.push('issuer and client_id match a connected platform')

  const key = await deps.keys.getKey(registration.jwksUrl, { kid: header.kid, alg: header.alg })
  try {
    await compactVerify(input.idToken, key, { algorithms: [header.alg] })
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new LtiTokenInvalid(
        'LTI_JWT_SIGNATURE_INVALID',
        'id_token signature verification failed',
      )
    }
    throw new LtiTokenInvalid('LTI_JWT_MALFORMED', 'id_token could not be verified')
  }
  trail.push('signature verified')

  checkTimestamps(payload, deps.clock.now(), deps.clockSkewSeconds)
  trail.push('exp and iat within leeway')

  const messageType = checkLtiClaims(payload, { supportedMessageTypes: deps.supportedMessageTypes })
  trail.push('LTI claims complete')

  const deploymentId = payload[CLAIM.deploymentId] as string
  // Core 1.3 §3.1.3: only deployments registered for this platform may launch.
  if (!registration.deploymentIds.includes(deploymentId)) {
    throw new LtiForbidden('LTI_DEPLOYMENT_UNKNOWN', 'unexpected "deployment_id" claim value', {
      cause: { claim: CLAIM.deploymentId, actual: deploymentId },
    })
  }
  trail.push('deployment registered')

  if (typeof payload.nonce !== 'string' || payload.nonce === '') {
    throw new LtiTokenInvalid('LTI_NONCE_MISSING', 'missing "nonce" claim')
  }
  const loginState = await consumeState(input.state, payload.nonce, registration, deps)
  trail.push('state and nonce single-use and bound')

  // Core 1.3 §5.3.4: the platform must launch the URL it was asked to log in for.
  const targetLinkUri = payload[CLAIM.targetLinkUri] as string
  if (!sameUrl(targetLinkUri, loginState.targetLinkUri)) {
    throw new LtiTokenInvalid(
      'LTI_TARGET_LINK_URI_MISMATCH',
      'unexpected "target_link_uri" claim value',
      {
        cause: {
          claim: CLAIM.targetLinkUri,
          expected: loginState.targetLinkUri,
          actual: targetLinkUri,
        },
      },
    )
  }
  trail.push('target_link_uri matches the login')

  return { message: toLaunchMessage(payload, messageType, registration), registration, trail }
}

/** Security Framework §5.1.3 steps 2-5: iss + aud (and azp for several audiences). */
async function findRegistration(
  payload: IdTokenPayload,
  store: RegistrationStore,
): Promise<Registration> {
  const { iss, aud, azp } = payload
  if (typeof iss !== 'string' || iss === '') {
    throw new LtiTokenInvalid('LTI_CLAIM_MISSING', 'missing "iss" claim', {
      cause: { claim: 'iss' },
    })
  }
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : []
  if (audiences.length === 0 || !audiences.every((a) => typeof a === 'string' && a !== '')) {
    throw new LtiTokenInvalid('LTI_CLAIM_MISSING', 'missing "aud" claim', {
      cause: { claim: 'aud' },
    })
  }
  if (azp !== undefined && (typeof azp !== 'string' || !audiences.includes(azp))) {
    throw new LtiTokenInvalid('LTI_AUDIENCE_INVALID', '"azp" claim is not one of "aud"', {
      cause: { claim: 'azp' },
    })
  }
  // OIDC Core §3.1.3.7 step 4: with several audiences, azp names the client.
  if (audiences.length > 1 && azp === undefined) {
    throw new LtiTokenInvalid('LTI_AUDIENCE_INVALID', 'several "aud" values and no "azp" claim', {
      cause: { claim: 'azp' },
    })
  }
  const clientId = (azp as string | undefined) ?? (audiences[0] as string)
  const registration = await store.findRegistration(iss, clientId)
  if (!registration) {
    throw new LtiForbidden('LTI_PLATFORM_UNKNOWN', 'no registration for "iss" and "aud"', {
      cause: { issuer: iss, clientId },
    })
  }
  return registration
}

/** Security Framework §5.1.3 step 9 and §7.3.1: state and nonce are single-use and bound. */
async function consumeState(
  state: string,
  nonce: string,
  registration: Registration,
  deps: ValidateLaunchDeps,
) {
  const loginState = await openLoginState(state, deps.loginStateKey, deps.clock.now())
  if (typeof loginState === 'string') {
    throw new LtiTokenInvalid('LTI_STATE_UNKNOWN', `"state" is ${loginState}`)
  }
  if (loginState.registrationId !== registration.id) {
    throw new LtiTokenInvalid('LTI_STATE_MISMATCH', '"state" was issued for another platform')
  }
  if (loginState.nonce !== nonce) {
    if (await deps.nonces.isNonceConsumed(nonce)) {
      throw new LtiTokenInvalid('LTI_NONCE_REPLAYED', '"nonce" claim was already used')
    }
    throw new LtiTokenInvalid('LTI_NONCE_MISMATCH', 'unexpected "nonce" claim value')
  }
  // One atomic insert: of any number of concurrent launches with this nonce, one wins.
  if (!(await deps.nonces.consumeNonce(nonce, loginState.expiresAt))) {
    throw new LtiTokenInvalid('LTI_NONCE_REPLAYED', '"state" and "nonce" were already used')
  }
  return loginState
}

function sameUrl(a: string, b: string): boolean {
  if (a === b) return true
  try {
    return new URL(a).href === new URL(b).href
  } catch {
    return false
  }
}

function toLaunchMessage(
  payload: IdTokenPayload,
  messageType: MessageType,
  registration: Registration,
): LaunchMessage {
  const message: LaunchMessage = {
    messageType,
    issuer: registration.issuer,
    clientId: registration.clientId,
    deploymentId: payload[CLAIM.deploymentId] as string,
    targetLinkUri: payload[CLAIM.targetLinkUri] as string,
    user: launchUserOf(payload, typeof payload.sub === 'string' ? payload.sub : ''),
    roles: payload[CLAIM.roles] as string[],
    custom: stringValues(payload[CLAIM.custom]),
    payload,
  }
  const optional = {
    resourceLink: payload[CLAIM.resourceLink],
    context: payload[CLAIM.context],
    toolPlatform: payload[CLAIM.toolPlatform],
    launchPresentation: payload[CLAIM.launchPresentation],
    lis: payload[CLAIM.lis],
    agsEndpoint: payload[CLAIM.agsEndpoint],
    nrpsService: payload[CLAIM.nrpsService],
    deepLinkingSettings: payload[CLAIM.deepLinkingSettings],
  }
  for (const [name, value] of Object.entries(optional)) {
    if (value !== undefined) (message as unknown as Record<string, unknown>)[name] = value
  }
  return message
}

/** Core 1.3 §5.4.6: custom values are strings; others (some LMSes send numbers) are stringified. */
function stringValues(custom: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof custom !== 'object' || custom === null) return out
  for (const [key, value] of Object.entries(custom)) {
    if (typeof value === 'string') out[key] = value
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value)
  }
  return out
}
