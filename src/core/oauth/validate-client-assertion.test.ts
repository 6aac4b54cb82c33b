import { generateKeyPair, SignJWT } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { LtiTokenInvalid } from '../errors.js'
import { encodeBase64url } from '../lib/base64url.js'
import type { KeyResolver } from '../launch/validate-launch.js'
import type { NonceStore } from '../ports.js'
import {
  buildClientAssertion,
  CLIENT_ASSERTION_TYPE,
  tokenRequestBody,
} from './client-assertion.js'
import { validateClientAssertion } from './validate-client-assertion.js'
import type { ValidateClientAssertionDeps } from './validate-client-assertion.js'

const NOW = 1_800_000_000_000
const T = NOW / 1000
const TOKEN_URL = 'https://lms.example/oauth/token'
const JWKS_URL = 'https://tool.example/.well-known/jwks.json'
const clock = { now: () => NOW }

const tool = await generateKeyPair('RS256')
const stranger = await generateKeyPair('RS256')

/** Used jtis with their expiry, as a shared store would keep them. */
class MemoryJtis implements NonceStore {
  readonly used = new Map<string, number>()
  async consumeNonce(value: string, expiresAt: number) {
    if (this.used.has(value)) return false
    this.used.set(value, expiresAt)
    return true
  }
  async isNonceConsumed(value: string) {
    return this.used.has(value)
  }
}

// The tool's key set: one key, kid "k1"; anything else is unknown, as in remote-jwks.
const keys: KeyResolver = {
  async getKey(jwksUrl, { kid }) {
    if (jwksUrl === JWKS_URL && kid === 'k1') return tool.publicKey
    throw new LtiTokenInvalid('LTI_JWT_KID_UNKNOWN', 'no key in the key set matches "kid"')
  },
}

let jtis: MemoryJtis
let deps: ValidateClientAssertionDeps
beforeEach(() => {
  jtis = new MemoryJtis()
  deps = {
    tokenUrl: TOKEN_URL,
    findClient: async (clientId) =>
      clientId === 'tool-1' ? { clientId, jwksUrl: JWKS_URL } : undefined,
    keys,
    jtis,
    clock,
    clockSkewSeconds: 5,
  }
})

function claims(overrides: Record<string, unknown> = {}) {
  const base: Record<string, unknown> = {
    iss: 'tool-1',
    sub: 'tool-1',
    aud: TOKEN_URL,
    iat: T,
    exp: T + 300,
    jti: 'jti-1',
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[name]
    else base[name] = value
  }
  return base
}

function sign(payload = claims(), header: Record<string, unknown> = {}, key = tool.privateKey) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(key)
}

function form(assertion: string, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
    scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    ...extra,
  })
}

const refusal = (code: string, oauthError: string) =>
  expect.objectContaining({ code, cause: expect.objectContaining({ oauthError }) })

const b64json = (value: unknown) => encodeBase64url(new TextEncoder().encode(JSON.stringify(value)))

