/**
 * An admin's browser session: a sealed, HttpOnly cookie set once the admin token was typed into
 * a sign-in form, since a browser cannot send the admin API's bearer header, or (tool) once a
 * workspace admin signed in with email and password. Stateless like the user sessions; each
 * server seals under a purpose of its own, so no other token opens as one.
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

/** Whom a session of one workspace's admin is for; sessions without one are the server admin's. */
export interface AdminSessionSubject {
  readonly memberId: string
  readonly workspaceId: string
}

export interface AdminSession {
  readonly cookieName: string
  /**
   * A fresh session token, valid {@link ADMIN_SESSION_TTL_SECONDS}: the server admin's (signed in
   * with the admin token), or with `subject` a workspace admin's (email and password).
   */
  seal(subject?: AdminSessionSubject): Promise<string>
  /**
   * The `Set-Cookie` value: `SameSite=Strict`, as admin pages are never reached from another
   * site, only under `/admin`, and `Secure` when the server is on HTTPS.
   */
  cookie(token: string, secure: boolean): string
  /** The `Set-Cookie` value that ends the session (sign-out). */
  clearCookie(secure: boolean): string
  /** Whether the request carries a valid, unexpired session of the server admin. */
  has(c: Context<AppEnv>): Promise<boolean>
  /**
   * The request's valid, unexpired session: `{}` for the server admin, `{ subject }` for a
   * workspace admin (whose member the caller still has to check), `undefined` for none.
   */
  open(c: Context<AppEnv>): Promise<{ subject?: AdminSessionSubject } | undefined>
}

/** The `Set-Cookie` value of an admin session; see {@link AdminSession.cookie}. */
export function adminSessionCookie(cookieName: string, token: string, secure: boolean): string {
  return `${cookieName}=${token}; Max-Age=${ADMIN_SESSION_TTL_SECONDS}; Path=/admin; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`
}

export function adminSession(options: AdminSessionOptions): AdminSession {
  const { cookieName, purpose, key, clock } = options
  const nowSeconds = () => Math.floor(clock.now() / 1000)
  const open = async (c: Context<AppEnv>) => {
    const token = getCookie(c, cookieName)
    if (!token) return undefined
    const payload = await openToken(purpose, token, key)
    if (payload?.adm !== true || typeof payload.exp !== 'number' || payload.exp <= nowSeconds()) {
      return undefined
    }
    const { mid, wid } = payload
    if (mid === undefined && wid === undefined) return {}
    return typeof mid === 'string' && typeof wid === 'string'
      ? { subject: { memberId: mid, workspaceId: wid } }
      : undefined
  }
  return {
    cookieName,
    seal: (subject) =>
      sealToken(
        purpose,
        {
          adm: true,
          exp: nowSeconds() + ADMIN_SESSION_TTL_SECONDS,
          ...(subject && { mid: subject.memberId, wid: subject.workspaceId }),
        },
        key,
      ),
    cookie: (token, secure) => adminSessionCookie(cookieName, token, secure),
    clearCookie: (secure) =>
      `${cookieName}=; Max-Age=0; Path=/admin; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
    // A workspace admin's session is no server admin's: only sessions without a subject count.
    has: async (c) => {
      const session = await open(c)
      return session !== undefined && session.subject === undefined
    },
    open,
  }
}
