import { describe, expect, it } from 'vitest'
import {
  clearStateCookie,
  readStateCookie,
  serializeStateCookie,
  stateCookieName,
} from './state-cookie.js'

const STATE = 'abcdefghijklmnopqrstuvwxyz0123456789'

describe('state cookie', () => {
  it('is cross-site, secure, http-only and partitioned', () => {
    const cookie = serializeStateCookie(STATE, 600, '/lti/ws1')
    expect(cookie).toContain(`${stateCookieName(STATE)}=${STATE}`)
    for (const attribute of [
      'Max-Age=600',
      'Path=/lti/ws1',
      'HttpOnly',
      'Secure',
      'SameSite=None',
      'Partitioned',
    ]) {
      expect(cookie).toContain(attribute)
    }
    expect(clearStateCookie(STATE, '/lti/ws1')).toContain('Max-Age=0')
  })

  it('reads its own cookie among others', () => {
    const header = `a=b; ${stateCookieName('zzzzzzzzzzzzzzzzzz')}=other; ${stateCookieName(STATE)}=${STATE}`
    expect(readStateCookie(header, STATE)).toBe(STATE)
  })

  it("presents another login's cookie when its own is missing", () => {
    expect(readStateCookie(`${stateCookieName('zzzzzzzzzzzzzzzzzz')}=other`, STATE)).toBe('other')
  })

  it('is undefined when the browser kept no state cookie', () => {
    expect(readStateCookie('a=b', STATE)).toBeUndefined()
    expect(readStateCookie(null, STATE)).toBeUndefined()
  })
})
