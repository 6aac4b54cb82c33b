import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import type { JWK } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LtiError } from '../errors.js'
import type { Fetch } from '../ports.js'
import { createRemoteKeySets } from './remote-jwks.js'
import type { RemoteKeySetsOptions } from './remote-jwks.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

// A loopback LMS: serves whatever `handler` says and counts requests, as a real key set URL would.
let server: Server
let url: string
let requests = 0
let handler: Handler

const serve = (body: unknown, status = 200): Handler => {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body))
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  requests = 0
})

interface TestKey {
  kid: string
  privateKey: CryptoKey
  jwk: JWK
}

async function makeKey(kid: string, extra: JWK = {}): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, ...extra } }
}

let keyA: TestKey
let keyB: TestKey
beforeAll(async () => {
  ;[keyA, keyB] = await Promise.all([
    makeKey('a', { alg: 'RS256', use: 'sig' }),
    makeKey('b', { use: 'sig' }),
  ])
})

function setup(overrides: Partial<RemoteKeySetsOptions> = {}) {
  const clock = { t: 1_000_000, now: () => clock.t }
  const sets = createRemoteKeySets({ fetch: globalThis.fetch, clock, ...overrides })
  return { clock, sets }
}

const code = (c: string) => expect.objectContaining({ code: c })
const RS256 = (kid?: string) => ({ kid, alg: 'RS256' })

