import { decodeProtectedHeader, generateKeyPair, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import type { SigningKey } from '../security/key-set.js'
import {
  buildClientAssertion,
  CLIENT_ASSERTION_TYPE,
  tokenRequestBody,
} from './client-assertion.js'

const NOW = 1_800_000_000_000
const clock = { now: () => NOW }
const TOKEN_URL = 'https://lms.example/oauth/token'
const pair = await generateKeyPair('RS256')
const signingKey: SigningKey = { kid: 'tool-k1', alg: 'RS256', privateKey: pair.privateKey }

const argError = expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' })

describe('buildClientAssertion', () => {
  it('signs an RS256 JWT naming the client, the token URL and a fresh jti', async () => {
    const jwt = await buildClientAssertion({
      clientId: 'c1',
      tokenUrl: TOKEN_URL,
      signingKey,
      clock,
    })
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: 'tool-k1', typ: 'JWT' })
    const { payload } = await jwtVerify(jwt, pair.publicKey, { currentDate: new Date(NOW) })
    expect(payload).toEqual({
      iss: 'c1',
      sub: 'c1',
      aud: TOKEN_URL,
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    })
  })

  it('uses a new jti for every assertion and honours lifetimeSeconds', async () => {
    const input = { clientId: 'c1', tokenUrl: TOKEN_URL, signingKey, clock, lifetimeSeconds: 60 }
    const [a, b] = await Promise.all([buildClientAssertion(input), buildClientAssertion(input)])
    const pa = (await jwtVerify(a!, pair.publicKey, { currentDate: new Date(NOW) })).payload
    const pb = (await jwtVerify(b!, pair.publicKey, { currentDate: new Date(NOW) })).payload
    expect(pa.jti).not.toBe(pb.jti)
    expect(pa.exp).toBe(NOW / 1000 + 60)
  })

  it('refuses an empty client ID or token URL and out-of-range lifetimes', async () => {
    const base = { clientId: 'c1', tokenUrl: TOKEN_URL, signingKey, clock }
    await expect(buildClientAssertion({ ...base, clientId: '' })).rejects.toThrow(argError)
    await expect(buildClientAssertion({ ...base, tokenUrl: '' })).rejects.toThrow(argError)
    for (const lifetimeSeconds of [0, 3601, 1.5, Number.NaN]) {
      await expect(buildClientAssertion({ ...base, lifetimeSeconds })).rejects.toThrow(argError)
    }
  })
})

describe('tokenRequestBody', () => {
  it('builds the RFC 6749 §4.4.2 form with an RFC 7523 assertion', () => {
    const body = tokenRequestBody({ assertion: 'a.b.c', scopes: ['s1', 's2', 's1'] })
    expect([...body]).toEqual([
      ['grant_type', 'client_credentials'],
      ['client_assertion_type', CLIENT_ASSERTION_TYPE],
      ['client_assertion', 'a.b.c'],
      ['scope', 's1 s2'],
    ])
    expect(CLIENT_ASSERTION_TYPE).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
  })

  it('refuses scopes that would change the space-separated list', () => {
    expect(() => tokenRequestBody({ assertion: 'a.b.c', scopes: ['a b'] })).toThrow(argError)
    expect(() => tokenRequestBody({ assertion: 'a.b.c', scopes: [''] })).toThrow(argError)
    expect(() => tokenRequestBody({ assertion: '', scopes: [] })).toThrow(argError)
  })
})
