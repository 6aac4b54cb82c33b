/**
 * The login state as a sealed, short-lived token: login initiation writes nothing to a
 * database, any instance can check a state, and the nonce it carries is consumed once at
 * launch (`NonceStore`), which is what makes the pair single-use.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
import type { MacKey } from '../ports.js'
import { openToken, sealToken } from '../security/sealed-token.js'

/** What the tool remembers between login initiation and launch. */
export interface LoginState {
  readonly nonce: string
  readonly workspaceId: string
  readonly registrationId: string
  readonly targetLinkUri: string
  /** Milliseconds since the epoch. */
  readonly expiresAt: number
  /**
   * Set when the login initiation named `lti_storage_target`: the platform frame that holds the
   * state in the browser, and the origin it answers from, for a launch that comes without cookie.
   */
  readonly storage?: { readonly target: string; readonly origin: string }
}

const PURPOSE = 'ltikit.login-state.v1'

/** Seals a login state with the tool's own MAC key (never a platform's key). */
export function sealLoginState(loginState: LoginState, key: MacKey): Promise<string> {
  return sealToken(
    PURPOSE,
    {
      n: loginState.nonce,
      ws: loginState.workspaceId,
      reg: loginState.registrationId,
      tlu: loginState.targetLinkUri,
      exp: loginState.expiresAt,
      ...(loginState.storage
        ? { st: loginState.storage.target, so: loginState.storage.origin }
        : {}),
    },
    key,
  )
}

/** Checks a state posted back with a launch: `invalid` when it was not issued by us. */
export async function openLoginState(
  state: string,
  key: MacKey,
  now: number,
): Promise<LoginState | 'invalid' | 'expired'> {
  const payload = await openToken(PURPOSE, state, key)
  if (!payload) return 'invalid'
  const { n, ws, reg, tlu, exp, st, so } = payload
  if (![n, ws, reg, tlu].every((v) => typeof v === 'string') || typeof exp !== 'number') {
    return 'invalid'
  }
  if (exp <= now) return 'expired'
  const storage =
    typeof st === 'string' && typeof so === 'string' ? { storage: { target: st, origin: so } } : {}
  return {
    ...storage,
    nonce: n as string,
    workspaceId: ws as string,
    registrationId: reg as string,
    targetLinkUri: tlu as string,
    expiresAt: exp,
  }
}
