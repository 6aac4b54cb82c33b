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
 * Whether the session cookie can be `Secure`: over HTTPS, and on a loopback host over plain
 * HTTP, which browsers treat as a secure context and send `Secure` cookies to (Secure Contexts
 * §3.1, "potentially trustworthy"; Chromium and Firefox do), so the demo on `localhost` launches
 * in an iframe too.
 * @see https://www.w3.org/TR/secure-contexts/#is-origin-trustworthy
 */
export function secureCookies(publicUrl: string): boolean {
  const url = new URL(publicUrl)
  if (url.protocol === 'https:') return true
  const host = url.hostname
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host)
  )
}

/**
 * The `Set-Cookie` value of a session. Where it can be `Secure` (see {@link secureCookies}) it is
 * `SameSite=None; Secure`: the authentication request reaches us from the tool's page in the
 * course page's iframe or by a cross-site form post, where a `Lax` cookie is not sent. Elsewhere
 * (plain HTTP on another host, dev mode) it falls back to `Lax`: launches then need a new window.
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
