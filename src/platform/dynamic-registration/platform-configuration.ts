/**
 * This platform's OpenID configuration: where tools find its endpoints and what it supports
 * when they register themselves (Dynamic Registration 1.0 §2.2 and §2.3).
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
import { MESSAGE_TYPE, SCOPE } from '../../core/claims.js'
import { buildPlatformConfiguration } from '../../core/dynamic-registration/build-platform-configuration.js'
import { SUBSTITUTION_VARIABLES } from '../../core/launch/substitute-variables.js'
import { platformUrls } from '../service-urls.js'
import { PLATFORM_VERSION } from '../tool-platform.js'

/** The LTI service scopes a tool may be granted here; `openid` is implied by every launch. */
export const OFFERED_SCOPES: readonly string[] = Object.values(SCOPE)

/** The id_token claims the platform can send; name and e-mail only with the tool's privacy. */
export const SUPPORTED_CLAIMS: readonly string[] = [
  'iss',
  'sub',
  'aud',
  'iat',
  'exp',
  'nonce',
  'name',
  'given_name',
  'family_name',
  'email',
]

/** Where a deep linking launch starts: the course page's "add content" picker. */
export const DEEP_LINKING_PLACEMENTS: readonly string[] = ['ContentArea']

/** The registration endpoint of the platform at `publicUrl`. */
export function registrationEndpoint(publicUrl: string): string {
  return `${platformUrls(publicUrl).issuer}/lti/register`
}

/** The URL the configuration document is served at (OpenID Connect Discovery 1.0 §4). */
export function openidConfigurationUrl(publicUrl: string): string {
  return `${platformUrls(publicUrl).issuer}/.well-known/openid-configuration`
}

/** The configuration document of the platform at `publicUrl`. */
export function platformConfiguration(publicUrl: string): Record<string, unknown> {
  const urls = platformUrls(publicUrl)
  return buildPlatformConfiguration({
    issuer: urls.issuer,
    authorizationEndpoint: urls.authenticationRequestUrl,
    tokenEndpoint: urls.accessTokenUrl,
    jwksUri: urls.jwksUrl,
    registrationEndpoint: registrationEndpoint(publicUrl),
    scopesSupported: ['openid', ...OFFERED_SCOPES],
    claimsSupported: SUPPORTED_CLAIMS,
    productFamilyCode: 'ltikit',
    version: PLATFORM_VERSION,
    messagesSupported: [
      { type: MESSAGE_TYPE.resourceLink },
      { type: MESSAGE_TYPE.deepLinkingRequest, placements: DEEP_LINKING_PLACEMENTS },
    ],
    variables: SUBSTITUTION_VARIABLES,
  })
}
