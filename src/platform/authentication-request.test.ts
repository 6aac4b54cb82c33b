import { describe, expect, it } from 'vitest'
import { LtiError, LtiForbidden, LtiRequestInvalid } from '../core/errors.js'
import {
  MemoryLaunchStores,
  tool,
  toolAuthenticationRequest,
} from '../../test/support/platform-fixtures.js'
import {
  checkAuthenticationRequest,
  identifyClient,
  MAX_NONCE_LENGTH,
  oauthErrorDescription,
  oidcErrorOf,
} from './authentication-request.js'

const VALID = {
  ...toolAuthenticationRequest,
  login_hint: 'u-1',
  lti_message_hint: 'hint',
  nonce: 'n-1',
  state: 's-1',
}

function params(changes: Record<string, string | null> = {}, extra: [string, string][] = []) {
  const p = new URLSearchParams()
  for (const [name, value] of Object.entries({ ...VALID, ...changes })) {
    if (value !== null) p.set(name, value)
  }
  for (const [name, value] of extra) p.append(name, value)
  return p
}

function failure(run: () => unknown): { code: string; oidcError?: string } {
  try {
    run()
  } catch (err) {
    const e = err as LtiError
    return { code: e.code, oidcError: (e.cause as { oidcError?: string }).oidcError }
  }
  return { code: 'none' }
}

describe('identifyClient', () => {
  const stores = new MemoryLaunchStores()
  const codeOf = (p: URLSearchParams) =>
    identifyClient(p, stores.tools).then(
      () => 'none',
      (err: LtiError) => err.code,
    )

  it('finds the tool, an exactly registered redirect URI and the state to echo', async () => {
    const second = tool.redirectUris[1] as string
    expect(await identifyClient(params({ redirect_uri: second }), stores.tools)).toEqual({
      tool,
      redirectUri: second,
      state: 's-1',
    })
    const noState = await identifyClient(params({ state: null }), stores.tools)
    expect(noState).not.toHaveProperty('state')
    const repeated = await identifyClient(params({}, [['state', 'x']]), stores.tools)
    expect(repeated).not.toHaveProperty('state')
  })

  it.each([
    ['missing client_id', params({ client_id: null }), 'LTI_AUTH_REQUEST_INVALID'],
    ['repeated client_id', params({}, [['client_id', 'x']]), 'LTI_AUTH_REQUEST_INVALID'],
    ['unknown client_id', params({ client_id: 'nope' }), 'LTI_TOOL_NOT_FOUND'],
    ['missing redirect_uri', params({ redirect_uri: null }), 'LTI_REDIRECT_URI_INVALID'],
    [
      'unregistered redirect_uri',
      params({ redirect_uri: 'https://evil.example/launch' }),
      'LTI_REDIRECT_URI_INVALID',
    ],
    [
      'registered redirect_uri with a suffix',
      params({ redirect_uri: `${tool.redirectUris[0]}/x` }),
      'LTI_REDIRECT_URI_INVALID',
    ],
    [
      "another tool's redirect_uri",
      params({ redirect_uri: 'https://other.example/launch' }),
      'LTI_REDIRECT_URI_INVALID',
    ],
    [
      'repeated redirect_uri',
      params({}, [['redirect_uri', VALID.redirect_uri]]),
      'LTI_REDIRECT_URI_INVALID',
    ],
  ])('refuses %s with an error for the user', async (_name, p, code) => {
    expect(await codeOf(p)).toBe(code)
  })
})

describe('checkAuthenticationRequest', () => {
  it('returns the nonce, login hint and message hint', () => {
    expect(checkAuthenticationRequest(params({ scope: 'openid profile' }))).toEqual({
      nonce: 'n-1',
      loginHint: 'u-1',
      ltiMessageHint: 'hint',
    })
  })

  const invalid = 'LTI_AUTH_REQUEST_INVALID'
  it.each([
    ['missing scope', { scope: null }, invalid, 'invalid_scope'],
    ['scope without openid', { scope: 'profile' }, invalid, 'invalid_scope'],
    ['missing response_type', { response_type: null }, invalid, 'invalid_request'],
    ['response_type code', { response_type: 'code' }, invalid, 'unsupported_response_type'],
    [
      'response_type with code',
      { response_type: 'code id_token' },
      invalid,
      'unsupported_response_type',
    ],
    ['missing response_mode', { response_mode: null }, invalid, 'invalid_request'],
    ['response_mode query', { response_mode: 'query' }, invalid, 'invalid_request'],
    ['missing prompt', { prompt: null }, invalid, 'invalid_request'],
    ['prompt login', { prompt: 'login' }, invalid, 'invalid_request'],
    ['missing nonce', { nonce: null }, invalid, 'invalid_request'],
    ['empty nonce', { nonce: '' }, invalid, 'invalid_request'],
    ['too long nonce', { nonce: 'n'.repeat(MAX_NONCE_LENGTH + 1) }, invalid, 'invalid_request'],
    ['missing login_hint', { login_hint: null }, invalid, 'invalid_request'],
    ['too long state', { state: 's'.repeat(4097) }, invalid, 'invalid_request'],
    [
      'missing lti_message_hint',
      { lti_message_hint: null },
      'LTI_MESSAGE_HINT_INVALID',
      'invalid_request',
    ],
  ])('refuses %s', (_name, changes, code, oidcError) => {
    expect(failure(() => checkAuthenticationRequest(params(changes)))).toEqual({
      code,
      oidcError,
    })
  })

  it('accepts the longest nonce', () => {
    const nonce = 'n'.repeat(MAX_NONCE_LENGTH)
    expect(checkAuthenticationRequest(params({ nonce })).nonce).toBe(nonce)
  })

  it('refuses a repeated parameter', () => {
    expect(failure(() => checkAuthenticationRequest(params({}, [['nonce', 'n-2']])))).toEqual({
      code: invalid,
      oidcError: 'invalid_request',
    })
  })
})

describe('OIDC error mapping', () => {
  it.each([
    [new LtiRequestInvalid('LTI_SIGN_IN_REQUIRED', 'x'), 'login_required'],
    [new LtiForbidden('LTI_LOGIN_HINT_INVALID', 'x'), 'login_required'],
    [new LtiForbidden('LTI_NOT_ENROLLED', 'x'), 'access_denied'],
    [
      new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'x', { cause: { reason: 'role' } }),
      'access_denied',
    ],
    [
      new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'x', { cause: { reason: 'tool' } }),
      'unauthorized_client',
    ],
    [new LtiError('LTI_RESOURCE_LINK_NOT_FOUND', 'x'), 'invalid_request'],
    [new LtiError('LTI_KEY_UNAVAILABLE', 'x'), 'server_error'],
    [
      new LtiForbidden('LTI_MESSAGE_HINT_INVALID', 'x', { cause: { oidcError: 'invalid_scope' } }),
      'invalid_scope',
    ],
  ])('%s -> %s', (error, expected) => {
    expect(oidcErrorOf(error)).toBe(expected)
  })

  it('writes error_description in the characters RFC 6749 allows, code first', () => {
    const error = new LtiForbidden('LTI_MESSAGE_HINT_INVALID', 'bad "hint" \\ é\n'.repeat(40))
    const description = oauthErrorDescription(error)
    expect(description.startsWith('LTI_MESSAGE_HINT_INVALID:')).toBe(true)
    expect(description).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/)
    expect(description.length).toBeLessThanOrEqual(300)
  })
})
