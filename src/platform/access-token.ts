/**
 * The OAuth 2 access tokens the platform's token endpoint issues for its LTI Advantage
 * services. Opaque to the tool (RFC 6749 §1.4) and sealed with the platform's MAC key, so any
 * instance checks one without a database read: scopes, tool and expiry travel inside.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-oauth-2-0-client-credentials-grant
 */
import { LtiForbidden, LtiTokenInvalid } from '../core/errors.js'
import type { Clock, MacKey } from '../core/ports.js'
import { sealToken } from '../core/security/sealed-token.js'
import { openTokenRemembered } from './opened-tokens.js'

const PURPOSE = 'platform-access-token-v1'
/** One hour, the lifetime the issue asks for and the Security Framework's example uses. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600
const MAX_AUTHORIZATION_LENGTH = 8192

export interface AccessTokenGrant {
  readonly toolId: string
  readonly clientId: string
  /** The granted scopes, in the order the tool asked for them. */
  readonly scopes: readonly string[]
  /** Epoch seconds. */
  readonly expiresAt: number
}

/** The RFC 6749 §5.1 token response body. */
export interface AccessTokenResponse {
  readonly access_token: string
  readonly token_type: 'Bearer'
  readonly expires_in: number
  readonly scope: string
}

export async function issueAccessToken(
  grant: { toolId: string; clientId: string; scopes: readonly string[] },
  options: { key: MacKey; clock: Clock; ttlSeconds?: number },
): Promise<AccessTokenResponse> {
  const ttl = options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS
  const expiresAt = Math.floor(options.clock.now() / 1000) + ttl
  const token = await sealToken(
    PURPOSE,
    { tid: grant.toolId, cid: grant.clientId, scp: grant.scopes, exp: expiresAt },
    options.key,
  )
  return {
    access_token: token,
    token_type: 'Bearer',
    expires_in: ttl,
    scope: grant.scopes.join(' '),
  }
}

/**
 * Checks the `Authorization: Bearer` header of a service call.
 * @throws LTI_ACCESS_TOKEN_MISSING without a bearer token; LTI_ACCESS_TOKEN_INVALID when it is
 *   altered, foreign or expired.
 */
export async function verifyAccessToken(
  authorization: string | null | undefined,
  options: { key: MacKey; clock: Clock },
): Promise<AccessTokenGrant> {
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization ?? '')
  if (!authorization || authorization.length > MAX_AUTHORIZATION_LENGTH || !match) {
    throw new LtiTokenInvalid('LTI_ACCESS_TOKEN_MISSING', 'no "Authorization: Bearer" token')
  }
  // A tool sends one token with every call for its lifetime: opened once per process.
  const payload = await openTokenRemembered(PURPOSE, match[1] as string, options.key)
  const { tid, cid, scp, exp } = payload ?? {}
  if (
    typeof tid !== 'string' ||
    typeof cid !== 'string' ||
    !Array.isArray(scp) ||
    !scp.every((s) => typeof s === 'string') ||
    typeof exp !== 'number'
  ) {
    throw new LtiTokenInvalid(
      'LTI_ACCESS_TOKEN_INVALID',
      'access token not issued by this platform',
    )
  }
  if (exp <= Math.floor(options.clock.now() / 1000)) {
    throw new LtiTokenInvalid('LTI_ACCESS_TOKEN_INVALID', 'access token expired', {
      cause: { expiresAt: exp },
    })
  }
  return { toolId: tid, clientId: cid, scopes: scp as string[], expiresAt: exp }
}

/**
 * @throws LTI_SCOPE_INSUFFICIENT unless the grant holds one of `anyOf`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-scopes-and-allowed-http-methods
 */
export function requireScope(grant: AccessTokenGrant, anyOf: readonly string[]): void {
  if (!anyOf.some((scope) => grant.scopes.includes(scope))) {
    throw new LtiForbidden('LTI_SCOPE_INSUFFICIENT', 'access token lacks the scope of this call', {
      cause: { required: anyOf },
    })
  }
}
