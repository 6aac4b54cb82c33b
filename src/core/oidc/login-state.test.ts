import { describe, expect, it } from 'vitest'
import { openLoginState, sealLoginState } from './login-state.js'

const NOW = 1_800_000_000_000
const key = (fill: number) =>
  crypto.subtle.importKey(
    'raw',
    new Uint8Array(32).fill(fill),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
const state = {
  nonce: 'n',
  workspaceId: 'ws',
  registrationId: 'reg',
  targetLinkUri: 'https://tool.example/lti/ws/launch',
  expiresAt: NOW + 600_000,
}

describe('login state', () => {
  it('round-trips through a sealed token', async () => {
    const k = await key(1)
    expect(await openLoginState(await sealLoginState(state, k), k, NOW)).toEqual(state)
  })

  it('is invalid under another key or when altered, expired after its time', async () => {
    const k = await key(1)
    const sealed = await sealLoginState(state, k)
    expect(await openLoginState(sealed, await key(2), NOW)).toBe('invalid')
    const [h, p, s] = sealed.split('.')
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), reg: 'x' }),
    ).toString('base64url')
    expect(await openLoginState(`${h}.${forged}.${s}`, k, NOW)).toBe('invalid')
    expect(await openLoginState(sealed, k, NOW + 601_000)).toBe('expired')
    expect(await openLoginState('x'.repeat(9000), k, NOW)).toBe('invalid')
  })
})
