import { beforeEach, describe, expect, it } from 'vitest'
import type { NonceStore } from '../ports.js'
import {
  oauth1AuthorizationHeader,
  parseOAuth1AuthorizationHeader,
} from './authorization-header.js'
import { oauthBodyHash } from './oauth-body-hash.js'
import { oauth1Signature } from './oauth1-signature.js'
import { signOAuth1Request } from './sign-oauth1-request.js'
import { signatureBaseString } from './signature-base-string.js'
import { validateOAuth1Request } from './validate-oauth1-request.js'
import type { ValidateOAuth1RequestInput } from './validate-oauth1-request.js'

const NOW = 1_800_000_000_000
const T = NOW / 1000
const URL_ = 'https://platform.example/lti11/launch?tool=7'
const SECRETS: Record<string, string> = { 'key-1': 'secret-1', 'key-2': 'secret-2' }
const LAUNCH_PARAMS: Array<[string, string]> = [
  ['lti_message_type', 'basic-lti-launch-request'],
  ['lti_version', 'LTI-1p0'],
  ['resource_link_id', 'rl-1'],
  ['user_id', 'u-42'],
]

class MemoryNonces implements NonceStore {
  readonly used = new Map<string, number>()
  async consumeNonce(nonce: string, expiresAt: number) {
    if (this.used.has(nonce)) return false
    this.used.set(nonce, expiresAt)
    return true
  }
  async isNonceConsumed(nonce: string) {
    return this.used.has(nonce)
  }
}

let nonces: MemoryNonces
beforeEach(() => {
  nonces = new MemoryNonces()
})

function sign(change: { key?: string; nonce?: string; timestamp?: number; url?: string } = {}) {
  const key = change.key ?? 'key-1'
  return signOAuth1Request({
    method: 'POST',
    url: change.url ?? URL_,
    params: LAUNCH_PARAMS,
    consumerKey: key,
    consumerSecret: SECRETS[key] ?? 'unknown',
    nonce: change.nonce ?? 'nonce-1',
    timestamp: change.timestamp ?? T,
  })
}

function validate(
  params: ReadonlyArray<readonly [string, string]>,
  extra: Partial<ValidateOAuth1RequestInput> = {},
) {
  return validateOAuth1Request({
    method: 'POST',
    url: URL_,
    params,
    findConsumerSecret: async (key) => SECRETS[key],
    nonces,
    now: NOW,
    ...extra,
  })
}

function replace(params: Array<[string, string]>, name: string, value: string) {
  return params.map(([n, v]): [string, string] => [n, n === name ? value : v])
}

/** Signs `params` as given (no protocol parameters added), for shapes signOAuth1Request refuses. */
async function signRaw(params: Array<[string, string]>, secret = 'secret-1') {
  const signature = await oauth1Signature(signatureBaseString('POST', URL_, params), secret)
  return [...params, ['oauth_signature', signature] as [string, string]]
}

