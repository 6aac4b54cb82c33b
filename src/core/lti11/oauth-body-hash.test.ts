import { describe, expect, it } from 'vitest'
import { oauthBodyHash } from './oauth-body-hash.js'

describe('oauthBodyHash', () => {
  // OAuth Request Body Hash §3.1 example: the body "Hello World!".
  it('reproduces the body hash extension example', async () => {
    expect(await oauthBodyHash(new TextEncoder().encode('Hello World!'))).toBe(
      'Lve95gjOVATpfV8EL5X4nxwjKHE=',
    )
  })

  it('hashes the raw bytes, including an empty body (SHA-1 of nothing)', async () => {
    expect(await oauthBodyHash(new Uint8Array())).toBe('2jmj7l5rSw0yVb/vlWAYkK/YBwk=')
    const { createHash } = await import('node:crypto')
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x2f, 0x3e, 0x00, 0xff])
    expect(await oauthBodyHash(bytes)).toBe(createHash('sha1').update(bytes).digest('base64'))
  })

  it('accepts a view into a larger buffer and hashes only the view', async () => {
    const whole = new TextEncoder().encode('xxHello World!yy')
    expect(await oauthBodyHash(whole.subarray(2, 14))).toBe('Lve95gjOVATpfV8EL5X4nxwjKHE=')
  })
})
