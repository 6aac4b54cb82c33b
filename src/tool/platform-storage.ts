/**
 * Cookie-less launches through LTI Platform Storage: when the platform names a storage frame
 * (`lti_storage_target`), the login state is put in the platform's frame from the browser, and
 * read back from it at launch when the state cookie did not come back (third-party cookies
 * blocked). The pages that talk to the frame are rendered by the web layer from these inputs.
 * @see https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
 * @see https://www.imsglobal.org/spec/lti-pm-s/v0p1
 */
import { LtiRequestInvalid, LtiTokenInvalid } from '../core/errors.js'
import { openLoginState } from '../core/oidc/login-state.js'
import type { Clock, MacKey } from '../core/ports.js'

/** The login parameter naming the platform frame that stores data (`_parent` or a frame name). */
export const STORAGE_TARGET_PARAMETER = 'lti_storage_target'
/** The launch form field the check page adds: the state it read back from platform storage. */
export const STORAGE_CHECKED_FIELD = 'lti_storage_checked'

/** What the login page puts in platform storage before it goes on to the platform. */
export interface StorageLoginPage {
  target: string
  /** lti-cs-oidc §3: the postMessage target origin is the origin of the OIDC auth endpoint. */
  platformOrigin: string
  data: ReadonlyArray<{ key: string; value: string }>
  /** The authentication request URL the page navigates to once the data is stored (or not). */
  next: string
}

/** What the launch check page reads back from platform storage, and where it posts then. */
export interface StorageCheckPage {
  target: string
  platformOrigin: string
  key: string
  /** Posted with `lti_storage_checked` set to the value read back. */
  action: string
  fields: Readonly<Record<string, string>>
}

/** The storage key of a login state (lti-cs-oidc §3 example: `state_<state>`). */
export function stateStorageKey(state: string): string {
  return `state_${state}`
}

/** The storage key of a login nonce. */
export function nonceStorageKey(nonce: string): string {
  return `nonce_${nonce}`
}

const TARGET = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The storage target a login initiation names, if any. A frame name is a window name the page
 * script looks up, so only plain names are taken.
 * @throws LTI_LOGIN_PARAM_INVALID when the value is not a plain frame name.
 */
export function readStorageTarget(params: URLSearchParams): string | undefined {
  const target = params.get(STORAGE_TARGET_PARAMETER)
  if (target === null || target === '') return undefined
  if (!TARGET.test(target)) {
    throw new LtiRequestInvalid(
      'LTI_LOGIN_PARAM_INVALID',
      `invalid "${STORAGE_TARGET_PARAMETER}"`,
      {
        cause: { parameter: STORAGE_TARGET_PARAMETER },
      },
    )
  }
  return target
}

/**
 * How a launch POST binds its state to the browser:
 * - `cookie`: as always, the state cookie (present, or the login used no platform storage;
 *   a missing cookie then fails with LTI_STATE_COOKIE_MISSING);
 * - `check-in-browser`: no cookie, but the login put the state in platform storage: answer the
 *   check page, which reads it back and posts the launch again with `lti_storage_checked`;
 * - `storage-checked`: that second post; the cookie check is replaced by the storage check.
 */
export type StateBinding =
  | { kind: 'cookie' }
  | { kind: 'check-in-browser'; page: StorageCheckPage }
  | { kind: 'storage-checked' }

/**
 * Decides the binding of a launch POST. Reads the sealed state without spending its nonce:
 * the nonce is consumed only by `validateLaunch`, once, whichever binding is used.
 * @throws LTI_STATE_MISMATCH when `lti_storage_checked` differs from `state`.
 */
export async function stateBindingOf(
  form: URLSearchParams,
  stateCookie: string | undefined,
  deps: { loginStateKey: MacKey; clock: Clock; launchUrl: string },
): Promise<StateBinding> {
  const state = form.get('state')
  const idToken = form.get('id_token')
  if (stateCookie !== undefined || !state || !idToken) return { kind: 'cookie' }
  const loginState = await openLoginState(state, deps.loginStateKey, deps.clock.now())
  // An invalid or expired state keeps the cookie path, whose validation names the failure.
  if (typeof loginState === 'string' || !loginState.storage) return { kind: 'cookie' }
  const checked = form.get(STORAGE_CHECKED_FIELD)
  if (checked === null) {
    return {
      kind: 'check-in-browser',
      page: {
        target: loginState.storage.target,
        platformOrigin: loginState.storage.origin,
        key: stateStorageKey(state),
        action: deps.launchUrl,
        fields: { id_token: idToken, state },
      },
    }
  }
  // lti-cs-oidc §4: the tool compares the state read from platform storage with the one posted.
  // This is the CSRF binding the cookie gives otherwise (Security Framework §7.3.1); everything
  // that makes the launch genuine and single-use (signature, nonce consumed server side, nonce
  // bound to the sealed state, target_link_uri) is still checked by validateLaunch. The field
  // comes from the page our launch URL served to this browser; a third site that forges it can
  // only push a launch of its own into the browser, which it could already do by sharing the
  // play link that launch produces.
  if (checked !== state) {
    throw new LtiTokenInvalid('LTI_STATE_MISMATCH', '"state" does not match platform storage', {
      cause: { parameter: STORAGE_CHECKED_FIELD },
    })
  }
  return { kind: 'storage-checked' }
}
