import { REGISTRATION_CLAIM } from '../claims.js'
import type { PlatformConfiguration } from './parse-platform-configuration.js'

/** What a platform publishes about itself; the inverse of {@link parsePlatformConfiguration}. */
export type PlatformConfigurationInput = PlatformConfiguration & {
  readonly scopesSupported: readonly string[]
  readonly claimsSupported: readonly string[]
}

/**
 * Builds a platform's OpenID configuration document (OpenID Connect Discovery metadata plus the
 * LTI platform configuration claim), in the wire spelling of the spec.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export function buildPlatformConfiguration(
  input: PlatformConfigurationInput,
): Record<string, unknown> {
  return {
    issuer: input.issuer,
    authorization_endpoint: input.authorizationEndpoint,
    token_endpoint: input.tokenEndpoint,
    jwks_uri: input.jwksUri,
    registration_endpoint: input.registrationEndpoint,
    scopes_supported: [...input.scopesSupported],
    // §2.2: LTI launches are id_tokens by the implicit flow, signed RS256 (Security Framework §6.1).
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: [...input.claimsSupported],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    [REGISTRATION_CLAIM.platformConfiguration]: {
      product_family_code: input.productFamilyCode,
      ...(input.version !== undefined ? { version: input.version } : {}),
      messages_supported: input.messagesSupported.map((m) => ({
        type: m.type,
        ...(m.placements ? { placements: [...m.placements] } : {}),
      })),
      ...(input.variables ? { variables: [...input.variables] } : {}),
    },
  }
}
