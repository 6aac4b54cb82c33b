/**
 * Third-party initiated login (Security Framework §5.1.1): the platform asks the tool to start
 * an OIDC login; the tool checks the request, picks the registration and answers with an
 * authentication request to the platform.
 */
import { LtiForbidden, LtiRequestInvalid } from '../errors.js'
import type { Registration, RegistrationStore } from '../ports.js'

export interface LoginInitiation {
  issuer: string
  loginHint: string
  targetLinkUri: string
  ltiMessageHint?: string
  clientId?: string
  deploymentId?: string
}

const MAX_PARAM = 4096

/**
 * Reads and bounds the login initiation parameters (GET query or POST form).
 * @throws LTI_LOGIN_PARAM_MISSING, LTI_LOGIN_PARAM_INVALID
 * @see https://www.imsglobal.org/spec/security/v1p0/#initiating-login-from-a-third-party
 */
export function validateLoginInitiation(params: URLSearchParams): LoginInitiation {
  const read = (name: string, required: boolean): string | undefined => {
    const value = params.get(name) ?? undefined
    if (value === undefined || value === '') {
      if (required) {
        throw new LtiRequestInvalid('LTI_LOGIN_PARAM_MISSING', `missing "${name}" parameter`, {
          cause: { parameter: name },
        })
      }
      return undefined
    }
    if (value.length > MAX_PARAM) {
      throw new LtiRequestInvalid('LTI_LOGIN_PARAM_INVALID', `"${name}" parameter is too long`, {
        cause: { parameter: name },
      })
    }
    return value
  }
  const initiation: LoginInitiation = {
    issuer: read('iss', true) as string,
    loginHint: read('login_hint', true) as string,
    targetLinkUri: read('target_link_uri', true) as string,
  }
  const optional = {
    ltiMessageHint: read('lti_message_hint', false),
    clientId: read('client_id', false),
    deploymentId: read('lti_deployment_id', false),
  }
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (initiation as unknown as Record<string, string>)[key] = value
  }
  try {
    new URL(initiation.targetLinkUri)
  } catch {
    throw new LtiRequestInvalid('LTI_LOGIN_PARAM_INVALID', '"target_link_uri" is not a URL', {
      cause: { parameter: 'target_link_uri' },
    })
  }
  return initiation
}

/**
 * Picks the registration a login is for. One issuer may have several client IDs (Core 1.3
 * §4.1.1): pick by `client_id`, else by `lti_deployment_id`, else the issuer's only one.
 * @throws LTI_PLATFORM_UNKNOWN, LTI_CLIENT_AMBIGUOUS, LTI_DEPLOYMENT_UNKNOWN
 */
export async function selectRegistration(
  initiation: LoginInitiation,
  store: RegistrationStore,
): Promise<Registration> {
  const { issuer, clientId, deploymentId } = initiation
  let registration: Registration | undefined
  if (clientId !== undefined) {
    registration = await store.findRegistration(issuer, clientId)
  } else {
    const all = await store.listRegistrationsByIssuer(issuer)
    const candidates =
      deploymentId === undefined ? all : all.filter((r) => r.deploymentIds.includes(deploymentId))
    if (candidates.length > 1) {
      throw new LtiRequestInvalid('LTI_CLIENT_AMBIGUOUS', 'several registrations match "iss"', {
        cause: { issuer, count: candidates.length },
      })
    }
    registration = candidates[0]
  }
  if (!registration) {
    throw new LtiForbidden('LTI_PLATFORM_UNKNOWN', 'no registration for "iss" and "client_id"', {
      cause: { issuer, clientId },
    })
  }
  // Fail at login, before the learner's browser goes to the LMS and back, when the deployment
  // announced here is one the launch would be refused for anyway.
  if (deploymentId !== undefined && !registration.deploymentIds.includes(deploymentId)) {
    throw new LtiForbidden('LTI_DEPLOYMENT_UNKNOWN', 'unexpected "lti_deployment_id" parameter', {
      cause: { parameter: 'lti_deployment_id', actual: deploymentId },
    })
  }
  return registration
}

export interface AuthenticationRequestInput {
  registration: Registration
  initiation: LoginInitiation
  redirectUri: string
  state: string
  nonce: string
}

/**
 * The OIDC authentication request the browser is sent to (Security Framework §5.1.1.2).
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
export function buildAuthenticationRequest(input: AuthenticationRequestInput): URL {
  const url = new URL(input.registration.authenticationRequestUrl)
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: input.registration.clientId,
    redirect_uri: input.redirectUri,
    login_hint: input.initiation.loginHint,
    state: input.state,
    nonce: input.nonce,
  }
  if (input.initiation.ltiMessageHint !== undefined) {
    params.lti_message_hint = input.initiation.ltiMessageHint
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  return url
}
