import { REGISTRATION_CLAIM } from '../claims.js'
import { LtiError, LtiUpstreamFailed } from '../errors.js'
import { checkConfiguredUrl } from '../security/url-policy.js'
import type { UrlPolicyOptions } from '../security/url-policy.js'
import { checkIssuerMatchesUrl } from './check-issuer-matches-url.js'

/** One message type the platform supports, with the placements it offers for it. */
export interface PlatformMessage {
  readonly type: string
  readonly placements?: readonly string[]
}

/** What the tool keeps of a platform's OpenID configuration (Dynamic Registration 1.0 §2.2). */
export interface PlatformConfiguration {
  readonly issuer: string
  readonly authorizationEndpoint: string
  readonly tokenEndpoint: string
  readonly jwksUri: string
  readonly registrationEndpoint: string
  /** Absent when the platform does not list them: nothing can be narrowed then. */
  readonly scopesSupported?: readonly string[]
  readonly claimsSupported?: readonly string[]
  /** From the LTI platform configuration claim: `moodle`, `canvas`, `desire2learn`... */
  readonly productFamilyCode: string
  readonly version?: string
  readonly messagesSupported: readonly PlatformMessage[]
  readonly variables?: readonly string[]
}

const MAX_STRING = 2048
const MAX_LIST = 500

/**
 * Parses and checks a platform's OpenID configuration document: the endpoints the tool needs,
 * the LTI platform configuration claim, the algorithms and auth method the tool uses, and that
 * `issuer` matches the URL the document came from (§3.5.1).
 *
 * Lists the spec requires but real platforms omit (`token_endpoint_auth_methods_supported`,
 * `id_token_signing_alg_values_supported`, `response_types_supported`) are only checked when
 * present: a platform that lists them must list what we use.
 *
 * @param document The parsed JSON.
 * @param configurationUrl The `openid_configuration` URL it was fetched from.
 * @param options The URL policy (HTTPS outside dev mode) for every endpoint.
 * @throws LTI_OPENID_CONFIGURATION_INVALID when a field is missing, malformed or unsupported.
 * @throws LTI_OPENID_ISSUER_MISMATCH when `issuer` does not match `configurationUrl`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#openid-configuration
 */
export function parsePlatformConfiguration(
  document: unknown,
  configurationUrl: string,
  options: UrlPolicyOptions,
): PlatformConfiguration {
  if (!isObject(document)) throw invalid('(document)', 'not a JSON object')
  const url = (field: string) => {
    const value = document[field]
    if (typeof value !== 'string' || value === '') throw invalid(field, 'missing')
    if (value.length > MAX_STRING) throw invalid(field, 'too long')
    try {
      checkConfiguredUrl(value, options)
    } catch (error) {
      if (error instanceof LtiError) throw invalid(field, error.code)
      throw error
    }
    return value
  }
  const issuer = url('issuer')
  checkIssuerMatchesUrl(issuer, configurationUrl)

  requireIfListed(document, 'token_endpoint_auth_methods_supported', 'private_key_jwt')
  requireIfListed(document, 'id_token_signing_alg_values_supported', 'RS256')
  requireIfListed(document, 'response_types_supported', 'id_token')

  const lti = document[REGISTRATION_CLAIM.platformConfiguration]
  if (!isObject(lti)) throw invalid(REGISTRATION_CLAIM.platformConfiguration, 'missing')
  const productFamilyCode = lti.product_family_code
  if (typeof productFamilyCode !== 'string' || productFamilyCode === '') {
    throw invalid('product_family_code', 'missing')
  }
  if (productFamilyCode.length > 200) throw invalid('product_family_code', 'too long')

  const scopesSupported = stringList(document, 'scopes_supported')
  const claimsSupported = stringList(document, 'claims_supported')
  const variables = stringList(lti, 'variables')
  return {
    issuer,
    authorizationEndpoint: url('authorization_endpoint'),
    tokenEndpoint: url('token_endpoint'),
    jwksUri: url('jwks_uri'),
    registrationEndpoint: url('registration_endpoint'),
    ...(scopesSupported ? { scopesSupported } : {}),
    ...(claimsSupported ? { claimsSupported } : {}),
    productFamilyCode,
    ...(typeof lti.version === 'string' ? { version: lti.version.slice(0, 200) } : {}),
    messagesSupported: messages(lti.messages_supported),
    ...(variables ? { variables } : {}),
  }
}

function messages(value: unknown): PlatformMessage[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > MAX_LIST) throw invalid('messages_supported', 'list')
  return value.map((entry) => {
    if (!isObject(entry) || typeof entry.type !== 'string') {
      throw invalid('messages_supported', 'entry without "type"')
    }
    const placements = stringList(entry, 'placements')
    return { type: entry.type, ...(placements ? { placements } : {}) }
  })
}

function requireIfListed(document: Record<string, unknown>, field: string, needed: string) {
  const listed = stringList(document, field)
  if (listed && !listed.includes(needed)) {
    throw new LtiUpstreamFailed(
      'LTI_OPENID_CONFIGURATION_INVALID',
      `"${field}" does not include "${needed}"`,
      { cause: { field, needed } },
    )
  }
}

function stringList(object: Record<string, unknown>, field: string): string[] | undefined {
  const value = object[field]
  if (value === undefined) return undefined
  if (
    !Array.isArray(value) ||
    value.length > MAX_LIST ||
    !value.every((v) => typeof v === 'string' && v.length <= MAX_STRING)
  ) {
    throw invalid(field, 'not a list of strings')
  }
  return value as string[]
}

function invalid(field: string, reason: string): LtiUpstreamFailed {
  return new LtiUpstreamFailed(
    'LTI_OPENID_CONFIGURATION_INVALID',
    `invalid "${field}" in the OpenID configuration`,
    { cause: { field, reason } },
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
