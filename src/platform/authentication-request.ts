/**
 * The tool's OIDC authentication request as the platform's authentication endpoint reads it, in
 * two steps. First the client and its redirect URI: until both are known good, nothing may be
 * sent to the redirect URI, so failures there are shown to the user. Then everything else, whose
 * failures go back to the tool as an OIDC error response (OIDC Core §3.1.2.6).
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
import { LtiForbidden, LtiNotFound, LtiRequestInvalid } from '../core/errors.js'
import type { LtiError } from '../core/errors.js'
import type { LtiErrorCode } from '../core/errors.js'
import type { Tool, ToolStore } from './ports.js'
import { requireActiveTool } from './require-active-tool.js'

/** RFC 6749 §4.1.2.1 and OIDC Core §3.1.2.6 error codes this endpoint answers with. */
export type OidcErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'server_error'
  | 'login_required'

/** The client of an authentication request, once known good. */
export interface AuthenticationClient {
  readonly tool: Tool
  readonly redirectUri: string
  /** Echoed in the response; `undefined` when absent, repeated or too long to echo. */
  readonly state?: string
}

/** The rest of an authentication request, checked. */
export interface AuthenticationRequest {
  readonly nonce: string
  readonly loginHint: string
  readonly ltiMessageHint: string
}

/** Nonces are opaque to us but sent back in the id_token: a bound keeps tokens small. */
export const MAX_NONCE_LENGTH = 1024
const MAX_STATE_LENGTH = 4096
const MAX_PARAM_LENGTH = 8192

