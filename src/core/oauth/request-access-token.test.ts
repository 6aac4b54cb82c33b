import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LtiError } from '../errors.js'
import type { Fetch, NonceStore } from '../ports.js'
import type { SigningKey } from '../security/key-set.js'
import { requestAccessToken } from './request-access-token.js'
import { validateClientAssertion } from './validate-client-assertion.js'

const NOW = 1_800_000_000_000
const clock = { now: () => NOW }
const pair = await generateKeyPair('RS256')
const signingKey: SigningKey = { kid: 'k1', alg: 'RS256', privateKey: pair.privateKey }
const SCOPES = ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'scope-b']

type Reply = { status?: number; body: string | Uint8Array; form?: URLSearchParams }
type Handler = (form: URLSearchParams, req: IncomingMessage) => Reply | Promise<Reply>

// A loopback token endpoint: reads the form, then answers whatever `handler` says.
let server: Server
let tokenUrl: string
let handler: Handler
let last: { form: URLSearchParams; headers: IncomingMessage['headers']; method?: string }

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      last = { form, headers: req.headers, method: req.method }
      const reply = await handler(form, req)
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' })
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const json =
  (body: unknown, status = 200): Handler =>
  () => ({ status, body: JSON.stringify(body) })
const TOKEN = { access_token: 'at-1', token_type: 'Bearer', expires_in: 3599, scope: SCOPES[0] }

beforeEach(() => {
  handler = json(TOKEN)
})

const request = (fetch: Fetch = globalThis.fetch) =>
  requestAccessToken({ fetch, tokenUrl, clientId: 'tool-1', signingKey, scopes: SCOPES, clock })

const invalid = (cause: Record<string, unknown> = {}) =>
  expect.objectContaining({
    code: 'LTI_TOKEN_RESPONSE_INVALID',
    cause: expect.objectContaining(cause),
  })

describe('requestAccessToken', () => {
  it('posts an assertion the platform side accepts and returns the granted token', async () => {
    const used = new Set<string>()
    const jtis: NonceStore = {
      consumeNonce: async (v) => !used.has(v) && !!used.add(v),
      isNonceConsumed: async (v) => used.has(v),
    }
    handler = async (form) => {
      const { clientId, requestedScopes } = await validateClientAssertion(form, {
        tokenUrl,
        findClient: async (id) => ({ clientId: id, jwksUrl: 'https://tool.example/jwks' }),
        keys: { getKey: async () => pair.publicKey },
        jtis,
        clock,
        clockSkewSeconds: 5,
      })
      expect(clientId).toBe('tool-1')
      expect(requestedScopes).toEqual(SCOPES)
      return { body: JSON.stringify({ ...TOKEN, token_type: 'bearer' }) }
    }
    await expect(request()).resolves.toEqual({
      accessToken: 'at-1',
      tokenType: 'Bearer',
      expiresAt: NOW + 3599_000,
      scopes: [SCOPES[0]],
    })
    expect(last.method).toBe('POST')
    expect(last.headers.accept).toBe('application/json')
    expect(last.headers['content-type']).toBe('application/x-www-form-urlencoded')
  })

  it('defaults expires_in to an hour and scopes to the requested ones', async () => {
    handler = json({ access_token: 'at-2', token_type: 'BEARER' })
    await expect(request()).resolves.toEqual({
      accessToken: 'at-2',
      tokenType: 'Bearer',
      expiresAt: NOW + 3600_000,
      scopes: SCOPES,
    })
  })

  it('refuses a response without access_token', async () => {
    handler = json({ token_type: 'Bearer', expires_in: 3600 })
    await expect(request()).rejects.toThrow(invalid({ status: 200 }))
  })

  it('refuses token types other than bearer and a malformed expires_in', async () => {
    handler = json({ ...TOKEN, token_type: 'mac' })
    await expect(request()).rejects.toThrow(invalid())
    handler = json({ ...TOKEN, expires_in: '3600' })
    await expect(request()).rejects.toThrow(invalid())
    handler = json({ ...TOKEN, scope: ['a'] })
    await expect(request()).rejects.toThrow(invalid())
  })

  it('refuses a body that is not a JSON object', async () => {
    handler = () => ({ body: '<html>maintenance</html>' })
    await expect(request()).rejects.toThrow(invalid({ status: 200 }))
    handler = json(['at-1'])
    await expect(request()).rejects.toThrow(invalid({ status: 200 }))
  })

  it('reports the RFC 6749 error code of a 400 answer, never its description', async () => {
    handler = json({ error: 'invalid_scope', error_description: 'secret detail' }, 400)
    const err = await request().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LtiError)
    expect(err).toMatchObject({ code: 'LTI_TOKEN_RESPONSE_INVALID', status: 502 })
    expect((err as LtiError).cause).toMatchObject({ status: 400, oauthError: 'invalid_scope' })
    expect(JSON.stringify((err as LtiError).cause)).not.toContain('secret detail')
  })

  it('reports a non-2xx answer without an error code', async () => {
    handler = () => ({ status: 503, body: 'down' })
    const err = await request().catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'LTI_TOKEN_RESPONSE_INVALID', cause: { status: 503 } })
    expect((err as LtiError).cause).not.toHaveProperty('oauthError')
  })

  it('ignores an error code outside the RFC 6749 character set', async () => {
    handler = json({ error: 'a"b' }, 401)
    const err = await request().catch((e: unknown) => e)
    expect((err as LtiError).cause).not.toHaveProperty('oauthError')
  })

  it('refuses an oversized body, counted as it arrives', async () => {
    const body = JSON.stringify({ ...TOKEN, padding: 'x'.repeat(64 * 1024) })
    handler = () => ({ body })
    await expect(request()).rejects.toThrow(invalid({ reason: 'too large' }))
  })

  it('does not follow redirects with the assertion', async () => {
    handler = () => ({ status: 307, body: '' })
    await expect(request()).rejects.toThrow(invalid({ status: 307 }))
  })

  it('maps a timeout and a network failure; an LtiError from fetch passes through', async () => {
    const timeout: Fetch = async () => {
      throw new DOMException('timed out', 'TimeoutError')
    }
    await expect(request(timeout)).rejects.toThrow(invalid({ reason: 'timeout' }))
    const down: Fetch = async () => {
      throw new TypeError('fetch failed')
    }
    await expect(request(down)).rejects.toThrow(invalid({ reason: 'network' }))
    const guarded: Fetch = async () => {
      throw new LtiError('LTI_URL_FORBIDDEN_ADDRESS', 'private address')
    }
    await expect(request(guarded)).rejects.toThrow(
      expect.objectContaining({ code: 'LTI_URL_FORBIDDEN_ADDRESS' }),
    )
  })
})
