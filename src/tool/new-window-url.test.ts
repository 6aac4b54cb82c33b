import { describe, expect, it } from 'vitest'
import { CLAIM } from '../core/claims.js'
import { newWindowUrl } from './new-window-url.js'

const PLATFORM = 'https://lms.example'
const RETURN_URL = `${PLATFORM}/courses/c1/links/l1?from=tool`

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An unsigned id_token: newWindowUrl reads it before any signature check, by design. */
const idToken = (payload: Record<string, unknown>, header = { alg: 'RS256', kid: 'k1' }) =>
  `${b64url(header)}.${b64url(payload)}.c2lnbmF0dXJl`

const withReturnUrl = (returnUrl: unknown) =>
  idToken({ iss: PLATFORM, [CLAIM.launchPresentation]: { return_url: returnUrl } })

describe('newWindowUrl', () => {
  it('links back to the return_url on the trusted platform origin', () => {
    expect(newWindowUrl(withReturnUrl(RETURN_URL), PLATFORM)).toBe(RETURN_URL)
  })

  it('gives no link for a return_url on another origin', () => {
    for (const url of [
      'https://evil.example/courses/c1',
      'http://lms.example/courses/c1',
      'https://lms.example:8443/courses/c1',
      'https://lms.example.evil.example/',
      'javascript:alert(1)',
    ]) {
      expect(newWindowUrl(withReturnUrl(url), PLATFORM)).toBeUndefined()
    }
  })

  it('gives no link without a trusted origin to compare with', () => {
    expect(newWindowUrl(withReturnUrl(RETURN_URL), undefined)).toBeUndefined()
  })

  it('gives no link when the token has no usable return_url', () => {
    expect(newWindowUrl(idToken({ iss: PLATFORM }), PLATFORM)).toBeUndefined()
    for (const value of [42, null, '', '/relative/path']) {
      expect(newWindowUrl(withReturnUrl(value), PLATFORM)).toBeUndefined()
    }
  })

  it('gives no link for a missing or malformed id_token', () => {
    expect(newWindowUrl(undefined, PLATFORM)).toBeUndefined()
    expect(newWindowUrl(null, PLATFORM)).toBeUndefined()
    expect(newWindowUrl('', PLATFORM)).toBeUndefined()
    expect(newWindowUrl('not-a-jwt', PLATFORM)).toBeUndefined()
    const none = idToken(
      { [CLAIM.launchPresentation]: { return_url: RETURN_URL } },
      { alg: 'none', kid: 'k1' },
    )
    expect(newWindowUrl(none, PLATFORM)).toBeUndefined()
  })
})