/**
 * Finds the tool of `client_id` and checks `redirect_uri` is registered for it, exactly.
 * @throws LTI_AUTH_REQUEST_INVALID (missing or repeated `client_id`), LTI_TOOL_NOT_FOUND,
 *   LTI_TOOL_PENDING_APPROVAL, LTI_TOOL_DISABLED, LTI_REDIRECT_URI_INVALID
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export async function identifyClient(
  params: URLSearchParams,
  tools: Pick<ToolStore, 'findToolByClientId'>,
): Promise<AuthenticationClient> {
  const clientId = params.getAll('client_id')
  if (clientId.length !== 1 || !clientId[0] || clientId[0].length > MAX_PARAM_LENGTH) {
    throw new LtiRequestInvalid('LTI_AUTH_REQUEST_INVALID', 'missing or repeated "client_id"', {
      cause: { parameter: 'client_id' },
    })
  }
  const tool = await tools.findToolByClientId(clientId[0])
  if (!tool) {
    throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool has this "client_id"', {
      cause: { parameter: 'client_id' },
    })
  }
  // Shown to the user rather than sent to the tool: an unapproved tool is an admin's matter.
  requireActiveTool(tool)
  const redirectUri = params.getAll('redirect_uri')
  // Security Framework §5.1.1.2: one of the pre-registered redirect URIs, compared exactly.
  if (redirectUri.length !== 1 || !tool.redirectUris.includes(redirectUri[0] as string)) {
    throw new LtiRequestInvalid('LTI_REDIRECT_URI_INVALID', 'unregistered "redirect_uri"', {
      cause: { parameter: 'redirect_uri', toolId: tool.id },
    })
  }
  const state = params.getAll('state')
  const echo =
    state.length === 1 && state[0] !== '' && (state[0] as string).length <= MAX_STATE_LENGTH
  return { tool, redirectUri: redirectUri[0] as string, ...(echo ? { state: state[0] } : {}) }
}

/**
 * Checks the OIDC parameters LTI fixes and those it requires.
 * @throws LTI_AUTH_REQUEST_INVALID or LTI_MESSAGE_HINT_INVALID, with `cause.oidcError`
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
export function checkAuthenticationRequest(params: URLSearchParams): AuthenticationRequest {
  // RFC 6749 §3.1: parameters must not repeat.
  for (const name of new Set(params.keys())) {
    if (params.getAll(name).length > 1) {
      throw refuse('invalid_request', `repeated "${name}" parameter`, name)
    }
  }
  const state = params.get('state')
  if (state !== null && state.length > MAX_STATE_LENGTH) {
    throw refuse('invalid_request', '"state" parameter is too long', 'state')
  }
  // Security Framework §5.1.1.2: response_type=id_token, the implicit flow's id_token only.
  const responseType = params.get('response_type')
  if (!responseType) throw refuse('invalid_request', 'missing "response_type"', 'response_type')
  if (responseType !== 'id_token') {
    throw refuse('unsupported_response_type', 'unsupported "response_type"', 'response_type')
  }
  // OIDC Core §3.1.2.1: scope must contain openid; other values are ignored.
  if (!(params.get('scope') ?? '').split(' ').includes('openid')) {
    throw refuse('invalid_scope', '"scope" must contain "openid"', 'scope')
  }
  if (params.get('response_mode') !== 'form_post') {
    throw refuse('invalid_request', '"response_mode" must be "form_post"', 'response_mode')
  }
  // The launch cannot stop to ask the user anything: prompt=none is required.
  if (params.get('prompt') !== 'none') {
    throw refuse('invalid_request', '"prompt" must be "none"', 'prompt')
  }
  const nonce = params.get('nonce')
  if (!nonce || nonce.length > MAX_NONCE_LENGTH) {
    throw refuse('invalid_request', 'missing or too long "nonce"', 'nonce')
  }
  const loginHint = params.get('login_hint')
  if (!loginHint || loginHint.length > MAX_PARAM_LENGTH) {
    throw refuse('invalid_request', 'missing or too long "login_hint"', 'login_hint')
  }
  // Core 1.3 §4.1.3: the tool must pass our lti_message_hint back unchanged; we always send one.
  const ltiMessageHint = params.get('lti_message_hint')
  if (!ltiMessageHint || ltiMessageHint.length > MAX_PARAM_LENGTH) {
    throw refuse(
      'invalid_request',
      'missing "lti_message_hint"',
      'lti_message_hint',
      'LTI_MESSAGE_HINT_INVALID',
    )
  }
  return { nonce, loginHint, ltiMessageHint }
}

const OIDC_ERROR_OF: Partial<Record<LtiErrorCode, OidcErrorCode>> = {
  LTI_SIGN_IN_REQUIRED: 'login_required',
  LTI_LOGIN_HINT_INVALID: 'login_required',
  LTI_NOT_ENROLLED: 'access_denied',
}

/** The OIDC error to answer for an LtiError: `cause.oidcError`, else derived from its code. */
export function oidcErrorOf(error: LtiError): OidcErrorCode {
  const cause = (error.cause ?? {}) as { oidcError?: OidcErrorCode; reason?: string }
  if (cause.oidcError) return cause.oidcError
  if (error.code === 'LTI_DEEP_LINKING_NOT_ALLOWED') {
    // RFC 6749 §4.1.2.1: the tool itself may not ask for this message; or this user may not.
    return cause.reason === 'tool' ? 'unauthorized_client' : 'access_denied'
  }
  return OIDC_ERROR_OF[error.code] ?? (error.status >= 500 ? 'server_error' : 'invalid_request')
}

/**
 * RFC 6749 §4.1.2.1 and §5.2: `error_description` is limited to printable ASCII without `"` and `\`.
 * It starts with the stable code, so the tool's admin can look it up.
 */
export function oauthErrorDescription(error: LtiError): string {
  const text = `${error.code}: ${error.message}`
  return text
    .replace(/"/g, "'")
    .replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '')
    .slice(0, 300)
}

function refuse(
  oidcError: OidcErrorCode,
  message: string,
  parameter: string,
  code: LtiErrorCode = 'LTI_AUTH_REQUEST_INVALID',
): LtiError {
  const Class = code === 'LTI_MESSAGE_HINT_INVALID' ? LtiForbidden : LtiRequestInvalid
  return new Class(code, message, { cause: { parameter, oidcError } })
}
