import { describe, expect, it } from 'vitest'
import type { MacKey } from '../core/ports.js'
import { sealToken, webCryptoMacKey } from '../core/security/sealed-token.js'
import { MAX_OPENED_TOKENS, openTokenRemembered } from './opened-tokens.js'

/** A MAC key that counts its checks. */
async function countingKey(): Promise<MacKey & { checks: number }> {
  const key = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
  const counting = {
    checks: 0,
    mac: (data: string) => key.mac(data),
    verify(data: string, mac: string) {
      counting.checks += 1
      return key.verify(data, mac)
    },
  }
  return counting
}

describe('openTokenRemembered', () => {
  it('checks a token once, then answers the same payload from memory', async () => {
    const key = await countingKey()
    const token = await sealToken('p', { uid: 'u-1', exp: 99 }, key)
    expect(await openTokenRemembered('p', token, key)).toEqual({ uid: 'u-1', exp: 99 })
    expect(await openTokenRemembered('p', token, key)).toEqual({ uid: 'u-1', exp: 99 })
    expect(key.checks).toBe(1)
  })

  it('never remembers a token that failed, nor one token across purposes or keys', async () => {
    const key = await countingKey()
    const other = await countingKey()
    const token = await sealToken('p', { uid: 'u-1' }, key)
    const altered = `${token.slice(0, -2)}AA`
    expect(await openTokenRemembered('p', altered, key)).toBeUndefined()
    expect(await openTokenRemembered('p', altered, key)).toBeUndefined()
    expect(key.checks).toBe(2)
    expect(await openTokenRemembered('p', token, key)).toBeDefined()
    expect(await openTokenRemembered('q', token, key)).toBeUndefined()
    expect(await openTokenRemembered('p', token, other)).toBeUndefined()
  })

  it('forgets the oldest token beyond its bound', async () => {
    const key = await countingKey()
    const tokens = await Promise.all(
      Array.from({ length: MAX_OPENED_TOKENS + 1 }, (_, i) => sealToken('p', { i }, key)),
    )
    for (const token of tokens) await openTokenRemembered('p', token, key)
    const checked = key.checks
    await openTokenRemembered('p', tokens[MAX_OPENED_TOKENS] as string, key)
    expect(key.checks).toBe(checked)
    await openTokenRemembered('p', tokens[0] as string, key)
    expect(key.checks).toBe(checked + 1)
  })
})
