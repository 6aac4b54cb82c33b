/**
 * The tool's OIDC login initiation endpoint, as a Web `Request` → `Response` handler.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login
 */
import { LtiRequestInvalid } from '../core/errors.js'
import { randomString } from '../core/lib/random.js'
import {
  buildAuthenticationRequest,
  selectRegistration,
  validateLoginInitiation,
} from '../core/oidc/login-initiation.js'
import { sealLoginState } from '../core/oidc/login-state.js'
import type { Clock, MacKey, RegistrationStore } from '../core/ports.js'
import { nonceStorageKey, readStorageTarget, stateStorageKey } from './platform-storage.js'
import type { StorageLoginPage } from './platform-storage.js'
import { serializeStateCookie } from './state-cookie.js'

export interface LoginDeps {
  workspaceId: string
  registrations: RegistrationStore
  /** HMAC key that seals the login state; every instance shares it. */
  loginStateKey: MacKey
  clock: Clock
  /** The workspace's launch URL: the redirect_uri of the authentication request. */
  launchUrl: string
  /** True for target link URIs that belong to this workspace. */
  isOwnTargetLinkUri(uri: string): boolean
  /** How long a login may take before its launch arrives; default 10 minutes. */
  loginStateTtlMs?: number
  /** Path of the state cookie; the launch URL's path keeps it off every other request. */
  cookiePath: string
  /**
   * Renders the page that puts the state in platform storage, then goes on to the platform.
   * Without it `lti_storage_target` is ignored and the login relies on the cookie alone.
   */
  renderStorageLogin?(page: StorageLoginPage): Response
}

const DEFAULT_TTL_MS = 10 * 60_000

/**
 * Answers a third-party initiated login (GET query or POST form) with a redirect to the
 * platform's authentication endpoint and a state cookie.
 * @throws LTI_LOGIN_PARAM_MISSING, LTI_LOGIN_PARAM_INVALID, LTI_TARGET_LINK_URI_INVALID,
 *   LTI_PLATFORM_UNKNOWN, LTI_CLIENT_AMBIGUOUS, LTI_DEPLOYMENT_UNKNOWN
 */
export async function handleLoginInitiation(request: Request, deps: LoginDeps): Promise<Response> {
  return initiateLogin(await loginParams(request), deps)
}

/** The same, from parameters a framework has already read (GET query or POST form). */
export async function initiateLogin(params: URLSearchParams, deps: LoginDeps): Promise<Response> {
  const initiation = validateLoginInitiation(params)
  if (!deps.isOwnTargetLinkUri(initiation.targetLinkUri)) {
    throw new LtiRequestInvalid(
      'LTI_TARGET_LINK_URI_INVALID',
      '"target_link_uri" is not this tool',
      {
        cause: { parameter: 'target_link_uri' },
      },
    )
  }
  const registration = await selectRegistration(initiation, deps.registrations)
  const ttlMs = deps.loginStateTtlMs ?? DEFAULT_TTL_MS
  const nonce = randomString(32)
  const storageTarget = deps.renderStorageLogin ? readStorageTarget(params) : undefined
  // lti-cs-oidc §3: the tool posts to the platform's frame with the origin of the OIDC auth
  // endpoint as targetOrigin, so only the platform that authenticates can read the state.
  const storage = storageTarget
    ? { target: storageTarget, origin: new URL(registration.authenticationRequestUrl).origin }
    : undefined
  // Nothing is stored at login: the state is sealed, and its nonce is consumed at launch.
  const state = await sealLoginState(
    {
      nonce,
      workspaceId: deps.workspaceId,
      registrationId: registration.id,
      targetLinkUri: initiation.targetLinkUri,
      expiresAt: deps.clock.now() + ttlMs,
      ...(storage ? { storage } : {}),
    },
    deps.loginStateKey,
  )
  const location = buildAuthenticationRequest({
    registration,
    initiation,
    redirectUri: deps.launchUrl,
    state,
    nonce,
  })
  const cookie = serializeStateCookie(state, Math.ceil(ttlMs / 1000), deps.cookiePath)
  if (storage && deps.renderStorageLogin) {
    // The cookie is still set: whichever of the two comes back with the launch binds the state.
    const page = deps.renderStorageLogin({
      target: storage.target,
      platformOrigin: storage.origin,
      data: [
        { key: stateStorageKey(state), value: state },
        { key: nonceStorageKey(nonce), value: nonce },
      ],
      next: location.href,
    })
    page.headers.append('set-cookie', cookie)
    page.headers.set('cache-control', 'no-store')
    return page
  }
  return new Response(null, {
    status: 302,
    headers: { location: location.href, 'set-cookie': cookie, 'cache-control': 'no-store' },
  })
}

async function loginParams(request: Request): Promise<URLSearchParams> {
  if (request.method === 'GET' || request.method === 'HEAD')
    return new URL(request.url).searchParams
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new LtiRequestInvalid('LTI_LOGIN_PARAM_INVALID', 'login initiation must be a form POST')
  }
  return new URLSearchParams(await request.text())
}
