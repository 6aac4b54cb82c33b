/**
 * What every server-rendered platform page shares: response headers, the sign-in redirect, the
 * same-origin check of form posts and the sign-out token.
 */
import type { Context, ErrorHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { LtiRequestInvalid } from '../../core/errors.js'
import type { User } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import { onError } from '../on-error.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { PLATFORM_SESSION_COOKIE, readSignedInUser } from '../platform-session.js'
import type { HeaderUser } from '../views/platform-layout.js'
import { isSameOriginPost } from '../same-origin.js'

/** What a page may load besides the platform's own stylesheet. */
export interface PageCsp {
  /** The page loads our own scripts (`script-src 'self'`). */
  readonly scripts?: boolean
  /** Sources the page may frame (`frame-src`); none when absent. */
  readonly frames?: readonly string[]
  /** Who may frame the page: our own pages (default), or nobody (admin pages). */
  readonly frameAncestors?: "'self'" | "'none'"
}

/**
 * The Content-Security-Policy of a platform page. Pages carry people's names and grades: styles
 * and scripts only from our own paths, no inline code, and deep-linked HTML only in sandboxed
 * iframes. No `form-action`: browsers apply it to the redirects after a post too, and signing in
 * may redirect to a launch, which redirects on to the tool's login URL.
 */
export function pageCsp(options: PageCsp = {}): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    'img-src https: http:',
    ...(options.scripts ? ["script-src 'self'"] : []),
    ...(options.frames?.length ? [`frame-src ${options.frames.join(' ')}`] : []),
    `frame-ancestors ${options.frameAncestors ?? "'self'"}`,
    "base-uri 'none'",
  ].join('; ')
}

/** Headers of every platform page: never cached, no referrer, and its {@link pageCsp}. */
export function pageHeaders(c: Context<AppEnv>, csp: PageCsp = {}): void {
  c.set('browserFlow', true)
  c.header('cache-control', 'no-store')
  c.header('content-security-policy', pageCsp(csp))
  c.header('referrer-policy', 'no-referrer')
  if (csp.frameAncestors === "'none'") c.header('x-frame-options', 'DENY')
}

/** Admin pages: clickjacking would lend an admin's clicks to another site, so never framed. */
export function adminPageHeaders(c: Context<AppEnv>): void {
  pageHeaders(c, { frameAncestors: "'none'" })
}

/**
 * The error handler of the platform's page routes: the shared one (STYLE.md §2), which gives the
 * error page its own policy (its style sheet allowed by hash) and keeps the failed page's
 * `frame-ancestors`, so an admin page's error stays unframed. A page that failed before setting
 * its policy gets the pages' default first: its error shows as one of our pages.
 */
export function pageErrors(): ErrorHandler<AppEnv> {
  const shared = onError()
  return (err, c) => {
    if (c.get('browserFlow') && !c.res.headers.has('content-security-policy')) {
      c.header('content-security-policy', pageCsp())
    }
    return shared(err, c)
  }
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
  if (!isSameOriginPost({ origin, site }, publicUrl)) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'cross-site form post refused', {
      fields: { origin: 'form posts must come from this site' },
      cause: { origin, site },
    })
  }
}

/** The header of a signed-in user's page: name, admin link, and the tokens of its forms. */
export async function headerUser(
  c: Context<AppEnv>,
  deps: Pick<PlatformAppDeps, 'sessionKey'>,
  user: User,
): Promise<HeaderUser> {
  const [logout, form] = await Promise.all([logoutToken(c, deps), pageFormToken(c, deps)])
  return { name: user.name, isAdmin: user.isAdmin, logoutToken: logout, formToken: form }
}

/** The sign-out form's token: a MAC of the session cookie, so only our page can post it. */
export async function logoutToken(
  c: Context<AppEnv>,
  deps: Pick<PlatformAppDeps, 'sessionKey'>,
): Promise<string> {
  const session = getCookie(c, PLATFORM_SESSION_COOKIE) ?? ''
  return deps.sessionKey.mac(`platform-logout-v1.${session}`)
}

/**
 * The token of the other forms of a signed-in user's pages (add an activity, admin forms): a MAC
 * of the session cookie, as for signing out, under a purpose of its own. The same-origin check
 * refuses cross-site posts already; this also holds where the session cookie is `SameSite=None`.
 */
export async function pageFormToken(
  c: Context<AppEnv>,
  deps: Pick<PlatformAppDeps, 'sessionKey'>,
): Promise<string> {
  const session = getCookie(c, PLATFORM_SESSION_COOKIE) ?? ''
  return deps.sessionKey.mac(`platform-form-v1.${session}`)
}

/** @throws LTI_REQUEST_INVALID when the form's `csrf` field is not this session's token. */
export async function assertPageFormToken(
  c: Context<AppEnv>,
  deps: Pick<PlatformAppDeps, 'sessionKey'>,
  form: URLSearchParams,
): Promise<void> {
  const session = getCookie(c, PLATFORM_SESSION_COOKIE)
  const token = form.get('csrf') ?? ''
  const valid =
    session !== undefined &&
    token.length > 0 &&
    token.length <= 200 &&
    (await deps.sessionKey.verify(`platform-form-v1.${session}`, token))
  if (!valid) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'form token missing or wrong', {
      fields: { csrf: 'reload the page and send the form again' },
    })
  }
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
