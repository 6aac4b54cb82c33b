import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { decodeIdToken } from './decode-id-token.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
    return undefined
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('decodeIdToken', async () => {
  const { privateKey } = await generateKeyPair('RS256')
  const signed = (header: Record<string, unknown>) =>
    new SignJWT({ iss: 'x' }).setProtectedHeader({ alg: 'RS256', ...header }).sign(privateKey)

  it('accepts RS256 with a kid', async () => {
    const token = await signed({ kid: 'k1' })
    expect(decodeIdToken(token).header.kid).toBe('k1')
  })

  it('refuses a missing kid', async () => {
    const token = await signed({})
    expect(codeOf(() => decodeIdToken(token))).toBe('LTI_JWT_KID_MISSING')
  })

  it('refuses alg none', () => {
    const token = new UnsecuredJWT({ iss: 'x' }).encode()
    expect(codeOf(() => decodeIdToken(token))).toBe('LTI_JWT_ALG_UNSUPPORTED')
  })

  it('refuses HS256', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new Uint8Array(32))
    expect(codeOf(() => decodeIdToken(token))).toBe('LTI_JWT_ALG_UNSUPPORTED')
  })

  it.each(['', 'abc', 'a.b', 'a.b.c.d', '!!.??.xx', 'eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln'])(
    'refuses %j as not a compact JWS',
    (token) => {
      expect(codeOf(() => decodeIdToken(token))).toBe('LTI_JWT_MALFORMED')
    },
  )

  it('refuses an oversized token', () => {
    expect(codeOf(() => decodeIdToken('a'.repeat(70_000) + '.b.c'))).toBe('LTI_JWT_MALFORMED')
  })
})