describe('validateOAuth1Request', () => {
  it('accepts a signed LTI 1.1 launch and returns its consumer key and parameters', async () => {
    const result = await validate(await sign())
    expect(result.consumerKey).toBe('key-1')
    expect(result.params.get('resource_link_id')).toBe('rl-1')
    expect(result.params.get('tool')).toBe('7')
    expect(result.params.get('oauth_callback')).toBe('about:blank')
    // The replay key is scoped apart from LTI 1.3 nonces, and kept past the timestamp window.
    expect([...nonces.used.keys()]).toEqual(['lti11:key-1:nonce-1'])
    expect(nonces.used.get('lti11:key-1:nonce-1')).toBeGreaterThanOrEqual((T + 300) * 1000)
  })

  it('accepts a request without oauth_version (optional, RFC 5849 §3.1)', async () => {
    const params = await signRaw([
      ['oauth_consumer_key', 'key-1'],
      ['oauth_nonce', 'n-noversion'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(T)],
    ])
    await expect(validate(params)).resolves.toMatchObject({ consumerKey: 'key-1' })
  })

  it('accepts a Basic Outcomes request: header parameters plus a matching body hash', async () => {
    const body = new TextEncoder().encode('<imsx_POXEnvelopeRequest/>')
    const signed = await signOAuth1Request({
      method: 'POST',
      url: URL_,
      params: [],
      consumerKey: 'key-2',
      consumerSecret: 'secret-2',
      nonce: 'n-outcome',
      timestamp: T,
      bodyHash: await oauthBodyHash(body),
    })
    const header = parseOAuth1AuthorizationHeader(oauth1AuthorizationHeader(signed))
    await expect(validate(header, { body })).resolves.toMatchObject({ consumerKey: 'key-2' })
  })

  describe('refuses', () => {
    it.each([
      'oauth_consumer_key',
      'oauth_signature_method',
      'oauth_timestamp',
      'oauth_nonce',
      'oauth_signature',
    ])('a request without %s', async (name) => {
      const params = (await sign()).filter(([n]) => n !== name)
      await expect(validate(params)).rejects.toMatchObject({
        code: 'LTI11_OAUTH_PARAMETER_MISSING',
        status: 400,
      })
    })

    it.each(['PLAINTEXT', 'RSA-SHA1', 'HMAC-SHA256', 'hmac-sha1'])(
      'signature method %s',
      async (method) => {
        const params = replace(await sign(), 'oauth_signature_method', method)
        await expect(validate(params)).rejects.toMatchObject({
          code: 'LTI11_SIGNATURE_METHOD_UNSUPPORTED',
          status: 400,
        })
      },
    )

    it.each([
      ['oauth_version 2.0', (p: Array<[string, string]>) => replace(p, 'oauth_version', '2.0')],
      [
        'a non-numeric timestamp',
        (p: Array<[string, string]>) => replace(p, 'oauth_timestamp', '17e8'),
      ],
      [
        'a millisecond timestamp',
        (p: Array<[string, string]>) => replace(p, 'oauth_timestamp', String(NOW * 10)),
      ],
      ['an empty nonce', (p: Array<[string, string]>) => replace(p, 'oauth_nonce', '')],
      [
        'an empty consumer key',
        (p: Array<[string, string]>) => replace(p, 'oauth_consumer_key', ''),
      ],
      [
        'a nonce over 255 characters',
        (p: Array<[string, string]>) => replace(p, 'oauth_nonce', 'n'.repeat(256)),
      ],
      [
        'a repeated oauth_nonce',
        (p: Array<[string, string]>) => [...p, ['oauth_nonce', 'other'] as [string, string]],
      ],
      [
        'over 1000 parameters',
        (p: Array<[string, string]>) => [
          ...p,
          ...Array.from({ length: 1000 }, (_, i): [string, string] => [`x${i}`, '']),
        ],
      ],
    ])('%s', async (_name, mutate) => {
      await expect(validate(mutate(await sign()))).rejects.toMatchObject({
        code: 'LTI11_OAUTH_PARAMETER_INVALID',
        status: 400,
      })
    })

    it('an oauth parameter repeated in the URL query', async () => {
      const url = `${URL_}&oauth_nonce=nonce-1`
      await expect(validate(await sign({ url }), { url })).rejects.toMatchObject({
        code: 'LTI11_OAUTH_PARAMETER_INVALID',
      })
    })

    it.each([
      ['301 s in the past', T - 301],
      ['301 s in the future', T + 301],
      ['a day old', T - 86_400],
    ])('a timestamp %s', async (_name, timestamp) => {
      await expect(validate(await sign({ timestamp }))).rejects.toMatchObject({
        code: 'LTI11_TIMESTAMP_STALE',
        status: 401,
      })
      expect(nonces.used.size).toBe(0)
    })

    it('honours a custom leeway', async () => {
      const params = await sign({ timestamp: T - 61 })
      await expect(validate(params, { timestampLeewaySeconds: 60 })).rejects.toMatchObject({
        code: 'LTI11_TIMESTAMP_STALE',
      })
      await expect(validate(params, { timestampLeewaySeconds: 61 })).resolves.toBeDefined()
    })

    it('an unknown consumer key', async () => {
      await expect(validate(await sign({ key: 'key-9' }))).rejects.toMatchObject({
        code: 'LTI11_CONSUMER_UNKNOWN',
        status: 401,
      })
    })

    it.each([
      ['a changed parameter', (p: Array<[string, string]>) => replace(p, 'user_id', 'u-1')],
      [
        'an added parameter',
        (p: Array<[string, string]>) => [...p, ['roles', 'Instructor'] as [string, string]],
      ],
      ['a removed parameter', (p: Array<[string, string]>) => p.filter(([n]) => n !== 'user_id')],
      [
        'a changed signature',
        (p: Array<[string, string]>) =>
          replace(p, 'oauth_signature', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='),
      ],
      [
        'a signature by another key of the same consumer key',
        (p: Array<[string, string]>) => replace(p, 'oauth_consumer_key', 'key-2'),
      ],
    ])('a bad signature: %s', async (_name, mutate) => {
      await expect(validate(mutate(await sign()))).rejects.toMatchObject({
        code: 'LTI11_SIGNATURE_INVALID',
        status: 401,
      })
    })

    it.each([
      ['another scheme', 'http://platform.example/lti11/launch?tool=7'],
      ['another host', 'https://evil.example/lti11/launch?tool=7'],
      ['another port', 'https://platform.example:8443/lti11/launch?tool=7'],
      ['another query', 'https://platform.example/lti11/launch?tool=8'],
    ])('a request signed for %s', async (_name, url) => {
      await expect(validate(await sign({ url }))).rejects.toMatchObject({
        code: 'LTI11_SIGNATURE_INVALID',
      })
    })

    it('a request signed as POST and received as GET', async () => {
      await expect(validate(await sign(), { method: 'GET' })).rejects.toMatchObject({
        code: 'LTI11_SIGNATURE_INVALID',
      })
    })

    it('a replayed nonce: accepted once, then refused', async () => {
      const params = await sign()
      await expect(validate(params)).resolves.toBeDefined()
      await expect(validate(params)).rejects.toMatchObject({
        code: 'LTI11_NONCE_REPLAYED',
        status: 401,
      })
    })

    it('a forged request does not burn the genuine sender’s nonce', async () => {
      const genuine = await sign()
      const forged = replace(genuine, 'user_id', 'admin')
      await expect(validate(forged)).rejects.toMatchObject({ code: 'LTI11_SIGNATURE_INVALID' })
      expect(nonces.used.size).toBe(0)
      await expect(validate(genuine)).resolves.toBeDefined()
    })

    it('keeps nonces per consumer key: the same nonce from another consumer is not a replay', async () => {
      await expect(validate(await sign({ key: 'key-1' }))).resolves.toBeDefined()
      await expect(validate(await sign({ key: 'key-2' }))).resolves.toBeDefined()
    })

    it('a body whose hash does not match, without consuming the nonce', async () => {
      const body = new TextEncoder().encode('<a>1</a>')
      const signed = await signOAuth1Request({
        method: 'POST',
        url: URL_,
        params: [],
        consumerKey: 'key-1',
        consumerSecret: 'secret-1',
        nonce: 'n-body',
        timestamp: T,
        bodyHash: await oauthBodyHash(body),
      })
      await expect(
        validate(signed, { body: new TextEncoder().encode('<a>0</a>') }),
      ).rejects.toMatchObject({ code: 'LTI11_BODY_HASH_INVALID', status: 401 })
      expect(nonces.used.size).toBe(0)
      await expect(validate(signed, { body })).resolves.toBeDefined()
    })

    it('a body without oauth_body_hash', async () => {
      await expect(
        validate(await sign(), { body: new TextEncoder().encode('<a/>') }),
      ).rejects.toMatchObject({ code: 'LTI11_OAUTH_PARAMETER_MISSING' })
    })
  })
})

describe('validateOAuth1Request misuse', () => {
  it('throws a TypeError for a relative URL', async () => {
    await expect(validate([], { url: '/lti11/launch' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    })
  })
})
