/**
 * The tool's half of the client-credentials grant: a signed JWT that authenticates the tool
 * to the platform's token endpoint in place of a client secret.
 */
import { SignJWT } from 'jose'
import { randomString } from '../lib/random.js'
import type { Clock } from '../ports.js'
import type { SigningKey } from '../security/key-set.js'

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Longest assertion lifetime we sign; platforms refuse longer ones (see `validateClientAssertion`). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600

export interface BuildClientAssertionInput {
  /** The client ID the platform assigned to the tool: both `iss` and `sub`. */
  readonly clientId: string
  /** The platform's access token URL, used as `aud`. */
  readonly tokenUrl: string
  readonly signingKey: SigningKey
  readonly clock: Clock
  /** Seconds until `exp`; default 300. Short: the assertion is used once, right away. */
  readonly lifetimeSeconds?: number
}

/**
 * Signs a client assertion: RS256, header `kid`, `iss` = `sub` = client ID, `aud` = token URL,
 * `iat`, `exp` and a random `jti` the platform uses to refuse replays.
 *
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for an empty client ID or token URL, or a lifetime
 *   outside 1..3600 seconds.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export async function buildClientAssertion(input: BuildClientAssertionInput): Promise<string> {
  const { clientId, tokenUrl, signingKey, clock, lifetimeSeconds = 300 } = input
  if (typeof clientId !== 'string' || clientId === '') throw argError('"clientId" must be a string')
  if (typeof tokenUrl !== 'string' || tokenUrl === '') throw argError('"tokenUrl" must be a string')
  if (
    !Number.isInteger(lifetimeSeconds) ||
    lifetimeSeconds < 1 ||
    lifetimeSeconds > MAX_ASSERTION_LIFETIME_SECONDS
  ) {
    throw argError('"lifetimeSeconds" must be an integer from 1 to 3600')
  }
  const iat = Math.floor(clock.now() / 1000)
  return new SignJWT({ jti: randomString() })
    .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .sign(signingKey.privateKey)
}

export interface TokenRequestBodyInput {
  readonly assertion: string
  /** The scopes to ask for (AGS, NRPS ...); sent space-separated (RFC 6749 §3.3). */
  readonly scopes: readonly string[]
}

/**
 * The form body of a client-credentials token request (RFC 6749 §4.4.2) that authenticates
 * with a JWT client assertion (RFC 7523 §2.2).
 *
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when a scope is empty or contains a space.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export function tokenRequestBody({ assertion, scopes }: TokenRequestBodyInput): URLSearchParams {
  if (typeof assertion !== 'string' || assertion === '') {
    throw argError('"assertion" must be a string')
  }
  for (const scope of scopes) {
    // RFC 6749 §3.3: a scope token is non-empty and has no space (the list delimiter).
    if (typeof scope !== 'string' || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) {
      throw argError('each scope must be a non-empty RFC 6749 scope token')
    }
  }
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
    scope: [...new Set(scopes)].join(' '),
  })
}

function argError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' })
}
