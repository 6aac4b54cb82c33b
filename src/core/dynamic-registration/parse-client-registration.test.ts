import { describe, expect, it } from 'vitest'
import { MESSAGE_TYPE } from '../claims.js'
import { LtiError } from '../errors.js'
import { buildClientRegistration } from './build-client-registration.js'
import { hostOnDomain, parseClientRegistration } from './parse-client-registration.js'

const input = {
  clientName: 'Roleplays',
  initiateLoginUri: 'https://tool.example/login',
  redirectUris: ['https://tool.example/launch', 'https://eu.tool.example/launch'],
  jwksUri: 'https://keys.cdn.example/jwks',
  domain: 'tool.example',
  targetLinkUri: 'https://tool.example/launch',
  scopes: ['a', 'b', 'a'],
  claims: ['sub', 'email'],
  messages: [{ type: MESSAGE_TYPE.deepLinkingRequest, label: 'Add', placements: ['ContentArea'] }],
  customParameters: { x: 'y' },
}

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return error instanceof LtiError ? error.code : String(error)
  }
  return 'no error'
}

describe('parseClientRegistration', () => {
  it('reads back what buildClientRegistration sends, outside dev mode', () => {
    const parsed = parseClientRegistration(buildClientRegistration(input), { dev: false })
    expect(parsed).toEqual({ ...input, scopes: ['a', 'b'] })
  })

  it('refuses plain http outside dev mode, even on loopback', () => {
    const body = buildClientRegistration({
      ...input,
      domain: '127.0.0.1:9000',
      initiateLoginUri: 'http://127.0.0.1:9000/login',
      redirectUris: ['http://127.0.0.1:9000/launch'],
      targetLinkUri: 'http://127.0.0.1:9000/launch',
    })
    expect(codeOf(() => parseClientRegistration(body, { dev: false }))).toBe(
      'LTI_CLIENT_REDIRECT_URI_INVALID',
    )
    expect(codeOf(() => parseClientRegistration(body, { dev: true }))).toBe('no error')
  })

  it('refuses a message target link URI off the domain and a bad custom parameter', () => {
    const off = buildClientRegistration({
      ...input,
      messages: [{ type: MESSAGE_TYPE.resourceLink, targetLinkUri: 'https://evil.example/x' }],
    })
    expect(codeOf(() => parseClientRegistration(off, { dev: false }))).toBe(
      'LTI_CLIENT_REDIRECT_URI_INVALID',
    )
    const custom = buildClientRegistration(input) as unknown as Record<string, any>
    custom['https://purl.imsglobal.org/spec/lti-tool-configuration'].custom_parameters = { x: 1 }
    expect(codeOf(() => parseClientRegistration(custom, { dev: false }))).toBe(
      'LTI_CLIENT_METADATA_INVALID',
    )
    expect(codeOf(() => parseClientRegistration([], { dev: false }))).toBe(
      'LTI_CLIENT_METADATA_INVALID',
    )
  })
})

describe('hostOnDomain', () => {
  it.each([
    ['https://tool.example/a', 'tool.example', true],
    ['https://eu.tool.example/a', 'tool.example', true],
    ['https://eviltool.example/a', 'tool.example', false],
    ['https://tool.example.evil/a', 'tool.example', false],
    ['http://127.0.0.1:9000/a', '127.0.0.1:9000', true],
    ['http://127.0.0.1:9001/a', '127.0.0.1:9000', false],
    ['https://tool.example:8443/a', 'tool.example', false],
  ])('%s on %s: %s', (url, domain, expected) => {
    expect(hostOnDomain(new URL(url), domain)).toBe(expected)
  })
})
