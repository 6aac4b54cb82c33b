import { describe, expect, it } from 'vitest'
import { sealToken, webCryptoMacKey } from '../core/security/sealed-token.js'
import { MESSAGE_HINT_TTL_SECONDS, openMessageHint, sealMessageHint } from './message-hint.js'

const key = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
const otherKey = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
const T = 1_800_000_000
const at = (seconds: number) => ({ now: () => seconds * 1000 })
const launch = {
  kind: 'launch',
  contextId: 'c1',
  linkId: 'l1',
  toolId: 't1',
  userId: 'u1',
} as const

describe('message hint', () => {
  it('opens what it sealed, for both kinds, with the expiry', async () => {
    const hint = await sealMessageHint(launch, { key, clock: at(T) })
    expect(await openMessageHint(hint, { key, clock: at(T) })).toEqual({
      ...launch,
      expiresAt: T + MESSAGE_HINT_TTL_SECONDS,
    })
    const dl = { kind: 'deep-linking', contextId: 'c1', toolId: 't1', userId: 'u1' } as const
    const sealed = await sealMessageHint(dl, { key, clock: at(T), ttlSeconds: 5 })
    expect(await openMessageHint(sealed, { key, clock: at(T) })).toEqual({
      ...dl,
      expiresAt: T + 5,
    })
  })

  it("carries a deep linking request's document target, and only a known one", async () => {
    const dl = { kind: 'deep-linking', contextId: 'c1', toolId: 't1', userId: 'u1' } as const
    for (const documentTarget of ['iframe', 'window'] as const) {
      const sealed = await sealMessageHint({ ...dl, documentTarget }, { key, clock: at(T) })
      expect(await openMessageHint(sealed, { key, clock: at(T) })).toMatchObject({ documentTarget })
    }
    const exp = T + 60
    const odd = await sealToken(
      'platform-message-hint-v1',
      { k: 'deep-linking', cid: 'c1', tid: 't1', uid: 'u1', dt: 'embed', exp },
      key,
    )
    expect(await openMessageHint(odd, { key, clock: at(T) })).not.toHaveProperty('documentTarget')
  })

  it('expires after its lifetime', async () => {
    const hint = await sealMessageHint(launch, { key, clock: at(T) })
    const last = T + MESSAGE_HINT_TTL_SECONDS - 1
    expect(await openMessageHint(hint, { key, clock: at(last) })).not.toBe('expired')
    expect(await openMessageHint(hint, { key, clock: at(last + 1) })).toBe('expired')
  })

  it('refuses an altered hint, another key and another purpose', async () => {
    const hint = await sealMessageHint(launch, { key, clock: at(T) })
    const [body, mac] = hint.split('.') as [string, string]
    const altered = `${body.slice(0, -2)}${body.endsWith('A') ? 'B' : 'A'}${body.slice(-1)}.${mac}`
    expect(await openMessageHint(altered, { key, clock: at(T) })).toBe('invalid')
    expect(await openMessageHint(hint, { key: otherKey, clock: at(T) })).toBe('invalid')
    // Same key, same fields, but sealed for the access tokens: never a message hint.
    const foreign = await sealToken(
      'platform-access-token-v1',
      { k: 'launch', cid: 'c1', lid: 'l1', tid: 't1', uid: 'u1', exp: T + 60 },
      key,
    )
    expect(await openMessageHint(foreign, { key, clock: at(T) })).toBe('invalid')
    expect(await openMessageHint('', { key, clock: at(T) })).toBe('invalid')
  })

  it('refuses a sealed payload of the wrong shape', async () => {
    const seal = (payload: Record<string, unknown>) =>
      sealToken('platform-message-hint-v1', payload, key)
    const good = { k: 'launch', cid: 'c1', lid: 'l1', tid: 't1', uid: 'u1', exp: T + 60 }
    expect(await openMessageHint(await seal(good), { key, clock: at(T) })).not.toBe('invalid')
    for (const bad of [
      { ...good, k: 'other' },
      { ...good, lid: undefined },
      { ...good, uid: 7 },
      { ...good, exp: String(T + 60) },
    ]) {
      expect(await openMessageHint(await seal(bad), { key, clock: at(T) })).toBe('invalid')
    }
  })
})
