/**
 * The platform's sign-in session: a sealed cookie naming the user, checked on every page.
 * Stateless, so any instance serves any request. The authentication endpoint reads it too: the
 * tool's authentication request must come from the browser of the user the launch was for.
 */
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { sealToken } from '../core/security/sealed-token.js'
import { openTokenRemembered } from '../platform/opened-tokens.js'
import type { User } from '../platform/ports.js'
import type { AppEnv } from './env.js'
import type { PlatformAppDeps } from './platform-deps.js'

export const PLATFORM_SESSION_COOKIE = 'ltikit_platform_session'
export const PLATFORM_SESSION_TTL_SECONDS = 8 * 60 * 60
const PURPOSE = 'platform-session-v1'

export async function sealPlatformSession(
  userId: string,
  deps: Pick<PlatformAppDeps, 'sessionKey' | 'clock'>,
): Promise<string> {
  const exp = Math.floor(deps.clock.now() / 1000) + PLATFORM_SESSION_TTL_SECONDS
  return sealToken(PURPOSE, { uid: userId, exp }, deps.sessionKey)
}

/**
 * The `Set-Cookie` value of a session. Over HTTPS it is `SameSite=None; Secure` because the
 * authentication request may reach us in a tool's iframe or by a cross-site form post; plain
 * HTTP (loopback dev mode) cannot set `Secure`, so it falls back to `Lax`.
 */
export function platformSessionCookie(token: string, secure: boolean): string {
  const site = secure ? 'SameSite=None; Secure' : 'SameSite=Lax'
  return `${PLATFORM_SESSION_COOKIE}=${token}; Max-Age=${PLATFORM_SESSION_TTL_SECONDS}; Path=/; HttpOnly; ${site}`
}

export function clearPlatformSessionCookie(): string {
  return `${PLATFORM_SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`
}

/** The signed-in user, or `undefined` without a valid, unexpired session of a known user. */
export async function readSignedInUser(
  c: Context<AppEnv>,
  deps: Pick<PlatformAppDeps, 'sessionKey' | 'clock' | 'stores'>,
): Promise<User | undefined> {
  const token = getCookie(c, PLATFORM_SESSION_COOKIE)
  if (!token) return undefined
  // The same cookie comes with every page and launch: opened once per process.
  const payload = await openTokenRemembered(PURPOSE, token, deps.sessionKey)
  if (!payload || typeof payload.uid !== 'string' || typeof payload.exp !== 'number')
    return undefined
  if (payload.exp <= Math.floor(deps.clock.now() / 1000)) return undefined
  return deps.stores.users.findUser(payload.uid)
}
