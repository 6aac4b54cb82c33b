import { describe, expect, it } from 'vitest'
import { REGISTRATION_CLAIM } from '../claims.js'
import { buildClientRegistration } from './build-client-registration.js'

describe('buildClientRegistration', () => {
  it('spells the request as the spec does', () => {
    const body = buildClientRegistration({
      clientName: 'Tool',
      initiateLoginUri: 'https://tool.example/login',
      redirectUris: ['https://tool.example/launch'],
      jwksUri: 'https://tool.example/jwks',
      domain: 'tool.example',
      targetLinkUri: 'https://tool.example/launch',
      scopes: ['s1', 's2'],
      claims: ['iss', 'sub'],
      messages: [{ type: 'LtiDeepLinkingRequest', label: 'Add', placements: ['ContentArea'] }],
      customParameters: { a: 'b' },
    })
    expect(body).toEqual({
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: 'https://tool.example/login',
      redirect_uris: ['https://tool.example/launch'],
      client_name: 'Tool',
      jwks_uri: 'https://tool.example/jwks',
      token_endpoint_auth_method: 'private_key_jwt',
      scope: 's1 s2',
      [REGISTRATION_CLAIM.toolConfiguration]: {
        domain: 'tool.example',
        target_link_uri: 'https://tool.example/launch',
        custom_parameters: { a: 'b' },
        claims: ['iss', 'sub'],
        messages: [{ type: 'LtiDeepLinkingRequest', label: 'Add', placements: ['ContentArea'] }],
      },
    })
  })
})
