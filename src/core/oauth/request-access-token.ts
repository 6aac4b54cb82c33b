/**
 * The tool asks the platform's token endpoint for an access token to call LTI Advantage
 * services (AGS, NRPS), authenticating with a signed client assertion.
 */
import { LtiError, LtiUpstreamFailed } from '../errors.js'
import { readLimited } from '../lib/read-limited.js'
import type { Clock, Fetch } from '../ports.js'
import type { SigningKey } from '../security/key-set.js'
import { buildClientAssertion, tokenRequestBody } from './client-assertion.js'

/** Largest token response we read; real ones are well under a kilobyte. */
export const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024

/** RFC 6749 §5.1 leaves `expires_in` optional; one hour is what LMSes commonly issue. */
const DEFAULT_EXPIRES_IN_SECONDS = 3600

/** RFC 6749 §5.2: an error code is a short token of printable ASCII without `"` or `\`. */
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,64}$/

export interface AccessToken {
  readonly accessToken: string
  /** Only bearer tokens are accepted (Security Framework §4.1), normalised to RFC 6750 case. */
  readonly tokenType: 'Bearer'
  /** Milliseconds since the epoch, from our clock at the time the response arrived. */
  readonly expiresAt: number
  /** The scopes granted: the response's `scope`, or the requested ones when it has none. */
  readonly scopes: string[]
}

export interface RequestAccessTokenInput {
  /** Pass the guarded fetch (`web/net/guarded-fetch`) in production: the URL is admin input. */
  readonly fetch: Fetch
  readonly tokenUrl: string
  readonly clientId: string
  readonly signingKey: SigningKey
  readonly scopes: readonly string[]
  readonly clock: Clock
  /** Whole request, body included; default 10 s. */
  readonly timeoutMs?: number
}

/**
 * Runs the client-credentials grant with a JWT client assertion and validates the answer.
 *
 * @throws LTI_TOKEN_RESPONSE_INVALID with `cause: { status, oauthError, reason }`; `oauthError`
 *   is the RFC 6749 §5.2 `error` of the platform's answer when it sent one (never the body).
 *   An `LtiError` from `fetch` itself (a URL the guard refused) passes through unchanged.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function requestAccessToken(input: RequestAccessTokenInput): Promise<AccessToken> {
  const { fetch, tokenUrl, clientId, signingKey, scopes, clock, timeoutMs = 10_000 } = input
  const assertion = await buildClientAssertion({ clientId, tokenUrl, signingKey, clock })
  const body = tokenRequestBody({ assertion, scopes })

  let status = 0
  let bytes: Uint8Array
  try {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      // The assertion must reach the configured token URL only, never a redirect target.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    status = response.status
    bytes = await readLimited(response, MAX_TOKEN_RESPONSE_BYTES, () =>
      invalid(tokenUrl, { status, reason: 'too large' }),
    )
  } catch (err) {
    if (err instanceof LtiError) throw err
    const name = err instanceof Error ? err.name : ''
    const reason = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network'
    throw invalid(tokenUrl, { status, reason })
  }

  const json = parseJson(bytes)
  if (status < 200 || status > 299) {
    // RFC 6749 §5.2: keep only the error code; error_description is free text from the LMS.
    const error = json?.error
    const oauthError = typeof error === 'string' && OAUTH_ERROR_CODE.test(error) ? error : undefined
    throw invalid(tokenUrl, { status, reason: 'status', ...(oauthError ? { oauthError } : {}) })
  }
  if (!json) throw invalid(tokenUrl, { status, reason: 'not a JSON object' })
  return toAccessToken(json, { status, tokenUrl, scopes, now: clock.now() })
}

/** RFC 6749 §5.1: the successful response. */
function toAccessToken(
  json: Record<string, unknown>,
  ctx: { status: number; tokenUrl: string; scopes: readonly string[]; now: number },
): AccessToken {
  const { access_token, token_type, expires_in, scope } = json
  const bad = (field: string) =>
    invalid(ctx.tokenUrl, { status: ctx.status, reason: `"${field}" missing or invalid` })
  if (typeof access_token !== 'string' || access_token === '') throw bad('access_token')
  // RFC 6749 §7.1: token_type is case-insensitive; services take bearer tokens (RFC 6750).
  if (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer') {
    throw bad('token_type')
  }
  let expiresIn = DEFAULT_EXPIRES_IN_SECONDS
  if (expires_in !== undefined) {
    if (typeof expires_in !== 'number' || !Number.isFinite(expires_in) || expires_in < 0) {
      throw bad('expires_in')
    }
    expiresIn = expires_in
  }
  let granted = [...new Set(ctx.scopes)]
  if (scope !== undefined) {
    if (typeof scope !== 'string') throw bad('scope')
    granted = [...new Set(scope.split(' ').filter((s) => s !== ''))]
  }
  return {
    accessToken: access_token,
    tokenType: 'Bearer',
    expiresAt: ctx.now + expiresIn * 1000,
    scopes: granted,
  }
}

function parseJson(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function invalid(tokenUrl: string, cause: Record<string, unknown>): LtiUpstreamFailed {
  return new LtiUpstreamFailed(
    'LTI_TOKEN_RESPONSE_INVALID',
    'access token URL did not answer with an access token',
    { cause: { tokenUrl, ...cause } },
  )
}
