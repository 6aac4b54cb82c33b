import { LtiUpstreamFailed } from '../errors.js'

/**
 * Dynamic Registration 1.0 §3.5.1: the platform's `issuer` must match the URL its OpenID
 * configuration was fetched from. We read "match" as: same origin, and the configuration URL's
 * path starts with the issuer's path on a segment boundary (`https://lms.example/moodle` matches
 * `https://lms.example/moodle/mod/lti/openid-configuration.php`, not `.../moodle2/...`). Without
 * this check any server could claim a well-known LMS's issuer and receive its launches' trust.
 *
 * @param issuer The `issuer` of the configuration document.
 * @param configurationUrl The `openid_configuration` URL the document was fetched from.
 * @throws LTI_OPENID_ISSUER_MISMATCH when they do not match.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#issuer-and-openid-configuration-url-match
 */
export function checkIssuerMatchesUrl(issuer: string, configurationUrl: string): void {
  const mismatch = () =>
    new LtiUpstreamFailed(
      'LTI_OPENID_ISSUER_MISMATCH',
      '"issuer" does not match the openid_configuration URL',
      { cause: { issuer, configurationUrl: new URL(configurationUrl).origin } },
    )
  let iss: URL
  try {
    iss = new URL(issuer)
  } catch {
    throw mismatch()
  }
  const config = new URL(configurationUrl)
  if (iss.origin !== config.origin || iss.search !== '' || iss.hash !== '') throw mismatch()
  const prefix = iss.pathname.replace(/\/+$/, '')
  if (prefix === '') return
  const path = config.pathname
  if (path !== prefix && !path.startsWith(`${prefix}/`)) throw mismatch()
}
