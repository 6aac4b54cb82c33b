import { CLAIM } from '../claims.js'
import { hmacBase64, timingSafeEqual } from './bytes.js'

/** The id_token values the `oauth_consumer_key_sign` binds the LTI 1.1 consumer key to. */
export interface Lti1p1SignatureInput {
  readonly oauthConsumerKey: string
  readonly deploymentId: string
  readonly issuer: string
  readonly clientId: string
  /** The id_token's `exp`, seconds. */
  readonly exp: number
  readonly nonce: string
}

export interface BuildLti1p1ClaimInput extends Lti1p1SignatureInput {
  /** The LTI 1.1 `user_id` of the launching user, when it differs from `sub` or always. */
  readonly userId?: string
  readonly contextId?: string
  readonly resourceLinkId?: string
  /** The LTI 1.1 shared secret of `oauthConsumerKey`. */
  readonly secret: string
}

export type Lti1p1ClaimVerification =
  | {
      readonly status: 'verified'
      readonly userId?: string
      readonly contextId?: string
      readonly resourceLinkId?: string
      readonly oauthConsumerKey: string
    }
  | { readonly status: 'absent' }
  | { readonly status: 'invalid'; readonly reason: string }

export interface VerifyLti1p1ClaimInput {
  /** The whole, already validated id_token payload. */
  readonly claims: Record<string, unknown>
  findSecret(oauthConsumerKey: string): Promise<string | undefined>
}

const MAX_VALUE = 1024

/**
 * The string the `oauth_consumer_key_sign` is computed over: the consumer key, then the
 * id_token's deployment_id, iss, client_id, exp and nonce, joined by `&` without encoding.
 * The nonce and exp make every signature specific to one id_token.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export function lti1p1SignatureBase(input: Lti1p1SignatureInput): string {
  return [
    input.oauthConsumerKey,
    input.deploymentId,
    input.issuer,
    input.clientId,
    String(input.exp),
    input.nonce,
  ].join('&')
}

/**
 * `oauth_consumer_key_sign`: base64 of the raw HMAC-SHA256 of `lti1p1SignatureBase`, keyed with
 * the LTI 1.1 shared secret. It proves the platform holds the secret of the 1.1 consumer key,
 * so a tool may link the 1.3 deployment to its 1.1 installation.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export function signLti1p1(
  input: Lti1p1SignatureInput & { readonly secret: string },
): Promise<string> {
  return hmacBase64('SHA-256', input.secret, lti1p1SignatureBase(input))
}

/**
 * The value of the `https://purl.imsglobal.org/spec/lti/claim/lti1p1` claim for one launch:
 * the LTI 1.1 identifiers given, the consumer key and its signature.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export async function buildLti1p1Claim(
  input: BuildLti1p1ClaimInput,
): Promise<Record<string, string>> {
  const claim: Record<string, string> = {}
  if (input.userId !== undefined) claim.user_id = input.userId
  if (input.contextId !== undefined) claim.context_id = input.contextId
  if (input.resourceLinkId !== undefined) claim.resource_link_id = input.resourceLinkId
  claim.oauth_consumer_key = input.oauthConsumerKey
  claim.oauth_consumer_key_sign = await signLti1p1(input)
  return claim
}

/**
 * Verifies the `lti1p1` claim of a validated id_token against the LTI 1.1 secret of its
 * consumer key. Never throws for a bad claim: the claim only helps map old identities, so a
 * launch whose claim fails is still a valid launch, and callers must not trust the claim's
 * identifiers unless the result is `verified`.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export async function verifyLti1p1Claim(
  input: VerifyLti1p1ClaimInput,
): Promise<Lti1p1ClaimVerification> {
  const { claims } = input
  const claim = claims[CLAIM.lti1p1]
  if (claim === undefined) return { status: 'absent' }
  if (claim === null || typeof claim !== 'object' || Array.isArray(claim)) {
    return invalid('the claim is not an object')
  }
  const value = claim as Record<string, unknown>
  const oauthConsumerKey = value.oauth_consumer_key
  const sign = value.oauth_consumer_key_sign
  if (!isBounded(oauthConsumerKey) || oauthConsumerKey === '') {
    return invalid('"oauth_consumer_key" is missing or not a string')
  }
  if (!isBounded(sign) || sign === '') {
    return invalid('"oauth_consumer_key_sign" is missing or not a string')
  }
  const optional: Record<'userId' | 'contextId' | 'resourceLinkId', string | undefined> = {
    userId: undefined,
    contextId: undefined,
    resourceLinkId: undefined,
  }
  for (const [field, key] of [
    ['user_id', 'userId'],
    ['context_id', 'contextId'],
    ['resource_link_id', 'resourceLinkId'],
  ] as const) {
    const v = value[field]
    if (v === undefined) continue
    if (!isBounded(v)) return invalid(`"${field}" is not a string`)
    optional[key] = v
  }

  const deploymentId = claims[CLAIM.deploymentId]
  const issuer = claims.iss
  const clientId = clientIdOf(claims)
  const exp = claims.exp
  const nonce = claims.nonce
  if (
    !isBounded(deploymentId) ||
    !isBounded(issuer) ||
    clientId === undefined ||
    typeof exp !== 'number' ||
    !Number.isSafeInteger(exp) ||
    !isBounded(nonce)
  ) {
    return invalid('the id_token lacks deployment_id, iss, aud, exp or nonce')
  }

  const secret = await input.findSecret(oauthConsumerKey)
  if (secret === undefined) return invalid('unknown "oauth_consumer_key"')
  const expected = await signLti1p1({
    oauthConsumerKey,
    deploymentId,
    issuer,
    clientId,
    exp,
    nonce,
    secret,
  })
  if (!timingSafeEqual(expected, sign)) return invalid('"oauth_consumer_key_sign" does not verify')

  return {
    status: 'verified',
    oauthConsumerKey,
    ...(optional.userId !== undefined && { userId: optional.userId }),
    ...(optional.contextId !== undefined && { contextId: optional.contextId }),
    ...(optional.resourceLinkId !== undefined && { resourceLinkId: optional.resourceLinkId }),
  }
}

/** The tool's client_id: `azp` when the token names it, else the single audience. */
function clientIdOf(claims: Record<string, unknown>): string | undefined {
  if (isBounded(claims.azp)) return claims.azp
  const aud = claims.aud
  if (isBounded(aud)) return aud
  if (Array.isArray(aud) && aud.length === 1 && isBounded(aud[0])) return aud[0]
  return undefined
}

function isBounded(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_VALUE
}

function invalid(reason: string): Lti1p1ClaimVerification {
  return { status: 'invalid', reason }
}
