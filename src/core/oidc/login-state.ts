/**
 * The login state as a signed, short-lived token: login initiation writes nothing to a
 * database, any instance can check a state, and the nonce it carries is consumed once at
 * launch (`NonceStore`), which is what makes the pair single-use.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'

/** What the tool remembers between login initiation and launch. */
export interface LoginState {
  readonly nonce: string
  readonly workspaceId: string
  readonly registrationId: string
  readonly targetLinkUri: string
  /** Milliseconds since the epoch. */
  readonly expiresAt: number
}

const AUDIENCE = 'ltikit:login-state'

/** Signs a login state with the tool's own HMAC key (never a platform's key). */
export function sealLoginState(loginState: LoginState, key: CryptoKey): Promise<string> {
  return new SignJWT({
    n: loginState.nonce,
    ws: loginState.workspaceId,
    reg: loginState.registrationId,
    tlu: loginState.targetLinkUri,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(AUDIENCE)
    .setExpirationTime(Math.ceil(loginState.expiresAt / 1000))
    .sign(key)
}

/** Checks a state posted back with a launch: `invalid` when it was not issued by us. */
export async function openLoginState(
  state: string,
  key: CryptoKey,
  now: number,
): Promise<LoginState | 'invalid' | 'expired'> {
  if (state.length > 8192) return 'invalid'
  try {
    const { payload } = await jwtVerify(state, key, {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      currentDate: new Date(now),
      requiredClaims: ['exp', 'n', 'ws', 'reg', 'tlu'],
    })
    const { n, ws, reg, tlu, exp } = payload
    if (![n, ws, reg, tlu].every((v) => typeof v === 'string')) return 'invalid'
    return {
      nonce: n as string,
      workspaceId: ws as string,
      registrationId: reg as string,
      targetLinkUri: tlu as string,
      expiresAt: (exp as number) * 1000,
    }
  } catch (error) {
    return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid'
  }
}
