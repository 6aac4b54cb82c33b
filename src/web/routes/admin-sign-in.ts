/**
 * The admin sign-in both servers' admin pages share: `GET/POST /admin/login` (the admin token
 * typed into a form buys a sealed `SameSite=Strict` cookie; the tool also signs workspace admins
 * in with email and password), `POST /admin/logout`, and the two guards of the pages behind it.
 * Each server brings its own session purpose, page headers and sign-in view.
 */
import type { Context, Hono } from 'hono'
import type { AppEnv } from '../env.js'
import type { AdminSession, AdminSessionSubject } from '../admin-session.js'
import { isAdminToken } from '../middleware/admin-auth.js'
import { readPageForm } from '../read-input.js'
import { assertSameOriginPost, safeNext } from './platform-page-kit.js'

export interface AdminSignInOptions {
  readonly session: AdminSession
  readonly adminToken: string
  readonly publicUrl: string
  /** Headers of every admin page (caching, CSP, referrer); also marks the flow as a browser's. */
  pageHeaders(c: Context<AppEnv>): void
  /** Where a sign-in without a `next` admin page lands. */
  readonly home: string
  /** The sign-in form, again with `failed` after a wrong token (or email and password). */
  loginPage(props: AdminLoginPageProps): string | Promise<string>
  /**
   * Sign-in with `email` and `password` fields as well (the tool's workspace admins): the
   * session's subject and the page to land on, or `undefined` when the email or password is
   * wrong. It must spend the same time whether or not the email is known.
   */
  passwordSignIn?(credentials: {
    email: string
    password: string
    next: string
  }): Promise<{ subject: AdminSessionSubject; next: string } | undefined>
}

export interface AdminLoginPageProps {
  readonly next: string
  readonly failed?: boolean
  /** Which form failed: the admin token's (default) or email and password. */
  readonly method?: 'token' | 'password'
  /** The email typed, kept after a failed sign-in. */
  readonly email?: string
}

export interface AdminGuards {
  /** Page headers, then `undefined` for an admin, or the redirect to the admin sign-in. */
  adminOrSignIn(c: Context<AppEnv>): Promise<Response | undefined>
  /** A same-origin form post of an admin: its form, or the redirect to the admin sign-in. */
  adminForm(c: Context<AppEnv>): Promise<URLSearchParams | Response>
}

/** Mounts `/admin/login` on `app` and returns the guards of the admin pages. */
export function adminSignIn(app: Hono<AppEnv>, options: AdminSignInOptions): AdminGuards {
  const { session, pageHeaders } = options
  const secure = options.publicUrl.startsWith('https:')
  // Only admin pages are followed after the admin sign-in.
  const adminNext = (value: string | null | undefined): string => {
    const next = safeNext(value)
    return next.startsWith('/admin/') ? next : options.home
  }

  app.get('/admin/login', async (c) => {
    pageHeaders(c)
    return c.html(await options.loginPage({ next: adminNext(c.req.query('next')) }))
  })

  app.post('/admin/login', async (c) => {
    pageHeaders(c)
    assertSameOriginPost(c, options.publicUrl)
    const form = await readPageForm(c)
    const next = adminNext(form.get('next'))
    if (options.passwordSignIn && form.has('email')) {
      const email = (form.get('email') ?? '').trim().slice(0, 254)
      const password = form.get('password') ?? ''
      const signedIn = await options.passwordSignIn({ email, password, next })
      if (!signedIn) {
        // One answer for an unknown email and a wrong password: no account enumeration.
        c.get('log').info({ code: 'LTI_ADMIN_SIGN_IN_FAILED' }, 'admin sign-in failed')
        const page = await options.loginPage({ next, failed: true, method: 'password', email })
        return c.html(page, 401)
      }
      c.header('set-cookie', session.cookie(await session.seal(signedIn.subject), secure))
      c.get('log').info({ ...signedIn.subject }, 'workspace admin signed in')
      return c.redirect(signedIn.next, 303)
    }
    if (!isAdminToken(form.get('token') ?? '', options.adminToken)) {
      c.get('log').info({ code: 'LTI_AUTH_REQUIRED' }, 'admin sign-in failed')
      return c.html(await options.loginPage({ next, failed: true }), 401)
    }
    c.header('set-cookie', session.cookie(await session.seal(), secure))
    c.get('log').info('admin signed in')
    return c.redirect(next, 303)
  })

  // A post, not a link: a cross-site page cannot sign the admin out (same-origin check).
  app.post('/admin/logout', async (c) => {
    pageHeaders(c)
    assertSameOriginPost(c, options.publicUrl)
    c.header('set-cookie', session.clearCookie(secure))
    return c.redirect('/admin/login', 303)
  })

  return {
    async adminOrSignIn(c) {
      pageHeaders(c)
      if (await session.has(c)) return undefined
      const url = new URL(c.req.url)
      return c.redirect(`/admin/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
    },
    async adminForm(c) {
      pageHeaders(c)
      // The cookie is `SameSite=Strict` as well; this also refuses browsers that ignore it.
      assertSameOriginPost(c, options.publicUrl)
      if (!(await session.has(c))) return c.redirect('/admin/login', 303)
      return readPageForm(c)
    },
  }
}
