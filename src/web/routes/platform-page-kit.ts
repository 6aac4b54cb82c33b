/**
 * What every server-rendered platform page shares: response headers, the sign-in redirect, the
 * same-origin check of form posts and the sign-out token.
 */
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { LtiRequestInvalid } from '../../core/errors.js'
import type { User } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { PLATFORM_SESSION_COOKIE, readSignedInUser } from '../platform-session.js'

/**
 * Pages carry people's names and grades: never cached, never framed by another site, and no
 * script at all (the pages need none; deep-linked HTML lives in sandboxed iframes). No
 * `form-action`: browsers apply it to the redirects after a post too, and signing in may
 * redirect to a launch, which redirects on to the tool's login URL.
 */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:; " +
  "frame-ancestors 'self'; base-uri 'none'"

export function pageHeaders(c: Context<AppEnv>): void {
  c.set('browserFlow', true)
  c.header('cache-control', 'no-store')
  c.header('content-security-policy', CSP)
  c.header('referrer-policy', 'no-referrer')
}

/** The signed-in user, or a redirect to the sign-in form that comes back here afterwards. */
export async function userOrSignIn(
  c: Context<AppEnv>,
  deps: PlatformAppDeps,
): Promise<User | Response> {
  const user = await readSignedInUser(c, deps)
  if (user) return user
  const url = new URL(c.req.url)
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
}

/**
 * `next` when it is a path on this site, else `/`: an open redirect after sign-in would lend
 * our name to phishing. `//host` and `/\host` are other hosts to a browser.
 */
export function safeNext(value: string | null | undefined): string {
  if (!value || value.length > 2048 || !/^\/(?![/\\])/.test(value)) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/'
  const base = 'http://platform.invalid'
  const url = new URL(value, base)
  return url.origin === base ? url.pathname + url.search : '/'
}

/**
 * Refuses a form post another site made the browser send (login CSRF, forced sign-out): the
 * `Origin` header, when sent, must be ours, and Fetch Metadata must not say cross-site.
 * @throws LTI_REQUEST_INVALID for a cross-site post.
 */
export function assertSameOriginPost(c: Context<AppEnv>, publicUrl: string): void {
  const origin = c.req.header('origin')
  const site = c.req.header('sec-fetch-site')
  const ours = new URL(publicUrl).origin
  if (
    (origin !== undefined && origin !== ours) ||
    (site && !['same-origin', 'none'].includes(site))
  ) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'cross-site form post refused', {
      fields: { origin: 'form posts must come from this site' },
      cause: { origin, site },
    })
  }
}

/** The sign-out form's token: a MAC of the session cookie, so only our page can post it. */
export async function logoutToken(
  c: Context<AppEnv>,
  deps: Pick<PlatformAppDeps, 'sessionKey'>,
): Promise<string> {
  const session = getCookie(c, PLATFORM_SESSION_COOKIE) ?? ''
  return deps.sessionKey.mac(`platform-logout-v1.${session}`)
}

export async function checkLogoutToken(
  c: Context<AppEnv>,
  deps: Pick<PlatformAppDeps, 'sessionKey'>,
  token: string,
): Promise<boolean> {
  const session = getCookie(c, PLATFORM_SESSION_COOKIE) ?? ''
  if (!token || token.length > 200) return false
  return deps.sessionKey.verify(`platform-logout-v1.${session}`, token)
}
