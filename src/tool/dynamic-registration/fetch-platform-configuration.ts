import { LtiUpstreamFailed } from '../../core/errors.js'
import { parsePlatformConfiguration } from '../../core/dynamic-registration/parse-platform-configuration.js'
import type { PlatformConfiguration } from '../../core/dynamic-registration/parse-platform-configuration.js'
import type { Fetch } from '../../core/ports.js'
import { checkConfiguredUrl } from '../../core/security/url-policy.js'
import { exchangeJson } from './exchange-json.js'

export interface FetchPlatformConfigurationOptions {
  /** The guarded fetch (it refuses private addresses); the URL policy is checked here too. */
  readonly fetch: Fetch
  readonly dev: boolean
  /** Sent as bearer: a platform may protect its configuration with it. */
  readonly registrationToken?: string
  /** Default 10 s. */
  readonly timeoutMs?: number
  /** Default 64 KiB; Canvas's document, with every placement and variable, is about 20 KiB. */
  readonly maxBytes?: number
}

/**
 * Fetches and checks the platform's OpenID configuration named by `openid_configuration`.
 *
 * @throws LTI_URL_INSECURE when the URL is not https outside dev mode; LTI_REQUEST_INVALID when
 *   it is not an absolute URL; LTI_URL_FORBIDDEN_ADDRESS from the guarded fetch.
 * @throws LTI_OPENID_CONFIGURATION_FETCH_FAILED on a network error, timeout or HTTP error.
 * @throws LTI_OPENID_CONFIGURATION_INVALID, LTI_OPENID_ISSUER_MISMATCH from the document.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#openid-configuration
 */
export async function fetchPlatformConfiguration(
  configurationUrl: string,
  options: FetchPlatformConfigurationOptions,
): Promise<PlatformConfiguration> {
  // Security Framework §3: TLS outside dev, checked before anything is sent.
  checkConfiguredUrl(configurationUrl, { dev: options.dev })
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.registrationToken) headers.authorization = `Bearer ${options.registrationToken}`
  const failed = (cause: Record<string, unknown>) =>
    new LtiUpstreamFailed(
      'LTI_OPENID_CONFIGURATION_FETCH_FAILED',
      'fetching the OpenID configuration failed',
      { cause },
    )
  const result = await exchangeJson(
    options.fetch,
    configurationUrl,
    { method: 'GET', headers },
    { timeoutMs: options.timeoutMs ?? 10_000, maxBytes: options.maxBytes ?? 64 * 1024 },
    {
      unreachable: (reason) => failed({ reason }),
      tooLarge: () =>
        new LtiUpstreamFailed(
          'LTI_OPENID_CONFIGURATION_INVALID',
          'OpenID configuration too large',
          {
            cause: { reason: 'too-large' },
          },
        ),
      notJson: () =>
        new LtiUpstreamFailed('LTI_OPENID_CONFIGURATION_INVALID', 'OpenID configuration not JSON', {
          cause: { reason: 'not-json' },
        }),
    },
  )
  if (!result.ok) throw failed({ reason: 'http', status: result.status })
  return parsePlatformConfiguration(result.json, configurationUrl, { dev: options.dev })
}
