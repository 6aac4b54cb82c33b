import { describe, expect, it } from 'vitest'
import type { NonceStore } from '../../core/ports.js'
import { webCryptoMacKey } from '../../core/security/sealed-token.js'
import {
  consumeRegistrationGrant,
  issueRegistrationUrl,
  openRegistrationUrl,
} from './registration-url.js'

const key = await webCryptoMacKey(new Uint8Array(32).fill(7))
const clock = { now: () => 1_000_000 }
function memoryNonces(): NonceStore {
  const used = new Set<string>()
  return {
    consumeNonce: async (n) => (used.has(n) ? false : (used.add(n), true)),
    isNonceConsumed: async (n) => used.has(n),
  }
}
const tokenOf = (url: string) => new URL(url).searchParams.get('t') as string

describe('registration URL', () => {
  it('opens within its hour for its workspace, once consumed never again', async () => {
    const nonces = memoryNonces()
    const { url, expiresAt } = await issueRegistrationUrl(
      'ws1',
      'https://tool.example/lti/ws1/register',
      key,
      clock,
    )
    expect(expiresAt).toBe(1_000_000 + 3600_000)
    expect(url.startsWith('https://tool.example/lti/ws1/register?t=')).toBe(true)
    const grant = await openRegistrationUrl(tokenOf(url), 'ws1', { key, clock, nonces })
    expect(grant).toMatchObject({ workspaceId: 'ws1', expiresAt })
    await consumeRegistrationGrant(grant, nonces)
    await expect(consumeRegistrationGrant(grant, nonces)).rejects.toMatchObject({
      code: 'LTI_REGISTRATION_URL_USED',
    })
    await expect(
      openRegistrationUrl(tokenOf(url), 'ws1', { key, clock, nonces }),
    ).rejects.toMatchObject({
      code: 'LTI_REGISTRATION_URL_USED',
    })
  })

  it('refuses another workspace, an altered token and an expired one', async () => {
    const nonces = memoryNonces()
    const { url } = await issueRegistrationUrl('ws1', 'https://tool.example/r', key, clock)
    const deps = { key, clock, nonces }
    await expect(openRegistrationUrl(tokenOf(url), 'ws2', deps)).rejects.toMatchObject({
      code: 'LTI_REGISTRATION_URL_INVALID',
    })
    await expect(openRegistrationUrl(`${tokenOf(url)}A`, 'ws1', deps)).rejects.toMatchObject({
      code: 'LTI_REGISTRATION_URL_INVALID',
    })
    const later = { ...deps, clock: { now: () => 1_000_000 + 3600_000 } }
    await expect(openRegistrationUrl(tokenOf(url), 'ws1', later)).rejects.toMatchObject({
      code: 'LTI_REGISTRATION_URL_EXPIRED',
    })
  })
})
