import { describe, expect, it } from 'vitest'
import { REGISTRATION_CLAIM } from '../claims.js'
import { parsePlatformConfiguration } from './parse-platform-configuration.js'

const URL_ = 'https://lms.example/lti/openid-configuration'
const valid = (): Record<string, unknown> => ({
  issuer: 'https://lms.example',
  authorization_endpoint: 'https://lms.example/auth',
  token_endpoint: 'https://lms.example/token',
  jwks_uri: 'https://lms.example/jwks',
  registration_endpoint: 'https://lms.example/register',
  token_endpoint_auth_methods_supported: ['private_key_jwt'],
  scopes_supported: ['openid'],
  [REGISTRATION_CLAIM.platformConfiguration]: {
    product_family_code: 'canvas',
    version: 'cloud',
    messages_supported: [{ type: 'LtiDeepLinkingRequest', placements: ['link_selection'] }],
  },
})
const parse = (doc: unknown, dev = false) => parsePlatformConfiguration(doc, URL_, { dev })

describe('parsePlatformConfiguration', () => {
  it('keeps the endpoints and the LTI platform configuration', () => {
    expect(parse(valid())).toEqual({
      issuer: 'https://lms.example',
      authorizationEndpoint: 'https://lms.example/auth',
      tokenEndpoint: 'https://lms.example/token',
      jwksUri: 'https://lms.example/jwks',
      registrationEndpoint: 'https://lms.example/register',
      scopesSupported: ['openid'],
      productFamilyCode: 'canvas',
      version: 'cloud',
      messagesSupported: [{ type: 'LtiDeepLinkingRequest', placements: ['link_selection'] }],
    })
  })

  const cases: [string, (d: Record<string, unknown>) => void, string][] = [
    ['not an object', () => undefined, 'LTI_OPENID_CONFIGURATION_INVALID'],
    [
      'no registration_endpoint',
      (d) => delete d.registration_endpoint,
      'LTI_OPENID_CONFIGURATION_INVALID',
    ],
    [
      'http jwks_uri',
      (d) => (d.jwks_uri = 'http://lms.example/jwks'),
      'LTI_OPENID_CONFIGURATION_INVALID',
    ],
    [
      'no LTI claim',
      (d) => delete d[REGISTRATION_CLAIM.platformConfiguration],
      'LTI_OPENID_CONFIGURATION_INVALID',
    ],
    [
      'no private_key_jwt',
      (d) => (d.token_endpoint_auth_methods_supported = ['client_secret_basic']),
      'LTI_OPENID_CONFIGURATION_INVALID',
    ],
    [
      'no RS256',
      (d) => (d.id_token_signing_alg_values_supported = ['HS256']),
      'LTI_OPENID_CONFIGURATION_INVALID',
    ],
    ['scopes not strings', (d) => (d.scopes_supported = [1]), 'LTI_OPENID_CONFIGURATION_INVALID'],
    ['foreign issuer', (d) => (d.issuer = 'https://evil.example'), 'LTI_OPENID_ISSUER_MISMATCH'],
  ]
  it.each(cases)('refuses %s', (_, mutate, code) => {
    const doc = valid()
    mutate(doc)
    expect(() => parse(_ === 'not an object' ? [] : doc)).toThrow(expect.objectContaining({ code }))
  })

  it('accepts http loopback endpoints in dev mode only', () => {
    const doc = { ...valid(), jwks_uri: 'http://127.0.0.1:9/jwks' }
    expect(parse(doc, true).jwksUri).toBe('http://127.0.0.1:9/jwks')
    expect(() => parse(doc)).toThrow(
      expect.objectContaining({ code: 'LTI_OPENID_CONFIGURATION_INVALID' }),
    )
  })
})
