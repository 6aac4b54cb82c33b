import type { Clock, MacKey } from '../../core/ports.js'
import { checkConfiguredUrl } from '../../core/security/url-policy.js'
import { openidConfigurationUrl } from './platform-configuration.js'
import { issueRegistrationToken } from './registration-token.js'

/**
 * Starts a registration an admin asked for: the tool's registration URL with this platform's
 * `openid_configuration` and a fresh single-use `registration_token` appended, for the admin's
 * browser to open in a window or frame.
 *
 * @param registrationUrl The tool's registration URL, as its vendor published it.
 * @throws LTI_REQUEST_INVALID, LTI_URL_INSECURE when it is not an acceptable URL.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-1-registration-initiation-request
 */
export async function startToolRegistration(
  registrationUrl: string,
  deps: { publicUrl: string; key: MacKey; clock: Clock; dev: boolean },
): Promise<{ launchUrl: string; expiresAt: number }> {
  const url = checkConfiguredUrl(registrationUrl, { dev: deps.dev })
  const { token, expiresAt } = await issueRegistrationToken({ key: deps.key, clock: deps.clock })
  // §3.1: appended to whatever query the tool's URL has already (it may carry its own token).
  url.searchParams.append('openid_configuration', openidConfigurationUrl(deps.publicUrl))
  url.searchParams.append('registration_token', token)
  return { launchUrl: url.toString(), expiresAt }
}
