/**
 * The platform's token endpoint authenticates a tool by its signed client assertion: every check
 * of Security Framework §4.1 and RFC 7523 §3, cheapest first, never trusting a claim before its
 * signature and never spending a `jti` on a forged or failing assertion.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose'
import type { JWTPayload } from 'jose'
import { LtiError, LtiRequestInvalid, LtiTokenInvalid } from '../errors.js'
import type { LtiErrorCode } from '../errors.js'
import { ACCEPTED_ALGS } from '../launch/decode-id-token.js'
import type { AcceptedAlg } from '../launch/decode-id-token.js'
import type { KeyResolver } from '../launch/validate-launch.js'
import type { Clock, NonceStore } from '../ports.js'
import { CLIENT_ASSERTION_TYPE } from './client-assertion.js'

/** The RFC 6749 §5.2 `error` the token endpoint answers with; found in `cause.oauthError`. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type'

/** A tool as the platform's token endpoint knows it. */
export interface AssertionClient {
  readonly clientId: string
  /** The tool's key set URL, where its assertion signing keys are published. */
  readonly jwksUrl: string
}

export interface ValidateClientAssertionDeps {
  /** The platform's access token URL: the only `aud` accepted. */
  tokenUrl: string
  findClient(clientId: string): Promise<AssertionClient | undefined>
  keys: KeyResolver
  /** Used `jti` values, kept until the assertion could no longer pass the `exp` check. */
  jtis: NonceStore
  clock: Clock
  /** Leeway for `exp`/`iat`/`nbf`, in seconds. */
  clockSkewSeconds: number
  /** Longest accepted `exp` - `iat`; default one hour. */
  maxLifetimeSeconds?: number
}

export interface ValidatedClientAssertion {
  clientId: string
  /** The `scope` parameter as a set, in request order; empty when absent. */
  requestedScopes: string[]
}

const MAX_ASSERTION_LENGTH = 16 * 1024
const MAX_SCOPES = 20
const MAX_SCOPE_LENGTH = 200
const MAX_JTI_LENGTH = 256
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
// RFC 6749 §3.3 scope-token.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/

/**
 * Validates a client-credentials token request authenticated by a JWT client assertion.
 *
 * @param form The token request body (`application/x-www-form-urlencoded`).
 * @throws LTI_CLIENT_ASSERTION_INVALID, LTI_CLIENT_ASSERTION_REPLAYED, LTI_JWT_MALFORMED,
 *   LTI_JWT_ALG_UNSUPPORTED, LTI_JWT_KID_MISSING, or what `keys.getKey` throws (such as
 *   LTI_JWT_KID_UNKNOWN); each with `cause.oauthError` set to the RFC 6749 §5.2 error to answer.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export async function validateClientAssertion(
  form: URLSearchParams,
  deps: ValidateClientAssertionDeps,
): Promise<ValidatedClientAssertion> {
  // RFC 6749 §3.2: parameters must not repeat; a second value could smuggle past one check.
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) {
      throw refuse('invalid_request', `repeated "${name}" parameter`, { parameter: name })
    }
  }
  // RFC 6749 §4.4.2: the grant.
  const grantType = form.get('grant_type')
  if (!grantType) throw refuse('invalid_request', 'missing "grant_type" parameter')
  if (grantType !== 'client_credentials') {
    throw refuse('unsupported_grant_type', 'unsupported "grant_type" parameter value', {
      parameter: 'grant_type',
    })
  }
  // RFC 7523 §2.2; RFC 6749 §5.2: a missing or other client authentication is invalid_client.
  if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
    throw refuse('invalid_client', 'unexpected "client_assertion_type" parameter value', {
      parameter: 'client_assertion_type',
    })
  }
  const assertion = form.get('client_assertion')
  if (!assertion) throw refuse('invalid_client', 'missing "client_assertion" parameter')
  const requestedScopes = parseScopes(form.get('scope'))

  const { header, payload } = decodeAssertion(assertion)

  // Security Framework §4.1; RFC 7523 §3 items 1-2: the tool asserts its own identity.
  const { iss, sub } = payload
  if (typeof iss !== 'string' || iss === '' || sub !== iss) {
    throw refuse('invalid_client', '"iss" and "sub" claims must both be the client ID', {
      claim: 'sub',
    })
  }
  // RFC 7521 §4.2: a client_id parameter, when sent, must name the asserted client.
  const clientIdParam = form.get('client_id')
  if (clientIdParam !== null && clientIdParam !== iss) {
    throw refuse('invalid_client', '"client_id" parameter differs from the "iss" claim')
  }
  const client = await deps.findClient(iss)
  if (!client) {
    throw refuse('invalid_client', 'no client for the "iss" claim', { clientId: iss })
  }

  // RFC 7523 §3 item 9: the signature, with a key from the tool's own key set.
  let key: CryptoKey
  try {
    key = await deps.keys.getKey(client.jwksUrl, { kid: header.kid, alg: header.alg })
  } catch (err) {
    throw withOAuthError(err, 'invalid_client')
  }
  try {
    await compactVerify(assertion, key, { algorithms: [header.alg] })
  } catch {
    throw refuse('invalid_client', 'client assertion signature verification failed', {
      clientId: iss,
      reason: 'signature',
    })
  }

  // RFC 7523 §3 item 3: the token endpoint must be the audience.
  const { aud } = payload
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : []
  if (!audiences.includes(deps.tokenUrl)) {
    throw refuse('invalid_client', 'unexpected "aud" claim value', {
      claim: 'aud',
      expected: deps.tokenUrl,
    })
  }

  const exp = checkTimes(payload, deps)

  // RFC 7523 §3 item 7: refuse a replayed jti; last, so only a valid assertion spends it.
  const { jti } = payload
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
    throw refuse('invalid_client', 'missing or invalid "jti" claim', { claim: 'jti' })
  }
  // Kept until exp + leeway, not exp: until then the exp check above still lets a replay in.
  // Scoped by client, so one tool cannot spend another tool's jti values in advance.
  const jtiKey = `client-assertion:${client.clientId}:${jti}`
  if (!(await deps.jtis.consumeNonce(jtiKey, (exp + deps.clockSkewSeconds) * 1000))) {
    throw refuse(
      'invalid_client',
      '"jti" claim was already used',
      {
        claim: 'jti',
        clientId: iss,
      },
      'LTI_CLIENT_ASSERTION_REPLAYED',
    )
  }
  return { clientId: client.clientId, requestedScopes }
}

/** The assertion must be a compact JWS with an RSA alg and a kid, as for id_tokens. */
function decodeAssertion(assertion: string) {
  const malformed = () =>
    refuse('invalid_client', '"client_assertion" is not a compact JWS', {}, 'LTI_JWT_MALFORMED')
  if (assertion.length > MAX_ASSERTION_LENGTH || !COMPACT_JWS.test(assertion)) throw malformed()
  let header: { alg?: unknown; kid?: unknown }
  let payload: JWTPayload
  try {
    header = decodeProtectedHeader(assertion)
    payload = decodeJwt(assertion)
  } catch {
    throw malformed()
  }
  // Security Framework §4.1 and §5.1.3 step 6: RS256 is required; `none` and HMAC never pass.
  if (!(ACCEPTED_ALGS as readonly string[]).includes(String(header.alg))) {
    throw refuse(
      'invalid_client',
      'unsupported "alg" header value',
      {
        header: 'alg',
        actual: String(header.alg).slice(0, 32),
      },
      'LTI_JWT_ALG_UNSUPPORTED',
    )
  }
  // Security Framework §6.3: the tool names its key in its key set.
  if (typeof header.kid !== 'string' || header.kid === '') {
    throw refuse('invalid_client', 'missing "kid" header parameter', {}, 'LTI_JWT_KID_MISSING')
  }
  return { header: { alg: header.alg as AcceptedAlg, kid: header.kid }, payload }
}

