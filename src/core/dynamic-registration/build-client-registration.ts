import { REGISTRATION_CLAIM } from '../claims.js'

/** One message the tool offers (Dynamic Registration 1.0 §2.4.1, LTI Message). */
export interface ToolMessage {
  readonly type: string
  readonly targetLinkUri?: string
  readonly label?: string
  readonly placements?: readonly string[]
  readonly customParameters?: Readonly<Record<string, string>>
}

/** What the tool registers itself as. */
export interface ClientRegistrationInput {
  readonly clientName: string
  readonly initiateLoginUri: string
  readonly redirectUris: readonly string[]
  readonly jwksUri: string
  /** The host (and port) every tool URL lives on. */
  readonly domain: string
  readonly targetLinkUri: string
  /** OAuth scopes for LTI Advantage services; sent as one space-separated `scope`. */
  readonly scopes: readonly string[]
  /** The OpenID claims the tool wants in id_tokens (`email`, `name`...). */
  readonly claims: readonly string[]
  readonly messages: readonly ToolMessage[]
  readonly customParameters?: Readonly<Record<string, string>>
  readonly description?: string
}

/** The client registration request body, in the wire spelling of the spec. */
export interface ClientRegistrationRequest {
  readonly application_type: 'web'
  readonly response_types: readonly ['id_token']
  readonly grant_types: readonly ['implicit', 'client_credentials']
  readonly initiate_login_uri: string
  readonly redirect_uris: readonly string[]
  readonly client_name: string
  readonly jwks_uri: string
  readonly token_endpoint_auth_method: 'private_key_jwt'
  readonly scope: string
  readonly [REGISTRATION_CLAIM.toolConfiguration]: Record<string, unknown>
}

/**
 * Builds the body the tool POSTs to the platform's registration endpoint: OpenID Connect client
 * metadata plus the LTI tool configuration claim.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration
 */
export function buildClientRegistration(input: ClientRegistrationInput): ClientRegistrationRequest {
  return {
    application_type: 'web',
    // §3.1: launches are implicit-flow id_tokens; services use client credentials with a JWT.
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: input.initiateLoginUri,
    redirect_uris: [...input.redirectUris],
    client_name: input.clientName,
    jwks_uri: input.jwksUri,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: input.scopes.join(' '),
    [REGISTRATION_CLAIM.toolConfiguration]: {
      domain: input.domain,
      target_link_uri: input.targetLinkUri,
      ...(input.description ? { description: input.description } : {}),
      custom_parameters: { ...input.customParameters },
      claims: [...input.claims],
      messages: input.messages.map(messageJson),
    },
  }
}

function messageJson(message: ToolMessage): Record<string, unknown> {
  return {
    type: message.type,
    ...(message.targetLinkUri ? { target_link_uri: message.targetLinkUri } : {}),
    ...(message.label ? { label: message.label } : {}),
    ...(message.placements?.length ? { placements: [...message.placements] } : {}),
    ...(message.customParameters ? { custom_parameters: { ...message.customParameters } } : {}),
  }
}
