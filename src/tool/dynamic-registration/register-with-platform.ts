import type { ClientRegistrationRequest } from '../../core/dynamic-registration/build-client-registration.js'
import {
  parseRegistrationResponse,
  readRegistrationError,
} from '../../core/dynamic-registration/parse-registration-response.js'
import type { RegistrationResponse } from '../../core/dynamic-registration/parse-registration-response.js'
import { LtiUpstreamFailed } from '../../core/errors.js'
import type { Fetch } from '../../core/ports.js'
import { exchangeJson } from './exchange-json.js'

export interface RegisterWithPlatformOptions {
  readonly fetch: Fetch
  /** The `registration_token` the platform opened the registration URL with. */
  readonly registrationToken?: string
  /** Default 15 s: some platforms create the deployment while answering. */
  readonly timeoutMs?: number
  /** Default 64 KiB. */
  readonly maxBytes?: number
}

/**
 * POSTs the client registration to the platform's registration endpoint, with the registration
 * token as bearer, and parses its answer.
 *
 * @throws LTI_REGISTRATION_REQUEST_FAILED on a network error or timeout.
 * @throws LTI_REGISTRATION_REFUSED when the platform answers an HTTP error (its `error` and
 *   `error_description` are in `cause`).
 * @throws LTI_REGISTRATION_RESPONSE_INVALID when a success answer is unusable.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration
 */
export async function registerWithPlatform(
  registrationEndpoint: string,
  request: ClientRegistrationRequest,
  options: RegisterWithPlatformOptions,
): Promise<RegistrationResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  }
  if (options.registrationToken) headers.authorization = `Bearer ${options.registrationToken}`
  const invalid = (reason: string) =>
    new LtiUpstreamFailed('LTI_REGISTRATION_RESPONSE_INVALID', 'registration response unusable', {
      cause: { reason },
    })
  const result = await exchangeJson(
    options.fetch,
    registrationEndpoint,
    { method: 'POST', headers, body: JSON.stringify(request) },
    { timeoutMs: options.timeoutMs ?? 15_000, maxBytes: options.maxBytes ?? 64 * 1024 },
    {
      unreachable: (reason) =>
        new LtiUpstreamFailed('LTI_REGISTRATION_REQUEST_FAILED', 'registration request failed', {
          cause: { reason },
        }),
      tooLarge: () => invalid('too-large'),
      notJson: () => invalid('not-json'),
    },
  )
  if (!result.ok) {
    throw new LtiUpstreamFailed(
      'LTI_REGISTRATION_REFUSED',
      'the platform refused the registration',
      {
        cause: { status: result.status, ...readRegistrationError(result.json) },
      },
    )
  }
  return parseRegistrationResponse(result.json)
}