describe('createRemoteKeySets', () => {
  it('fetches the key set and returns the key that verifies the token', async () => {
    handler = serve({ keys: [keyA.jwk, keyB.jwk] })
    const { sets } = setup()
    const jwt = await new SignJWT({ sub: '1' })
      .setProtectedHeader({ alg: 'RS256', kid: 'b' })
      .sign(keyB.privateKey)
    const key = await sets.getKey(url, RS256('b'))
    await expect(jwtVerify(jwt, key)).resolves.toBeTruthy()
    await expect(jwtVerify(jwt, await sets.getKey(url, RS256('a')))).rejects.toThrow()
  })

  it('serves from cache without a request, and imports each key once', async () => {
    handler = serve({ keys: [keyA.jwk, keyB.jwk] })
    const { sets, clock } = setup()
    const first = await sets.getKey(url, RS256('b'))
    clock.t += 9 * 60_000
    expect(await sets.getKey(url, RS256('b'))).toBe(first)
    await sets.getKey(url, RS256('a'))
    expect(requests).toBe(1)
    // Another algorithm is another import of the same JWK.
    expect(await sets.getKey(url, { kid: 'b', alg: 'RS384' })).not.toBe(first)
  })

  it('refetches once for an unknown kid, then is rate limited', async () => {
    handler = serve({ keys: [keyA.jwk] })
    const { sets, clock } = setup()
    await sets.getKey(url, RS256('a'))
    // An unknown kid right after the regular fetch still looks once: the platform may have
    // rotated a moment ago.
    await expect(sets.getKey(url, RS256('forged'))).rejects.toEqual(code('LTI_JWT_KID_UNKNOWN'))
    expect(requests).toBe(2)
    const flood = Array.from({ length: 50 }, (_, i) => sets.getKey(url, RS256(`forged-${i}`)))
    for (const result of await Promise.allSettled(flood)) {
      expect(result).toMatchObject({ status: 'rejected', reason: code('LTI_JWT_KID_UNKNOWN') })
    }
    expect(requests).toBe(2)

    clock.t += 29_000
    await expect(sets.getKey(url, RS256('forged'))).rejects.toEqual(code('LTI_JWT_KID_UNKNOWN'))
    expect(requests).toBe(2)
    clock.t += 1_000
    await expect(sets.getKey(url, RS256('forged'))).rejects.toEqual(code('LTI_JWT_KID_UNKNOWN'))
    expect(requests).toBe(3)
  })

  it('finds a key the platform added right after our fetch (Security Framework §6.4)', async () => {
    handler = serve({ keys: [keyA.jwk] })
    const { sets } = setup()
    await sets.getKey(url, RS256('a'))
    handler = serve({ keys: [keyA.jwk, keyB.jwk] })
    await expect(sets.getKey(url, RS256('b'))).resolves.toBeTruthy()
    expect(requests).toBe(2)
  })

  it('finds a key the platform added after rotating (Security Framework §6.4)', async () => {
    handler = serve({ keys: [keyA.jwk] })
    const { sets, clock } = setup()
    await sets.getKey(url, RS256('a'))
    handler = serve({ keys: [keyA.jwk, keyB.jwk] })
    clock.t += 31_000
    await expect(sets.getKey(url, RS256('b'))).resolves.toBeTruthy()
    expect(requests).toBe(2)
  })

  it('makes one request for 20 concurrent calls (single flight)', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let arrived!: () => void
    const firstRequest = new Promise<void>((resolve) => (arrived = resolve))
    handler = (req, res) => {
      arrived()
      void gate.then(() => serve({ keys: [keyA.jwk, keyB.jwk] })(req, res))
    }
    const { sets } = setup()
    const calls = Array.from({ length: 20 }, (_, i) => sets.getKey(url, RS256(i % 2 ? 'a' : 'b')))
    await firstRequest
    release()
    const keys = await Promise.all(calls)
    expect(requests).toBe(1)
    expect(new Set(keys).size).toBe(2)
  })

  it.each([
    ['use "enc"', { use: 'enc' }],
    ['key_ops without "verify"', { key_ops: ['encrypt'] }],
    ['key_ops not an array', { key_ops: 'verify' }],
    ['another alg', { alg: 'RS512' }],
    ['another kty', { kty: 'EC' }],
  ])('ignores a key with %s', async (_name, extra) => {
    handler = serve({ keys: [{ ...keyB.jwk, ...extra }] })
    const { sets } = setup()
    await expect(sets.getKey(url, RS256('b'))).rejects.toEqual(code('LTI_JWT_KID_UNKNOWN'))
  })

  it('accepts key_ops with "verify" and keys without use or alg', async () => {
    const { alg: _alg, use: _use, ...bare } = keyA.jwk
    handler = serve({ keys: [{ ...keyB.jwk, key_ops: ['verify'] }, bare] })
    const { sets } = setup()
    await expect(sets.getKey(url, RS256('b'))).resolves.toBeTruthy()
    await expect(sets.getKey(url, { kid: 'a', alg: 'RS512' })).resolves.toBeTruthy()
  })

  it('picks the single candidate when the header has no kid, refuses to guess among several', async () => {
    handler = serve({ keys: [keyA.jwk, { ...keyB.jwk, use: 'enc' }] })
    await expect(setup().sets.getKey(url, RS256())).resolves.toBeTruthy()
    handler = serve({ keys: [keyA.jwk, keyB.jwk] })
    await expect(setup().sets.getKey(url, RS256())).rejects.toEqual(code('LTI_JWT_KID_MISSING'))
  })

  it('refuses an oversize body even without Content-Length', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }) // chunked, no length
      const junk = 'x'.repeat(64 * 1024)
      res.write('{"keys":[],"junk":"')
      for (let i = 0; i < 8; i++) res.write(junk)
      res.end('"}')
    }
    const { sets } = setup()
    await expect(sets.getKey(url, RS256('a'))).rejects.toEqual(code('LTI_JWKS_INVALID'))
  })

  it('refuses a declared oversize body up front', async () => {
    handler = serve({ keys: [keyA.jwk], junk: 'x'.repeat(2048) })
    const { sets } = setup({ maxBytes: 1024 })
    await expect(sets.getKey(url, RS256('a'))).rejects.toEqual(code('LTI_JWKS_INVALID'))
  })

  it('times out a key set URL that never answers', async () => {
    handler = () => undefined
    const { sets } = setup({ timeoutMs: 100 })
    await expect(sets.getKey(url, RS256('a'))).rejects.toMatchObject({
      code: 'LTI_JWKS_FETCH_FAILED',
      cause: { jwksUrl: url, reason: 'timeout' },
    })
  })

  const utf8Invalid = new Uint8Array([
    ...Buffer.from('{"keys":[],"x":"'),
    0xff,
    ...Buffer.from('"}'),
  ])
  let weakKey: JWK
  beforeAll(async () => {
    // jose refuses to make one, so straight from WebCrypto.
    const { publicKey } = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )
    weakKey = { ...(await exportJWK(publicKey)), kid: 'a' }
  })
  // Factories: the test keys exist only once beforeAll ran.
  const redirect: Handler = (_req, res) => void res.writeHead(302, { location: '/x' }).end()
  it.each<[string, () => Handler, string]>([
    ['HTTP 500', () => serve({ keys: [keyA.jwk] }, 500), 'LTI_JWKS_FETCH_FAILED'],
    ['HTTP 404', () => serve('not found', 404), 'LTI_JWKS_FETCH_FAILED'],
    ['a redirect (not followed)', () => redirect, 'LTI_JWKS_FETCH_FAILED'],
    ['HTML', () => serve('<html>login</html>'), 'LTI_JWKS_INVALID'],
    // '{"keys":[],"x":"\xff"}': valid JSON shape, but 0xff is never UTF-8.
    ['invalid UTF-8', () => serve(utf8Invalid), 'LTI_JWKS_INVALID'],
    ['an array', () => serve([keyA.jwk]), 'LTI_JWKS_INVALID'],
    ['an object without keys', () => serve({ key: keyA.jwk }), 'LTI_JWKS_INVALID'],
    ['keys not an array', () => serve({ keys: keyA.jwk }), 'LTI_JWKS_INVALID'],
    ['a broken modulus', () => serve({ keys: [{ ...keyA.jwk, n: 'AAAA' }] }), 'LTI_JWKS_INVALID'],
    ['a 1024-bit key', () => serve({ keys: [weakKey] }), 'LTI_JWKS_INVALID'],
  ])('reports %s', async (_name, makeHandler, expected) => {
    handler = makeHandler()
    const { sets } = setup()
    await expect(sets.getKey(url, RS256('a'))).rejects.toMatchObject({
      code: expected,
      cause: expect.objectContaining({ jwksUrl: url }),
    })
    expect(requests).toBe(1)
  })

  it('network errors are LTI_JWKS_FETCH_FAILED', async () => {
    const { sets } = setup()
    const closed = url.replace(/:\d+\//, ':1/')
    await expect(sets.getKey(closed, RS256('a'))).rejects.toEqual(code('LTI_JWKS_FETCH_FAILED'))
  })

  it('ignores members that are not objects (RFC 7517 §5)', async () => {
    handler = serve({ keys: [null, 'x', 1, [], keyA.jwk] })
    await expect(setup().sets.getKey(url, RS256('a'))).resolves.toBeTruthy()
  })

  it('refreshes after the TTL and keeps serving the stale set when that fails', async () => {
    handler = serve({ keys: [keyA.jwk] })
    const { sets, clock } = setup()
    const key = await sets.getKey(url, RS256('a'))
    clock.t += 10 * 60_000
    handler = serve('down', 503)
    expect(await sets.getKey(url, RS256('a'))).toBe(key)
    expect(requests).toBe(2)
    // The failed refresh counts against the cooldown: no request per launch while it is down.
    expect(await sets.getKey(url, RS256('a'))).toBe(key)
    expect(requests).toBe(2)
    handler = serve({ keys: [keyA.jwk, keyB.jwk] })
    clock.t += 30_000
    await sets.getKey(url, RS256('a'))
    expect(requests).toBe(3)
    await sets.getKey(url, RS256('b'))
    expect(requests).toBe(3)
  })

  it('does not retry an unreachable key set URL on every call', async () => {
    handler = serve('down', 503)
    const { sets, clock } = setup()
    await expect(sets.getKey(url, RS256('a'))).rejects.toEqual(code('LTI_JWKS_FETCH_FAILED'))
    await expect(sets.getKey(url, RS256('a'))).rejects.toEqual(code('LTI_JWKS_FETCH_FAILED'))
    expect(requests).toBe(1)
    handler = serve({ keys: [keyA.jwk] })
    clock.t += 30_000
    await expect(sets.getKey(url, RS256('a'))).resolves.toBeTruthy()
    expect(requests).toBe(2)
  })

  it('caches per URL', async () => {
    handler = serve({ keys: [keyA.jwk] })
    const { sets } = setup()
    await sets.getKey(url, RS256('a'))
    await sets.getKey(`${url}?other`, RS256('a'))
    expect(requests).toBe(2)
  })

  it('refuses unsupported algorithms without a request', async () => {
    const { sets } = setup()
    for (const alg of ['none', 'HS256', 'ES256', 'PS256']) {
      await expect(sets.getKey(url, { kid: 'a', alg })).rejects.toEqual(
        code('LTI_JWT_ALG_UNSUPPORTED'),
      )
    }
    expect(requests).toBe(0)
  })

  it('puts the URL and kid in cause', async () => {
    handler = serve({ keys: [keyA.jwk] })
    const error = await setup()
      .sets.getKey(url, RS256('zz'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LtiError)
    expect((error as LtiError).cause).toEqual({ jwksUrl: url, kid: 'zz' })
  })

  it('lets an LtiError from the fetch (a refused URL) through', async () => {
    const refusing: Fetch = () =>
      Promise.reject(new LtiError('LTI_URL_FORBIDDEN_ADDRESS', 'host is a forbidden address'))
    const { sets } = setup({ fetch: refusing })
    await expect(sets.getKey(url, RS256('a'))).rejects.toEqual(code('LTI_URL_FORBIDDEN_ADDRESS'))
  })
})
