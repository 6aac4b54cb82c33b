/**
 * Password sign-in and sign-out of platform users. The session is a sealed cookie
 * (`platform-session.ts`); the authentication endpoint of launches reads the same cookie.
 */
import { Hono } from 'hono'
import { LtiRequestInvalid } from '../../core/errors.js'
import { verifyPassword, verifyPasswordOfUnknownUser } from '../../platform/password.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import {
  clearPlatformSessionCookie,
  platformSessionCookie,
  sealPlatformSession,
  secureCookies,
} from '../platform-session.js'
import { readPageForm as readForm } from '../read-input.js'
import { LoginPage } from '../views/platform-login-page.js'
import {
  assertSameOriginPost,
  checkLogoutToken,
  pageHeaders,
  safeNext,
} from './platform-page-kit.js'

/** A sign-in form is a few hundred bytes. */
export function platformSignInRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const secure = secureCookies(deps.publicUrl)

  app.get('/login', (c) => {
    pageHeaders(c)
    return c.html(<LoginPage next={safeNext(c.req.query('next'))} />)
  })

  app.post('/login', async (c) => {
    pageHeaders(c)
    assertSameOriginPost(c, deps.publicUrl)
    const form = await readForm(c)
    const email = (form.get('email') ?? '').trim().toLowerCase().slice(0, 254)
    const password = form.get('password') ?? ''
    const next = safeNext(form.get('next'))
    const user = email ? await deps.stores.users.findUserByEmail(email) : undefined
    // The same scrypt work whether or not the address exists: no timing oracle for e-mails.
    const valid = user
      ? await verifyPassword(password, user.passwordHash)
      : await verifyPasswordOfUnknownUser(password)
    if (!user || !valid) {
      c.get('log').info({ code: 'LTI_SIGN_IN_FAILED' }, 'sign-in failed')
      return c.html(<LoginPage next={next} email={email} error="LTI_SIGN_IN_FAILED" />, 401)
    }
    const token = await sealPlatformSession(user.id, deps)
    c.header('set-cookie', platformSessionCookie(token, secure))
    c.get('log').info({ userId: user.id }, 'signed in')
    return c.redirect(next, 303)
  })

  app.post('/logout', async (c) => {
    pageHeaders(c)
    assertSameOriginPost(c, deps.publicUrl)
    const form = await readForm(c)
    if (!(await checkLogoutToken(c, deps, form.get('csrf') ?? ''))) {
      throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'sign-out token missing or wrong', {
        fields: { csrf: 'reload the page and sign out again' },
      })
    }
    c.header('set-cookie', clearPlatformSessionCookie())
    return c.redirect('/login', 303)
  })

  return app
}
