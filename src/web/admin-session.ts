/**
 * An admin's browser session: a sealed, HttpOnly cookie set once the admin token was typed into
 * a sign-in form, since a browser cannot send the admin API's bearer header. Stateless like the
 * user sessions; each server seals under a purpose of its own, so no other token opens as one.
 */
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Clock, MacKey } from '../core/ports.js'
import { openToken, sealToken } from '../core/security/sealed-token.js'
import type { AppEnv } from './env.js'

export const ADMIN_SESSION_TTL_SECONDS = 60 * 60

export interface AdminSessionOptions {
  readonly cookieName: string
  /** The sealing purpose: distinct per server and from every other token of the same key. */
  readonly purpose: string
  readonly key: MacKey
  readonly clock: Clock
}

export interface AdminSession {
  readonly cookieName: string
  /** A fresh session token, valid {@link ADMIN_SESSION_TTL_SECONDS}. */
  seal(): Promise<string>
  /**
   * The `Set-Cookie` value: `SameSite=Strict`, as admin pages are never reached from another
   * site, only under `/admin`, and `Secure` when the server is on HTTPS.
   */
  cookie(token: string, secure: boolean): string
  /** Whether the request carries a valid, unexpired session. */
  has(c: Context<AppEnv>): Promise<boolean>
}

/** The `Set-Cookie` value of an admin session; see {@link AdminSession.cookie}. */
export function adminSessionCookie(cookieName: string, token: string, secure: boolean): string {
  return `${cookieName}=${token}; Max-Age=${ADMIN_SESSION_TTL_SECONDS}; Path=/admin; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`
}

export function adminSession(options: AdminSessionOptions): AdminSession {
  const { cookieName, purpose, key, clock } = options
  const nowSeconds = () => Math.floor(clock.now() / 1000)
  return {
    cookieName,
    seal: () =>
      sealToken(purpose, { adm: true, exp: nowSeconds() + ADMIN_SESSION_TTL_SECONDS }, key),
    cookie: (token, secure) => adminSessionCookie(cookieName, token, secure),
    has: async (c) => {
      const token = getCookie(c, cookieName)
      if (!token) return false
      const payload = await openToken(purpose, token, key)
      return payload?.adm === true && typeof payload.exp === 'number' && payload.exp > nowSeconds()
    },
  }
}
