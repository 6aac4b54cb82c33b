import { decodeJwt, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { CLAIM } from '../../core/claims.js'
import { signMessage } from '../../core/launch/issue-launch.js'
import { lti1p1SignatureBase, verifyLti1p1Claim } from '../../core/lti11/lti1p1-claim.js'
import { createSecretBox, generateSecretKey } from '../../core/security/secret-box.js'
import type { Lti11Tool, Tool } from '../ports.js'
import { lti1p1Claims, lti1p1CredentialsOf } from './migration-claim.js'

const NOW = Date.UTC(2026, 10, 23, 12)
const { privateKey } = await generateKeyPair('RS256')
const signingKey = { kid: 'k1', alg: 'RS256' as const, privateKey }
const claims = {
  iss: 'https://lms.example',
  aud: 'client-1',
  azp: 'client-1',
  sub: 'user-1',
  nonce: 'nonce-1',
  [CLAIM.deploymentId]: 'deployment-1',
  [CLAIM.context]: { id: 'ctx-1' },
  [CLAIM.resourceLink]: { id: 'rl-1' },
}

describe('lti1p1Claims', () => {
  it('signs over the exp and nonce of the token it is added to', async () => {
    const token = await signMessage(claims, {
      signingKey,
      clock: { now: () => NOW },
      lifetimeSeconds: 120,
      extraClaims: lti1p1Claims({ oauthConsumerKey: 'key-1', secret: 'secret-1' }),
    })
    const payload = decodeJwt(token)
    expect(payload.exp).toBe(NOW / 1000 + 120)
    expect(payload[CLAIM.lti1p1]).toMatchObject({
      user_id: 'user-1',
      context_id: 'ctx-1',
      resource_link_id: 'rl-1',
      oauth_consumer_key: 'key-1',
    })
    const findSecret = async (key: string) => (key === 'key-1' ? 'secret-1' : undefined)
    expect(await verifyLti1p1Claim({ claims: payload, findSecret })).toMatchObject({
      status: 'verified',
    })
    // The base string it signed, per Core 1.3 §D, from the token's own values.
    expect(
      lti1p1SignatureBase({
        oauthConsumerKey: 'key-1',
        deploymentId: 'deployment-1',
        issuer: 'https://lms.example',
        clientId: 'client-1',
        exp: payload.exp as number,
        nonce: 'nonce-1',
      }),
    ).toBe(`key-1&deployment-1&https://lms.example&client-1&${NOW / 1000 + 120}&nonce-1`)
  })

  it('refuses a payload without the values it signs over', async () => {
    const hook = lti1p1Claims({ oauthConsumerKey: 'key-1', secret: 'secret-1' })
    await expect(hook({ ...claims, exp: undefined })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    })
  })
})

describe('lti1p1CredentialsOf', () => {
  it('opens the secret of the linked 1.1 tool, and finds none otherwise', async () => {
    const secretBox = createSecretBox([generateSecretKey()])
    const legacy = {
      id: 'legacy-1',
      consumerKey: 'key-1',
      encryptedSharedSecret: await secretBox.seal('secret-1'),
    } as Lti11Tool
    const credentialsOf = lti1p1CredentialsOf({
      lti11Tools: { findLti11Tool: async (id) => (id === legacy.id ? legacy : undefined) },
      secretBox,
    })
    const tool = { id: 'tool-1' } as Tool
    expect(await credentialsOf({ ...tool, lti11ToolId: 'legacy-1' })).toEqual({
      oauthConsumerKey: 'key-1',
      secret: 'secret-1',
    })
    expect(await credentialsOf(tool)).toBeUndefined()
    expect(await credentialsOf({ ...tool, lti11ToolId: 'gone' })).toBeUndefined()
  })
})
