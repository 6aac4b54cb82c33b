/**
 * The admin's browser session on the platform (see {@link adminSession}), under a purpose of its
 * own so neither the user session nor the tool's admin session opens as it.
 */
import type { Context } from 'hono'
import { adminSession, adminSessionCookie as formatCookie } from './admin-session.js'
import type { AppEnv } from './env.js'
import type { PlatformAppDeps } from './platform-deps.js'

export { ADMIN_SESSION_TTL_SECONDS } from './admin-session.js'
export const ADMIN_SESSION_COOKIE = 'ltikit_platform_admin'
const PURPOSE = 'platform-admin-session-v1'

type SessionDeps = Pick<PlatformAppDeps, 'sessionKey' | 'clock'>

const session = (deps: SessionDeps) =>
  adminSession({
    cookieName: ADMIN_SESSION_COOKIE,
    purpose: PURPOSE,
    key: deps.sessionKey,
    clock: deps.clock,
  })

export async function sealAdminSession(deps: SessionDeps): Promise<string> {
  return session(deps).seal()
}

/** The `Set-Cookie` value of an admin session: `SameSite=Strict`, `Path=/admin`, `HttpOnly`. */
export function adminSessionCookie(token: string, secure: boolean): string {
  return formatCookie(ADMIN_SESSION_COOKIE, token, secure)
}

/** Whether the request carries a valid, unexpired admin session. */
export async function hasAdminSession(c: Context<AppEnv>, deps: SessionDeps): Promise<boolean> {
  return session(deps).has(c)
}
