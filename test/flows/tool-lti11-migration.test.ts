/**
 * The tool side of the LTI 1.1 → 1.3 migration against the LMS emulator: a 1.3 launch whose
 * `lti1p1` claim verifies lands on the member its 1.1 launches provisioned; a claim that does
 * not verify, or names a consumer pinned to another LMS, is ignored.
 */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import { postLti11Launch } from '../support/lti11-launch.js'
import type { IdTokenClaims } from '../support/lms-emulator-claims.js'
import { startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool } from '../support/tool-harness.js'

const KEY = 'migrating-lms'
const SECRET = 'migrating-secret'

/**
 * The Migration Guide's `oauth_consumer_key_sign`, computed here with node:crypto, apart from
 * the implementation under test.
 */
function lti1p1Claim(claims: IdTokenClaims, userId: string, secret = SECRET, key = KEY) {
  const aud = claims.aud
  const base = [
    key,
    claims[CLAIM.deploymentId],
    claims.iss,
    Array.isArray(aud) ? aud[0] : aud,
    claims.exp,
    claims.nonce,
  ].join('&')
  return {
    user_id: userId,
    oauth_consumer_key: key,
    oauth_consumer_key_sign: createHmac('sha256', secret).update(base).digest('base64'),
  }
}

describe.each(DIALECTS)('tool LTI 1.1 → 1.3 migration on %s', (dialect) => {
  let connected: ConnectedTool
  let consumerPath: string

  beforeAll(async () => {
    connected = await startConnectedTool(dialect)
    const stored = await connected.tool.api(`/workspaces/${connected.ws.slug}/lti11/consumers`, {
      method: 'POST',
      body: { consumerKey: KEY, sharedSecret: SECRET, registrationId: connected.ws.platformId },
    })
    expect(stored.status).toBe(201)
    consumerPath = `/workspaces/${connected.ws.slug}/lti11/consumers/${stored.body.id}`
  })
  afterAll(() => connected?.close())

  const members = async () =>
    (await connected.tool.api(`/workspaces/${connected.ws.slug}/members`)).body as {
      id: string
      identities: { issuer: string; sub: string }[]
    }[]
  const memberOf = async (issuer: string, sub: string) =>
    (await members()).find((m) => m.identities.some((i) => i.issuer === issuer && i.sub === sub))

  /** A learner's LTI 1.1 launch; returns the member it provisioned. */
  async function launch11(userId: string) {
    const url = (await connected.tool.api(`/workspaces/${connected.ws.slug}/lti11/endpoints`)).body
      .launchUrl
    const response = await postLti11Launch(
      url,
      { consumerKey: KEY, consumerSecret: SECRET },
      { user_id: userId },
    )
    expect(response.status).toBe(303)
    const member = await memberOf(`urn:lti11:${KEY}`, userId)
    expect(member).toBeDefined()
    return member!
  }

  /** A 1.3 launch of `sub` whose claims `claim` may extend; returns the launch log's member. */
  async function launch13(sub: string, claim?: (claims: IdTokenClaims) => unknown) {
    const { launchResponse } = await connected.launch({
      sub,
      claims: (claims) => {
        if (claim) claims[CLAIM.lti1p1] = claim(claims)
      },
    })
    expect(launchResponse.status).toBe(303)
    const correlationId = launchResponse.headers.get('x-correlation-id')
    const entry = await connected.tool.api(
      `/workspaces/${connected.ws.slug}/lti/launches/${correlationId}`,
    )
    return entry.body.memberId as string
  }

  it('gives the 1.3 launch the member of the verified 1.1 user_id', async () => {
    const legacy = await launch11('u-1')
    const count = (await members()).length
    const memberId = await launch13('sub-1', (claims) => lti1p1Claim(claims, 'u-1'))
    expect(memberId).toBe(legacy.id)
    expect(await members()).toHaveLength(count)
    const member = await memberOf(connected.lms.issuer, 'sub-1')
    expect(member?.id).toBe(legacy.id)
    expect(member?.identities).toHaveLength(2)
    // Later launches of either version keep landing there.
    expect(await launch13('sub-1')).toBe(legacy.id)
    expect((await launch11('u-1')).id).toBe(legacy.id)
  })

  it('ignores a claim signed with another secret: the learner gets a member of their own', async () => {
    const legacy = await launch11('u-2')
    const memberId = await launch13('sub-2', (claims) => lti1p1Claim(claims, 'u-2', 'wrong'))
    expect(memberId).not.toBe(legacy.id)
    expect((await memberOf(`urn:lti11:${KEY}`, 'u-2'))?.identities).toHaveLength(1)
  })

  it('ignores a claim without a valid signature shape, and a launch without the claim', async () => {
    const legacy = await launch11('u-3')
    const forged = await launch13('sub-3', () => ({ user_id: 'u-3', oauth_consumer_key: KEY }))
    expect(forged).not.toBe(legacy.id)
    expect(await launch13('sub-3b')).not.toBe(legacy.id)
  })

  it('ignores the consumer once it is linked to another LMS, and matches once unlinked', async () => {
    const other = await connected.tool.api(`/workspaces/${connected.ws.slug}/lti/platforms`, {
      method: 'POST',
      body: {
        name: 'Another LMS',
        issuer: 'https://other-lms.example.edu',
        clientId: 'other',
        deploymentIds: ['1'],
        authenticationRequestUrl: 'https://other-lms.example.edu/auth',
        accessTokenUrl: 'https://other-lms.example.edu/token',
        jwksUrl: 'https://other-lms.example.edu/jwks',
      },
    })
    expect(other.status).toBe(201)
    const relink = (registrationId: string | null) =>
      connected.tool.api(consumerPath, { method: 'PUT', body: { registrationId } })
    try {
      expect((await relink(other.body.id)).status).toBe(200)
      const legacy = await launch11('u-4')
      expect(await launch13('sub-4', (c) => lti1p1Claim(c, 'u-4'))).not.toBe(legacy.id)

      expect((await relink(null)).status).toBe(200)
      const legacy5 = await launch11('u-5')
      expect(await launch13('sub-5', (c) => lti1p1Claim(c, 'u-5'))).toBe(legacy5.id)
    } finally {
      await relink(connected.ws.platformId)
    }
  })

  it('keeps one member when the first 1.3 launches of a learner race', async () => {
    const legacy = await launch11('u-6')
    const count = (await members()).length
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => launch13('sub-6', (claims) => lti1p1Claim(claims, 'u-6'))),
    )
    expect(new Set(ids)).toEqual(new Set([legacy.id]))
    expect(await members()).toHaveLength(count)
  })
})