/** RFC 7523 §3 items 4-6 and the platform's lifetime cap; returns `exp`. */
function checkTimes(payload: JWTPayload, deps: ValidateClientAssertionDeps): number {
  const { exp, iat, nbf } = payload
  const now = Math.floor(deps.clock.now() / 1000)
  const skew = deps.clockSkewSeconds
  const maxLifetime = deps.maxLifetimeSeconds ?? 3600
  const invalid = (claim: string, reason: string) =>
    refuse('invalid_client', `"${claim}" claim ${reason}`, { claim, now })
  if (!isNumericDate(exp)) throw invalid('exp', 'missing or not a NumericDate')
  // Security Framework §4.1 requires iat; without it the lifetime cap could not hold.
  if (!isNumericDate(iat)) throw invalid('iat', 'missing or not a NumericDate')
  if (exp + skew <= now) throw invalid('exp', 'is in the past')
  if (iat - skew > now) throw invalid('iat', 'is in the future')
  if (exp < iat || exp - iat > maxLifetime) throw invalid('exp', 'exceeds the allowed lifetime')
  if (nbf !== undefined && (!isNumericDate(nbf) || nbf - skew > now)) {
    throw invalid('nbf', 'is in the future')
  }
  return exp
}

function parseScopes(scope: string | null): string[] {
  if (scope === null) return []
  const scopes = [...new Set(scope.split(' ').filter((s) => s !== ''))]
  if (
    scopes.length > MAX_SCOPES ||
    scopes.some((s) => s.length > MAX_SCOPE_LENGTH || !SCOPE_TOKEN.test(s))
  ) {
    throw refuse('invalid_request', '"scope" parameter is too long or malformed', {
      parameter: 'scope',
    })
  }
  return scopes
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function refuse(
  oauthError: OAuthErrorCode,
  message: string,
  cause: Record<string, unknown> = {},
  code: LtiErrorCode = 'LTI_CLIENT_ASSERTION_INVALID',
): LtiError {
  const Class = oauthError === 'invalid_client' ? LtiTokenInvalid : LtiRequestInvalid
  return new Class(code, message, { cause: { ...cause, oauthError } })
}

/** An error from the key resolver, with the OAuth error the token endpoint should answer. */
function withOAuthError(err: unknown, oauthError: OAuthErrorCode): unknown {
  if (!(err instanceof LtiError)) return err
  const Class = err.constructor as new (...args: ConstructorParameters<typeof LtiError>) => LtiError
  const cause = typeof err.cause === 'object' && err.cause !== null ? err.cause : {}
  return new Class(err.code, err.message, { cause: { ...cause, oauthError } })
}
