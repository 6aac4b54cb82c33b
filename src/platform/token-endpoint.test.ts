import { generateKeyPair } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { SCOPE } from '../core/claims.js'
import { LtiError, LtiTokenInvalid } from '../core/errors.js'
import type { KeyResolver } from '../core/launch/validate-launch.js'
import {
  buildClientAssertion,
  CLIENT_ASSERTION_TYPE,
  tokenRequestBody,
} from '../core/oauth/client-assertion.js'
import { webCryptoMacKey } from '../core/security/sealed-token.js'
import { MemoryNonces } from '../../test/support/memory-stores.js'
import { MemoryLaunchStores, NOW, PUBLIC_URL, tool } from '../../test/support/platform-fixtures.js'
import { verifyAccessToken } from './access-token.js'
import { allowedScopes, grantAccessToken, tokenErrorOf } from './token-endpoint.js'
import type { TokenEndpointDeps } from './token-endpoint.js'

const TOKEN_URL = `${PUBLIC_URL}/lti/token`
const toolKey = await generateKeyPair('RS256')
const stranger = await generateKeyPair('RS256')
const signingKey = { kid: 'tk1', alg: 'RS256' as const, privateKey: toolKey.privateKey }
const accessTokenKey = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
const clock = { now: () => NOW }

const keys: KeyResolver = {
  async getKey(jwksUrl, { kid }) {
    if (jwksUrl === tool.jwksUrl && kid === 'tk1') return toolKey.publicKey
    throw new LtiTokenInvalid('LTI_JWT_KID_UNKNOWN', 'no key in the key set matches "kid"')
  },
}

let nonces: MemoryNonces
let stores: MemoryLaunchStores
let deps: TokenEndpointDeps
beforeEach(() => {
  nonces = new MemoryNonces()
  stores = new MemoryLaunchStores()
  deps = {
    publicUrl: PUBLIC_URL,
    tools: stores.tools,
    keys,
    nonces,
    clock,
    clockSkewSeconds: 5,
    accessTokenKey,
  }
})

const agsTool = {
  ...tool,
  services: {
    ags: [SCOPE.agsLineItem, SCOPE.agsScore] as typeof tool.services.ags,
    nrps: true,
    deepLinking: false,
  },
}

async function form(scopes: string[], key = signingKey, clientId = tool.clientId) {
  const assertion = await buildClientAssertion({
    clientId,
    tokenUrl: TOKEN_URL,
    signingKey: key,
    clock,
  })
  return tokenRequestBody({ assertion, scopes })
}

async function failure(body: URLSearchParams) {
  return grantAccessToken(body, deps).then(
    () => ({ code: 'granted', error: '' }),
    (err: LtiError) => ({ code: err.code, error: tokenErrorOf(err) }),
  )
}

describe('allowedScopes', () => {
  it('is the AGS scopes plus the NRPS scope when NRPS is on', () => {
    expect(allowedScopes(agsTool)).toEqual([
      SCOPE.agsLineItem,
      SCOPE.agsScore,
      SCOPE.nrpsMembershipReadonly,
    ])
    expect(allowedScopes({ services: { ags: [], nrps: false, deepLinking: true } })).toEqual([])
  })
})

describe('grantAccessToken', () => {
  beforeEach(() => {
    stores.toolRows.set(tool.id, agsTool)
  })

  it('grants the requested scopes the tool may use, in request order', async () => {
    const body = await form([SCOPE.nrpsMembershipReadonly, SCOPE.agsResultReadonly, SCOPE.agsScore])
    const token = await grantAccessToken(body, deps)
    expect(token).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: `${SCOPE.nrpsMembershipReadonly} ${SCOPE.agsScore}`,
    })
    const grant = await verifyAccessToken(`Bearer ${token.access_token}`, {
      key: accessTokenKey,
      clock,
    })
    expect(grant).toMatchObject({
      toolId: tool.id,
      clientId: tool.clientId,
      scopes: [SCOPE.nrpsMembershipReadonly, SCOPE.agsScore],
    })
  })

  it('keeps used jti values under the jti: prefix and refuses a replay', async () => {
    const body = await form([SCOPE.agsScore])
    await grantAccessToken(body, deps)
    expect([...nonces.used.keys()]).toEqual([
      expect.stringMatching(new RegExp(`^jti:client-assertion:${tool.clientId}:`)),
    ])
    expect(await failure(body)).toEqual({
      code: 'LTI_CLIENT_ASSERTION_REPLAYED',
      error: 'invalid_client',
    })
  })

  it('refuses invalid_scope when no requested scope is allowed, or none is asked', async () => {
    expect(await failure(await form([SCOPE.agsResultReadonly]))).toEqual({
      code: 'LTI_SCOPE_INVALID',
      error: 'invalid_scope',
    })
    expect(await failure(await form([]))).toEqual({
      code: 'LTI_SCOPE_INVALID',
      error: 'invalid_scope',
    })
    stores.toolRows.set(tool.id, tool)
    expect(await failure(await form([SCOPE.agsLineItem]))).toEqual({
      code: 'LTI_SCOPE_INVALID',
      error: 'invalid_scope',
    })
  })

  it('refuses other grant types and missing client authentication', async () => {
    const body = await form([SCOPE.agsScore])
    body.set('grant_type', 'authorization_code')
    expect(await failure(body)).toMatchObject({ error: 'unsupported_grant_type' })
    body.delete('grant_type')
    expect(await failure(body)).toMatchObject({ error: 'invalid_request' })
    const noType = await form([SCOPE.agsScore])
    noType.delete('client_assertion_type')
    expect(await failure(noType)).toMatchObject({ error: 'invalid_client' })
    expect(noType.get('grant_type')).toBe('client_credentials')
    const wrongType = await form([SCOPE.agsScore])
    wrongType.set('client_assertion_type', `${CLIENT_ASSERTION_TYPE}x`)
    expect(await failure(wrongType)).toMatchObject({ error: 'invalid_client' })
  })

  it('refuses invalid_client for an unknown client or a foreign signature', async () => {
    expect(await failure(await form([SCOPE.agsScore], signingKey, 'nobody'))).toEqual({
      code: 'LTI_CLIENT_ASSERTION_INVALID',
      error: 'invalid_client',
    })
    const forged = { ...signingKey, privateKey: stranger.privateKey }
    expect(await failure(await form([SCOPE.agsScore], forged))).toEqual({
      code: 'LTI_CLIENT_ASSERTION_INVALID',
      error: 'invalid_client',
    })
    expect(nonces.used.size).toBe(0)
  })

  it('maps an error without an OAuth error to invalid_request', () => {
    expect(tokenErrorOf(new LtiError('LTI_BODY_TOO_LARGE', 'x'))).toBe('invalid_request')
  })
})
