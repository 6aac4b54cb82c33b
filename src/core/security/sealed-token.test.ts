import { describe, expect, it } from 'vitest'
import { nodeMacKey } from '../../web/net/node-mac-key.js'
import { openToken, sealToken, webCryptoMacKey } from './sealed-token.js'

const raw = new Uint8Array(32).fill(9)

describe('sealed tokens', () => {
  it('round-trips, and the WebCrypto and node:crypto MAC keys agree', async () => {
    const web = await webCryptoMacKey(raw)
    const node = nodeMacKey(raw)
    const token = await sealToken('p', { a: 1 }, web)
    expect(await sealToken('p', { a: 1 }, node)).toBe(token)
    expect(await openToken('p', token, node)).toEqual({ a: 1 })
    expect(await openToken('p', token, web)).toEqual({ a: 1 })
  })

  it('never opens a token minted for another purpose, under another key, or altered', async () => {
    const key = nodeMacKey(raw)
    const token = await sealToken('session', { sub: 'm' }, key)
    expect(await openToken('login', token, key)).toBeUndefined()
    expect(await openToken('session', token, nodeMacKey(new Uint8Array(32)))).toBeUndefined()
    expect(await openToken('session', `e30.${token.split('.')[1]}`, key)).toBeUndefined()
    expect(await openToken('session', `${token}x`, key)).toBeUndefined()
    for (const junk of ['', '.', 'a', 'a.b.c', `${'a'.repeat(9000)}.b`]) {
      expect(await openToken('session', junk, key)).toBeUndefined()
    }
  })

  it('opens only JSON objects', async () => {
    const key = nodeMacKey(raw)
    const body = Buffer.from('[1]').toString('base64url')
    const mac = await key.mac(`p.${body}`)
    expect(await openToken('p', `${body}.${mac}`, key)).toBeUndefined()
  })
})
