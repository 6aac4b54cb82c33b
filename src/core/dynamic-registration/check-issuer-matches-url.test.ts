import { describe, expect, it } from 'vitest'
import { checkIssuerMatchesUrl } from './check-issuer-matches-url.js'

describe('checkIssuerMatchesUrl', () => {
  it.each([
    ['https://lms.example', 'https://lms.example/mod/lti/openid-configuration.php'],
    ['https://lms.example/', 'https://lms.example/.well-known/openid-configuration'],
    ['https://lms.example/moodle', 'https://lms.example/moodle/mod/lti/openid-configuration.php'],
  ])('accepts %s for %s', (issuer, url) => {
    expect(() => checkIssuerMatchesUrl(issuer, url)).not.toThrow()
  })

  it.each([
    ['https://other.example', 'https://lms.example/openid-configuration'],
    ['http://lms.example', 'https://lms.example/openid-configuration'],
    ['https://lms.example:8443', 'https://lms.example/openid-configuration'],
    ['https://lms.example/moodle', 'https://lms.example/moodle2/openid-configuration'],
    ['https://lms.example/a', 'https://lms.example/openid-configuration'],
    ['not a url', 'https://lms.example/openid-configuration'],
  ])('refuses %s for %s', (issuer, url) => {
    expect(() => checkIssuerMatchesUrl(issuer, url)).toThrow(
      expect.objectContaining({ code: 'LTI_OPENID_ISSUER_MISMATCH' }),
    )
  })
})
