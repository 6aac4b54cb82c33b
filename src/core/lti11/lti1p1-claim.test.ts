import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CLAIM } from '../claims.js'
import {
  buildLti1p1Claim,
  lti1p1SignatureBase,
  signLti1p1,
  verifyLti1p1Claim,
} from './lti1p1-claim.js'

// The LTI 1.3 Migration Guide's example ("LTI 1.1 migration claim"): its id_token, its 1.1
// secret and the oauth_consumer_key_sign it publishes. Canvas's and Tsugi's test suites pin the
// same values.
const SPEC = {
  oauthConsumerKey: '179248902',
  deploymentId: '689302',
  issuer: 'https://lmsvendor.com',
  clientId: 'PM48OJSfGDTAzAo',
  exp: 1551290856,
  nonce: '172we8671fd8z',
  secret: 'my-lti11-secret',
}
const SPEC_SIGN = 'lWd54kFo5qU7xshAna6v8BwoBm6tmUjc6GTax6+12ps='
const SPEC_TOKEN: Record<string, unknown> = {
  nonce: '172we8671fd8z',
  iat: 1551290796,
  exp: 1551290856,
  iss: 'https://lmsvendor.com',
  aud: 'PM48OJSfGDTAzAo',
  sub: '3',
  [CLAIM.deploymentId]: '689302',
  [CLAIM.lti1p1]: {
    user_id: '34212',
    oauth_consumer_key: '179248902',
    oauth_consumer_key_sign: SPEC_SIGN,
  },
}
const findSecret = async (key: string) => (key === '179248902' ? 'my-lti11-secret' : undefined)

function withClaim(claim: unknown, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...SPEC_TOKEN, ...rest, [CLAIM.lti1p1]: claim }
}

describe('lti1p1SignatureBase', () => {
  it('joins oauth_consumer_key, deployment_id, iss, client_id, exp and nonce with "&"', () => {
    expect(lti1p1SignatureBase(SPEC)).toBe(
      '179248902&689302&https://lmsvendor.com&PM48OJSfGDTAzAo&1551290856&172we8671fd8z',
    )
  })
})

describe('signLti1p1', () => {
  it('reproduces the migration guide example signature', async () => {
    expect(await signLti1p1(SPEC)).toBe(SPEC_SIGN)
  })

  it('is base64 of the raw HMAC-SHA256 keyed with the 1.1 secret', async () => {
    const input = { ...SPEC, secret: 'sé&cret', nonce: 'n/+=' }
    const expected = createHmac('sha256', 'sé&cret')
      .update(lti1p1SignatureBase(input))
      .digest('base64')
    expect(await signLti1p1(input)).toBe(expected)
  })
})

describe('buildLti1p1Claim', () => {
  it('builds the example claim', async () => {
    expect(await buildLti1p1Claim({ ...SPEC, userId: '34212' })).toEqual(SPEC_TOKEN[CLAIM.lti1p1])
  })

  it('carries context_id and resource_link_id when given, and nothing undefined', async () => {
    const claim = await buildLti1p1Claim({ ...SPEC, contextId: 'c-1', resourceLinkId: 'rl-1' })
    expect(claim).toEqual({
      context_id: 'c-1',
      resource_link_id: 'rl-1',
      oauth_consumer_key: '179248902',
      oauth_consumer_key_sign: SPEC_SIGN,
    })
  })
})

describe('verifyLti1p1Claim', () => {
  it('verifies the migration guide example', async () => {
    expect(await verifyLti1p1Claim({ claims: SPEC_TOKEN, findSecret })).toEqual({
      status: 'verified',
      userId: '34212',
      oauthConsumerKey: '179248902',
    })
  })

  it('round-trips a claim built by buildLti1p1Claim, with every identifier', async () => {
    const claim = await buildLti1p1Claim({
      ...SPEC,
      userId: 'u-1',
      contextId: 'c-1',
      resourceLinkId: 'rl-1',
    })
    expect(await verifyLti1p1Claim({ claims: withClaim(claim), findSecret })).toEqual({
      status: 'verified',
      userId: 'u-1',
      contextId: 'c-1',
      resourceLinkId: 'rl-1',
      oauthConsumerKey: '179248902',
    })
  })

  it('takes client_id from azp when aud is an array', async () => {
    const claims = { ...SPEC_TOKEN, aud: ['PM48OJSfGDTAzAo', 'other'], azp: 'PM48OJSfGDTAzAo' }
    expect(await verifyLti1p1Claim({ claims, findSecret })).toMatchObject({ status: 'verified' })
    const single = { ...SPEC_TOKEN, aud: ['PM48OJSfGDTAzAo'] }
    expect(await verifyLti1p1Claim({ claims: single, findSecret })).toMatchObject({
      status: 'verified',
    })
  })

  it('reports an absent claim', async () => {
    const { [CLAIM.lti1p1]: _omitted, ...claims } = SPEC_TOKEN
    expect(await verifyLti1p1Claim({ claims, findSecret })).toEqual({ status: 'absent' })
  })

  const claim = SPEC_TOKEN[CLAIM.lti1p1] as Record<string, unknown>
  it.each([
    ['a claim that is not an object', withClaim('179248902')],
    ['a null claim', withClaim(null)],
    ['an array claim', withClaim([claim])],
    [
      'no oauth_consumer_key_sign (Canvas before 2023)',
      withClaim({ ...claim, oauth_consumer_key_sign: undefined }),
    ],
    ['no oauth_consumer_key', withClaim({ ...claim, oauth_consumer_key: undefined })],
    ['an unknown oauth_consumer_key', withClaim({ ...claim, oauth_consumer_key: '999' })],
    [
      'a wrong oauth_consumer_key_sign',
      withClaim({ ...claim, oauth_consumer_key_sign: 'invalidsignature' }),
    ],
    ['a numeric user_id', withClaim({ ...claim, user_id: 34212 })],
    ['a signature for another nonce', withClaim(claim, { nonce: 'other-nonce' })],
    ['a signature for another exp', withClaim(claim, { exp: 1551290857 })],
    ['a signature for another deployment', withClaim(claim, { [CLAIM.deploymentId]: '689303' })],
    ['a signature for another issuer', withClaim(claim, { iss: 'https://evil.example' })],
    ['a signature for another client', withClaim(claim, { aud: 'other-client' })],
    ['a token without nonce', withClaim(claim, { nonce: undefined })],
    ['a token with a string exp', withClaim(claim, { exp: '1551290856' })],
    ['an ambiguous audience', withClaim(claim, { aud: ['a', 'b'] })],
    ['an over-long key', withClaim({ ...claim, oauth_consumer_key: 'k'.repeat(1025) })],
  ])('marks invalid, without throwing: %s', async (_name, claims) => {
    const result = await verifyLti1p1Claim({ claims, findSecret })
    expect(result.status).toBe('invalid')
    expect(result).toHaveProperty('reason')
  })

  it('looks up the secret of the claimed consumer key only', async () => {
    const asked: string[] = []
    await verifyLti1p1Claim({
      claims: SPEC_TOKEN,
      findSecret: async (key) => {
        asked.push(key)
        return undefined
      },
    })
    expect(asked).toEqual(['179248902'])
  })
})
