import { createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { percentEncode } from './percent-encode.js'
import { signOAuth1Request } from './sign-oauth1-request.js'
import type { SignOAuth1RequestInput } from './sign-oauth1-request.js'

const LAUNCH: SignOAuth1RequestInput = {
  method: 'POST',
  url: 'https://tool.example/lti/launch?course=7',
  params: [
    ['lti_message_type', 'basic-lti-launch-request'],
    ['lti_version', 'LTI-1p0'],
    ['resource_link_id', 'rl-1'],
    ['user_id', 'u 42'],
    ['roles', 'Learner'],
    ['custom_note', "l'été + 100%"],
  ],
  consumerKey: 'key-1',
  consumerSecret: 'secret&1',
  nonce: 'n0nce',
  timestamp: 1_700_000_000,
}

/** An independent HMAC-SHA1 over the RFC 5849 base string, with node:crypto (tests only). */
function independentSignature(params: Array<[string, string]>, url: string, secret: string) {
  const parsed = new URL(url)
  const all = [...parsed.searchParams, ...params.filter(([n]) => n !== 'oauth_signature')]
  const normalized = all
    .map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`)
    .sort()
    .join('&')
  const base = [
    'POST',
    percentEncode(`${parsed.origin}${parsed.pathname}`),
    percentEncode(normalized),
  ].join('&')
  return createHmac('sha1', `${percentEncode(secret)}&`)
    .update(base)
    .digest('base64')
}

describe('signOAuth1Request', () => {
  it('adds the protocol parameters an LTI 1.1 launch carries, then the signature', async () => {
    const signed = await signOAuth1Request(LAUNCH)
    const map = new Map(signed)
    expect(signed.slice(0, LAUNCH.params.length)).toEqual(LAUNCH.params)
    expect(map.get('oauth_consumer_key')).toBe('key-1')
    expect(map.get('oauth_nonce')).toBe('n0nce')
    expect(map.get('oauth_signature_method')).toBe('HMAC-SHA1')
    expect(map.get('oauth_timestamp')).toBe('1700000000')
    expect(map.get('oauth_version')).toBe('1.0')
    expect(map.get('oauth_callback')).toBe('about:blank')
    expect(map.has('oauth_body_hash')).toBe(false)
    expect(signed.at(-1)?.[0]).toBe('oauth_signature')
    expect(map.get('oauth_signature')).toBe(independentSignature(signed, LAUNCH.url, 'secret&1'))
  })

  it('signs oauth_body_hash when given (Basic Outcomes)', async () => {
    const signed = await signOAuth1Request({
      ...LAUNCH,
      params: [],
      bodyHash: 'Lve95gjOVATpfV8EL5X4nxwjKHE=',
    })
    const map = new Map(signed)
    expect(map.get('oauth_body_hash')).toBe('Lve95gjOVATpfV8EL5X4nxwjKHE=')
    expect(map.get('oauth_signature')).toBe(independentSignature(signed, LAUNCH.url, 'secret&1'))
    const other = await signOAuth1Request({ ...LAUNCH, params: [], bodyHash: 'AAAA' })
    expect(new Map(other).get('oauth_signature')).not.toBe(map.get('oauth_signature'))
  })

  it('keeps a caller-provided oauth_callback and adds no second one', async () => {
    const signed = await signOAuth1Request({
      ...LAUNCH,
      params: [...LAUNCH.params, ['oauth_callback', 'https://lms.example/cb']],
    })
    expect(signed.filter(([n]) => n === 'oauth_callback')).toEqual([
      ['oauth_callback', 'https://lms.example/cb'],
    ])
  })

  it.each([
    ['an empty consumer key', { consumerKey: '' }],
    ['an empty nonce', { nonce: '' }],
    ['a fractional timestamp', { timestamp: 1.5 }],
    ['a millisecond-looking negative timestamp', { timestamp: -1 }],
    ['params with oauth_signature', { params: [['oauth_signature', 'x']] as [string, string][] }],
    ['params with oauth_nonce', { params: [['oauth_nonce', 'x']] as [string, string][] }],
  ])('refuses %s as misuse', async (_name, change) => {
    await expect(signOAuth1Request({ ...LAUNCH, ...change })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    })
  })

  it('is accepted by ims-lti, a real LTI 1.1 tool provider library', async () => {
    const require = createRequire(import.meta.url)
    const lti = require('ims-lti') as {
      Provider: new (
        key: string,
        secret: string,
      ) => {
        valid_request(req: unknown, body: unknown, cb: (err: unknown, ok: boolean) => void): void
      }
    }
    // ims-lti's nonce store checks the timestamp against the real clock.
    const timestamp = Math.floor(Date.now() / 1000)
    // ims-lti keys its HMAC with the secret unencoded (`secret + "&"`), so it agrees with
    // RFC 5849 only for secrets of unreserved characters: such are the secrets to generate.
    const launch = {
      ...LAUNCH,
      url: 'https://tool.example:8443/lti/launch',
      consumerSecret: 'Secret-1_x.y~z',
      timestamp,
    }
    const body = Object.fromEntries(await signOAuth1Request(launch))
    const req = {
      protocol: 'https',
      method: 'POST',
      url: '/lti/launch',
      headers: { host: 'tool.example:8443' },
      body,
    }
    const verdict = (secret: string) =>
      new Promise<boolean>((resolve) => {
        new lti.Provider('key-1', secret).valid_request(req, body, (_err, ok) => resolve(ok))
      })
    expect(await verdict('other-secret')).toBe(false)
    expect(await verdict('Secret-1_x.y~z')).toBe(true)
  })
})
