/**
 * The platform half of a resource link launch: the id_token a platform posts to the tool.
 * The claims it shares with other platform messages come from `buildMessageClaims`.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resource-link-launch-request-message
 */
import { SignJWT } from 'jose'
import type { JWTPayload } from 'jose'
import { MESSAGE_TYPE } from '../claims.js'
import type { Clock } from '../ports.js'
import type { SigningKey } from '../security/key-set.js'
import { buildMessageClaims, invalidArg } from './build-message-claims.js'
import type { MessageClaimsInput } from './build-message-claims.js'
import type { IdTokenPayload } from './claim-types.js'

export interface IssueLaunchInput extends MessageClaimsInput {
  resourceLink: { id: string; title?: string; description?: string }
}

export interface IssueLaunchOptions {
  signingKey: SigningKey
  clock: Clock
  /** Seconds from `iat` to `exp`; default 300, at most 3600. */
  lifetimeSeconds?: number
  /**
   * Claims computed from the complete payload, `iat` and `exp` included, added just before
   * signing: for values bound to the token itself, such as the LTI 1.1 migration claim's
   * signature over `exp` and `nonce` (Core 1.3 §D).
   */
  extraClaims?: (payload: Readonly<IdTokenPayload>) => Promise<Record<string, unknown>>
}

/**
 * Builds the claims of an LtiResourceLinkRequest, without `iat`/`exp`.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when a required value is empty.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export function buildLaunchClaims(input: IssueLaunchInput): IdTokenPayload {
  return buildMessageClaims(input, MESSAGE_TYPE.resourceLink)
}

/**
 * Signs a resource link launch as a compact RS256 JWS with `kid` and `typ: JWT` headers.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for an empty required value or a bad lifetime.
 * @see https://www.imsglobal.org/spec/security/v1p0/#platform-originating-messages
 */
export async function issueLaunch(
  input: IssueLaunchInput,
  options: IssueLaunchOptions,
): Promise<string> {
  return signMessage(buildLaunchClaims(input), options)
}

/**
 * Signs message claims with `iat`/`exp` added (the shared last step of every platform message).
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for a lifetime outside 1..3600 seconds.
 */
export async function signMessage(
  claims: IdTokenPayload,
  { signingKey, clock, lifetimeSeconds = 300, extraClaims }: IssueLaunchOptions,
): Promise<string> {
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1 || lifetimeSeconds > 3600) {
    throw invalidArg('lifetimeSeconds', 'must be a whole number of seconds from 1 to 3600')
  }
  const iat = Math.floor(clock.now() / 1000)
  const payload: IdTokenPayload = { ...claims, iat, exp: iat + lifetimeSeconds }
  if (extraClaims) Object.assign(payload, await extraClaims(payload))
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: 'JWT' })
    .sign(signingKey.privateKey)
}
