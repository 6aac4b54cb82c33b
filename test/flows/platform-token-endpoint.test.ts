/**
 * The platform's token endpoint (OAuth 2 client credentials with a JWT client assertion) and
 * key set over HTTP, with the RFC 6749 answers a tool gets for each mistake.
 */
import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCOPE } from '../../src/core/claims.js'
import { buildClientAssertion, tokenRequestBody } from '../../src/core/oauth/client-assertion.js'
import { DIALECTS } from '../support/databases.js'
import {
  clock,
  PUBLIC_URL,
  startPlatformRoutes,
  toolSigningKey,
} from '../support/platform-routes-harness.js'
import type { PlatformRoutesHarness } from '../support/platform-routes-harness.js'

const strangerKeyPair = await generateKeyPair('RS256')

describe.each(DIALECTS)('platform token endpoint and key set on %s', (dialect) => {
  let h: PlatformRoutesHarness
  beforeAll(async () => {
    h = await startPlatformRoutes(dialect)
  })
  afterAll(async () => {
    await h?.close()
  })

  describe('key set', () => {
    it('publishes the public keys, briefly cacheable', async () => {
      const response = await h.app.request('/lti/jwks')
      expect(response.headers.get('cache-control')).toBe('public, max-age=300')
      const { keys } = (await response.json()) as { keys: Record<string, unknown>[] }
      expect(keys.length).toBeGreaterThan(0)
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })
        expect(key).not.toHaveProperty('d')
      }
    })
  })

  describe('token endpoint', () => {
    const TOKEN_URL = `${PUBLIC_URL}/lti/token`
    const assertion = (clientId = h.tool.clientId, key = toolSigningKey) =>
      buildClientAssertion({ clientId, tokenUrl: TOKEN_URL, signingKey: key, clock })
    const post = (body: URLSearchParams | string, type = 'application/x-www-form-urlencoded') =>
      h.app.request('/lti/token', {
        method: 'POST',
        headers: { 'content-type': type },
        body: body.toString(),
      })
    const oauthError = async (response: Response) =>
      (await response.json()) as { error: string; error_description: string; code: string }

    it('grants an access token for the allowed scopes, never cached', async () => {
      const body = tokenRequestBody({
        assertion: await assertion(),
        scopes: [SCOPE.agsScore, SCOPE.nrpsMembershipReadonly, 'https://example.com/other'],
      })
      const response = await post(body)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('pragma')).toBe('no-cache')
      expect(await response.json()).toMatchObject({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: `${SCOPE.agsScore} ${SCOPE.nrpsMembershipReadonly}`,
      })
    })

    it('refuses a replayed assertion with invalid_client', async () => {
      const body = tokenRequestBody({ assertion: await assertion(), scopes: [SCOPE.agsScore] })
      expect((await post(body)).status).toBe(200)
      const replay = await post(body)
      expect(replay.status).toBe(401)
      expect(replay.headers.get('www-authenticate')).toMatch(/invalid_client/)
      expect(await oauthError(replay)).toMatchObject({
        error: 'invalid_client',
        code: 'LTI_CLIENT_ASSERTION_REPLAYED',
      })
    })

    it.each([
      [
        'an unknown client',
        async () => ({ client_assertion: await assertion('nobody') }),
        401,
        'invalid_client',
      ],
      [
        'a forged signature',
        async () => ({
          client_assertion: await assertion(h.tool.clientId, {
            ...toolSigningKey,
            privateKey: strangerKeyPair.privateKey,
          }),
        }),
        401,
        'invalid_client',
      ],
      [
        'another grant type',
        async () => ({ grant_type: 'password' }),
        400,
        'unsupported_grant_type',
      ],
      ['no grant type', async () => ({ grant_type: null }), 400, 'invalid_request'],
      ['no scope', async () => ({ scope: null }), 400, 'invalid_scope'],
      [
        'only scopes not granted',
        async () => ({ scope: SCOPE.agsLineItemReadonly }),
        400,
        'invalid_scope',
      ],
      [
        'a repeated parameter',
        async () => ({ append: ['scope', SCOPE.agsScore] }),
        400,
        'invalid_request',
      ],
    ] as const)('refuses %s', async (_name, change, status, error) => {
      const body = tokenRequestBody({ assertion: await assertion(), scopes: [SCOPE.agsScore] })
      for (const [name, value] of Object.entries(await change())) {
        if (name === 'append') body.append(...(value as [string, string]))
        else if (value === null) body.delete(name)
        else body.set(name, value as string)
      }
      const response = await post(body)
      expect(response.status).toBe(status)
      expect(response.headers.get('cache-control')).toBe('no-store')
      const answer = await oauthError(response)
      expect(answer.error).toBe(error)
      expect(answer.code).toMatch(/^LTI_/)
      expect(answer.error_description).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/)
    })

    it('takes only form-encoded POSTs', async () => {
      const json = await post('{}', 'application/json')
      expect(json.status).toBe(400)
      expect(await oauthError(json)).toMatchObject({ error: 'invalid_request' })
      const get = await h.app.request('/lti/token')
      expect(get.status).toBe(405)
      expect(get.headers.get('allow')).toBe('POST')
    })
  })
})
