/**
 * The admin's browser session on the platform: a sealed, HttpOnly cookie set once the admin
 * token was typed into `/admin/login`, since a browser cannot send the API's bearer header.
 * Stateless like the user session, under a purpose of its own so neither opens as the other.
 */
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { openToken, sealToken } from '../core/security/sealed-token.js'
import type { AppEnv } from './env.js'
import type { PlatformAppDeps } from './platform-deps.js'

export const ADMIN_SESSION_COOKIE = 'ltikit_platform_admin'
export const ADMIN_SESSION_TTL_SECONDS = 60 * 60
const PURPOSE = 'platform-admin-session-v1'

type SessionDeps = Pick<PlatformAppDeps, 'sessionKey' | 'clock'>

export async function sealAdminSession(deps: SessionDeps): Promise<string> {
  const exp = Math.floor(deps.clock.now() / 1000) + ADMIN_SESSION_TTL_SECONDS
  return sealToken(PURPOSE, { adm: true, exp }, deps.sessionKey)
}

/**
 * The `Set-Cookie` value of an admin session: `SameSite=Strict`, as admin pages are never
 * reached from another site, and only under `/admin`.
 */
export function adminSessionCookie(token: string, secure: boolean): string {
  return `${ADMIN_SESSION_COOKIE}=${token}; Max-Age=${ADMIN_SESSION_TTL_SECONDS}; Path=/admin; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`
}

/** Whether the request carries a valid, unexpired admin session. */
export async function hasAdminSession(c: Context<AppEnv>, deps: SessionDeps): Promise<boolean> {
  const token = getCookie(c, ADMIN_SESSION_COOKIE)
  if (!token) return false
  const payload = await openToken(PURPOSE, token, deps.sessionKey)
  return (
    payload?.adm === true &&
    typeof payload.exp === 'number' &&
    payload.exp > Math.floor(deps.clock.now() / 1000)
  )
}
