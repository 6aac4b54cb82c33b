import { describe, expect, it } from 'vitest'
import { platformSessionCookie, secureCookies } from './platform-session.js'

describe('platform session cookie', () => {
  it('is Secure and SameSite=None over https and on loopback hosts', () => {
    for (const url of [
      'https://lms.example',
      'http://localhost:3000',
      'http://app.localhost',
      'http://127.0.0.1:8080',
      'http://[::1]:3000',
    ]) {
      expect(secureCookies(url), url).toBe(true)
      expect(platformSessionCookie('t', secureCookies(url)), url).toMatch(
        /; HttpOnly; SameSite=None; Secure$/,
      )
    }
  })

  it('falls back to SameSite=Lax over plain http elsewhere', () => {
    for (const url of ['http://lms.internal', 'http://10.0.0.5', 'http://localhost.example.com']) {
      expect(secureCookies(url), url).toBe(false)
      expect(platformSessionCookie('t', false)).toMatch(/; HttpOnly; SameSite=Lax$/)
    }
  })
})
