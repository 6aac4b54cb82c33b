import { describe, expect, it } from 'vitest'
import { webCryptoMacKey } from '../security/sealed-token.js'
import { openLoginState, sealLoginState } from './login-state.js'

const NOW = 1_800_000_000_000
const key = (fill: number) => webCryptoMacKey(new Uint8Array(32).fill(fill))
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
    const [body, mac] = sealed.split('.')
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...payload, reg: 'x' })).toString('base64url')
    expect(await openLoginState(`${forged}.${mac}`, k, NOW)).toBe('invalid')
    expect(await openLoginState(sealed, k, NOW + 600_000)).toBe('expired')
    expect(await openLoginState('x'.repeat(9000), k, NOW)).toBe('invalid')
    expect(await openLoginState('a.b.c', k, NOW)).toBe('invalid')
  })
})