describe('validateClientAssertion', () => {
  it('accepts what buildClientAssertion and tokenRequestBody send (round trip)', async () => {
    const assertion = await buildClientAssertion({
      clientId: 'tool-1',
      tokenUrl: TOKEN_URL,
      signingKey: { kid: 'k1', alg: 'RS256', privateKey: tool.privateKey },
      clock,
    })
    const body = tokenRequestBody({ assertion, scopes: ['s1', 's2'] })
    // Through the wire encoding, as the endpoint would receive it.
    const received = new URLSearchParams(body.toString())
    await expect(validateClientAssertion(received, deps)).resolves.toEqual({
      clientId: 'tool-1',
      requestedScopes: ['s1', 's2'],
    })
    // Kept until exp + leeway: until then the exp check would still let a replay in.
    expect([...jtis.used.values()]).toEqual([(T + 300 + 5) * 1000])
  })

  it('accepts an aud array containing the token URL and deduplicates scopes', async () => {
    const jwt = await sign(claims({ aud: ['https://other.example', TOKEN_URL] }))
    const result = await validateClientAssertion(form(jwt, { scope: 'a  b a' }), deps)
    expect(result.requestedScopes).toEqual(['a', 'b'])
  })

  it('returns no scopes when the scope parameter is absent', async () => {
    const body = form(await sign())
    body.delete('scope')
    expect((await validateClientAssertion(body, deps)).requestedScopes).toEqual([])
  })

  it('refuses a replayed jti', async () => {
    const jwt = await sign()
    await validateClientAssertion(form(jwt), deps)
    await expect(validateClientAssertion(form(jwt), deps)).rejects.toThrow(
      refusal('LTI_CLIENT_ASSERTION_REPLAYED', 'invalid_client'),
    )
  })

  it('does not spend the jti of an assertion that fails a later check', async () => {
    await expect(
      validateClientAssertion(form(await sign(claims({ aud: 'https://x.example' }))), deps),
    ).rejects.toThrow()
    await expect(
      validateClientAssertion(form(await sign(), { scope: 'x' }), deps),
    ).resolves.toBeDefined()
  })

  const none = `${b64json({ alg: 'none', kid: 'k1' })}.${b64json(claims())}.`
  const hs256 = () =>
    new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new Uint8Array(32).fill(7))

  const without = async (name: string) => {
    const f = form(await sign())
    f.delete(name)
    return f
  }
  const repeated = async (name: string) => {
    const f = form(await sign())
    f.append(name, f.get(name) ?? '')
    return f
  }
  const INVALID = 'LTI_CLIENT_ASSERTION_INVALID'
  const scopes21 = Array.from({ length: 21 }, (_, i) => `s${i}`).join(' ')

  // A form whose assertion carries these claim changes.
  const claimed = (overrides: Record<string, unknown>) => async () =>
    form(await sign(claims(overrides)))
  const withParams = (params: Record<string, string>) => async () => form(await sign(), params)
  const client = 'invalid_client'

  // [name, form, code, cause.oauthError]
  const cases: [string, () => Promise<URLSearchParams>, string, string][] = [
    ['wrong grant type', withParams({ grant_type: 'password' }), INVALID, 'unsupported_grant_type'],
    ['missing grant type', () => without('grant_type'), INVALID, 'invalid_request'],
    ['repeated parameter', () => repeated('grant_type'), INVALID, 'invalid_request'],
    ['wrong assertion type', withParams({ client_assertion_type: 'urn:x' }), INVALID, client],
    ['missing assertion type', () => without('client_assertion_type'), INVALID, client],
    ['missing assertion', () => without('client_assertion'), INVALID, client],
    ['not a compact JWS', async () => form('not-a-jwt'), 'LTI_JWT_MALFORMED', client],
    ['alg none', async () => form(none), 'LTI_JWT_ALG_UNSUPPORTED', client],
    ['HS256', async () => form(await hs256()), 'LTI_JWT_ALG_UNSUPPORTED', client],
    [
      'no kid',
      async () => form(await sign(claims(), { kid: undefined })),
      'LTI_JWT_KID_MISSING',
      client,
    ],
    [
      'kid not in key set',
      async () => form(await sign(claims(), { kid: 'k9' })),
      'LTI_JWT_KID_UNKNOWN',
      client,
    ],
    [
      'bad signature',
      async () => form(await sign(claims(), {}, stranger.privateKey)),
      INVALID,
      client,
    ],
    ['unknown client', claimed({ iss: 'tool-2', sub: 'tool-2' }), INVALID, client],
    ['iss differs from sub', claimed({ sub: 'someone' }), INVALID, client],
    ['client_id differs from iss', withParams({ client_id: 'tool-2' }), INVALID, client],
    ['wrong aud', claimed({ aud: 'https://lms.example/other' }), INVALID, client],
    ['expired beyond the leeway', claimed({ iat: T - 400, exp: T - 5 }), INVALID, client],
    ['missing exp', claimed({ exp: undefined }), INVALID, client],
    ['missing iat', claimed({ iat: undefined }), INVALID, client],
    ['issued in the future', claimed({ iat: T + 60, exp: T + 360 }), INVALID, client],
    ['nbf in the future', claimed({ nbf: T + 60 }), INVALID, client],
    ['too long-lived', claimed({ exp: T + 3601 }), INVALID, client],
    ['missing jti', claimed({ jti: undefined }), INVALID, client],
    ['too many scopes', withParams({ scope: scopes21 }), INVALID, 'invalid_request'],
    ['overlong scope', withParams({ scope: 's'.repeat(201) }), INVALID, 'invalid_request'],
  ]

  for (const [name, body, code, oauthError] of cases) {
    it(`refuses: ${name} (${code}, ${oauthError})`, async () => {
      await expect(validateClientAssertion(await body(), deps)).rejects.toThrow(
        refusal(code, oauthError),
      )
      expect(jtis.used.size).toBe(0)
    })
  }

  it('accepts exactly 20 scopes of 200 characters and exp within the leeway', async () => {
    const scope = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(200, 's')).join(' ')
    const jwt = await sign(claims({ iat: T - 300, exp: T - 4 }))
    const result = await validateClientAssertion(form(jwt, { scope }), deps)
    expect(result.requestedScopes).toHaveLength(20)
  })

  it('honours a lower maxLifetimeSeconds', async () => {
    const jwt = await sign(claims({ exp: T + 301 }))
    await expect(
      validateClientAssertion(form(jwt), { ...deps, maxLifetimeSeconds: 300 }),
    ).rejects.toThrow(refusal('LTI_CLIENT_ASSERTION_INVALID', 'invalid_client'))
  })
})
