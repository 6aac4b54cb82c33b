/**
 * The platform's OAuth 2 token endpoint: the client credentials grant, the tool authenticated by
 * a JWT client assertion, granting the service scopes the tool asked for and may use.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-oauth-2-0-client-credentials-grant
 */
import { SCOPE } from '../core/claims.js'
import { LtiRequestInvalid } from '../core/errors.js'
import type { LtiError } from '../core/errors.js'
import type { KeyResolver } from '../core/launch/validate-launch.js'
import { validateClientAssertion } from '../core/oauth/validate-client-assertion.js'
import type { Clock, MacKey, NonceStore } from '../core/ports.js'
import { issueAccessToken } from './access-token.js'
import type { AccessTokenResponse } from './access-token.js'
import type { Tool, ToolStore } from './ports.js'
import { requireActiveTool } from './require-active-tool.js'
import { platformUrls } from './service-urls.js'

/** The RFC 6749 §5.2 `error` values this endpoint answers with. */
export type TokenErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'

export interface TokenEndpointDeps {
  publicUrl: string
  tools: Pick<ToolStore, 'findToolByClientId'>
  /** The tools' key sets, by JWKS URL. */
  keys: KeyResolver
  /** Used `jti` values; namespaced here with the `jti:` prefix. */
  nonces: NonceStore
  clock: Clock
  clockSkewSeconds: number
  accessTokenKey: MacKey
}

/** The scopes a tool may be granted: its AGS scopes, and the NRPS scope when NRPS is on. */
export function allowedScopes(tool: Pick<Tool, 'services'>): string[] {
  return [...tool.services.ags, ...(tool.services.nrps ? [SCOPE.nrpsMembershipReadonly] : [])]
}

/**
 * Answers a token request (the form body of `POST` to the access token URL).
 *
 * Grants the requested scopes the tool may use (RFC 6749 §3.3 lets the server narrow them; the
 * response's `scope` says which were granted), and refuses when none remain.
 *
 * @throws LTI_REQUEST_INVALID; what `validateClientAssertion` throws (LTI_CLIENT_ASSERTION_INVALID,
 *   LTI_CLIENT_ASSERTION_REPLAYED, LTI_JWT_*, LTI_JWKS_*); LTI_TOOL_PENDING_APPROVAL,
 *   LTI_TOOL_DISABLED; LTI_SCOPE_INVALID. Each carries
 *   `cause.oauthError`, the RFC 6749 §5.2 error to answer (see {@link tokenErrorOf}).
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function grantAccessToken(
  form: URLSearchParams,
  deps: TokenEndpointDeps,
): Promise<AccessTokenResponse> {
  let tool: Tool | undefined
  const { requestedScopes } = await validateClientAssertion(form, {
    tokenUrl: platformUrls(deps.publicUrl).accessTokenUrl,
    // One lookup: the tool found for the assertion is the one whose scopes are granted.
    findClient: async (clientId) => {
      tool = await deps.tools.findToolByClientId(clientId)
      return tool && { clientId: tool.clientId, jwksUrl: tool.jwksUrl }
    },
    keys: deps.keys,
    jtis: {
      consumeNonce: (jti, expiresAt) => deps.nonces.consumeNonce(`jti:${jti}`, expiresAt),
      isNonceConsumed: (jti) => deps.nonces.isNonceConsumed(`jti:${jti}`),
    },
    clock: deps.clock,
    clockSkewSeconds: deps.clockSkewSeconds,
  })
  if (!tool) throw new Error('validateClientAssertion returned without finding the client')
  // Checked once the client is authenticated, so its status is told to the tool only.
  requireActiveTool(tool, 'unauthorized_client')
  const allowed = allowedScopes(tool)
  const granted = requestedScopes.filter((scope) => allowed.includes(scope))
  if (granted.length === 0) {
    throw new LtiRequestInvalid(
      'LTI_SCOPE_INVALID',
      requestedScopes.length === 0
        ? 'missing "scope" parameter'
        : 'no requested "scope" is allowed for this tool',
      { cause: { oauthError: 'invalid_scope', requested: requestedScopes, allowed } },
    )
  }
  return issueAccessToken(
    { toolId: tool.id, clientId: tool.clientId, scopes: granted },
    { key: deps.accessTokenKey, clock: deps.clock },
  )
}

/**
 * The RFC 6749 §5.2 error of a failed token request: `cause.oauthError` when set, else
 * `invalid_request`.
 */
export function tokenErrorOf(error: LtiError): TokenErrorCode {
  const cause = error.cause as { oauthError?: TokenErrorCode } | undefined
  return cause?.oauthError ?? 'invalid_request'
}

/** A token request that is not a form POST: RFC 6749 §4.4.2 requires form encoding. */
export function notAFormRequest(): LtiError {
  return new LtiRequestInvalid(
    'LTI_REQUEST_INVALID',
    'expected a form POST (application/x-www-form-urlencoded)',
    { cause: { oauthError: 'invalid_request' } },
  )
}
