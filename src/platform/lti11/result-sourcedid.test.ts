import { describe, expect, it } from 'vitest'
import { sealToken, webCryptoMacKey } from '../../core/security/sealed-token.js'
import { openResultSourcedId, sealResultSourcedId } from './result-sourcedid.js'

const key = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
const otherKey = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))

describe('lis_result_sourcedid', () => {
  it('opens to the link and user it was sealed for', async () => {
    const sealed = await sealResultSourcedId({ linkId: 'link-1', userId: 'user-1' }, key)
    expect(await openResultSourcedId(sealed, key)).toEqual({ linkId: 'link-1', userId: 'user-1' })
  })

  it('refuses an altered value, another key and another purpose', async () => {
    const sealed = await sealResultSourcedId({ linkId: 'link-1', userId: 'user-1' }, key)
    const [body, mac] = sealed.split('.') as [string, string]
    const altered = `${body.slice(0, -2)}${body.endsWith('A') ? 'B' : 'A'}${body.slice(-1)}.${mac}`
    expect(await openResultSourcedId(altered, key)).toBeUndefined()
    expect(await openResultSourcedId(sealed, otherKey)).toBeUndefined()
    const hint = await sealToken('platform-message-hint-v1', { l: 'link-1', u: 'user-1' }, key)
    expect(await openResultSourcedId(hint, key)).toBeUndefined()
    expect(await openResultSourcedId('not-a-token', key)).toBeUndefined()
  })
})
