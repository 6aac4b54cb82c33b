/**
 * Who may use the platform's admin pages: a signed-in user marked as an LMS admin, or a browser
 * holding the admin-token session (`/admin/login`, shared with the tool's admin pages). A
 * signed-in user who is not an admin gets a 403 page saying so; anybody else is sent to sign in.
 */
import type { Context, Hono } from 'hono'
import type { AppEnv } from './env.js'
import { platformAdminSession } from './platform-admin-session.js'
import type { PlatformAppDeps } from './platform-deps.js'
import { readSignedInUser } from './platform-session.js'
import { readPageForm } from './read-input.js'
import { adminSignIn } from './routes/admin-sign-in.js'
import {
  adminPageHeaders,
  assertPageFormToken,
  assertSameOriginPost,
  headerUser,
} from './routes/platform-page-kit.js'
import { AdminLoginPage } from './views/platform-admin-pages.js'
import { ForbiddenPage } from './views/platform-forbidden-page.js'
import type { HeaderUser } from './views/platform-layout.js'

/** Who is using an admin page: an admin user, or the holder of the admin token. */
export type AdminViewer =
  { readonly kind: 'user'; readonly user: HeaderUser } | { readonly kind: 'token' }

export interface PlatformAdminGuard {
  /** Admin page headers, then the viewer, or the response to send instead (sign-in or 403). */
  page(c: Context<AppEnv>): Promise<AdminViewer | Response>
  /** A same-origin admin form post: its form and viewer, or the response to send instead. */
  form(c: Context<AppEnv>): Promise<{ form: URLSearchParams; viewer: AdminViewer } | Response>
}

/** Mounts `/admin/login` on `app` and returns the guard of the other admin pages. */
export function platformAdminGuard(app: Hono<AppEnv>, deps: PlatformAppDeps): PlatformAdminGuard {
  const token = adminSignIn(app, {
    session: platformAdminSession(deps),
    adminToken: deps.adminToken,
    publicUrl: deps.publicUrl,
    pageHeaders: adminPageHeaders,
    home: '/admin/tools',
    loginPage: (props) => <AdminLoginPage {...props} />,
  })

  const forbidden = async (c: Context<AppEnv>, user: HeaderUser) => {
    c.get('log').info({ code: 'LTI_LMS_ADMIN_REQUIRED' }, 'admin page refused to a non-admin')
    return c.html(<ForbiddenPage user={user} />, 403)
  }

  return {
    async page(c) {
      adminPageHeaders(c)
      const user = await readSignedInUser(c, deps)
      if (user?.isAdmin) return { kind: 'user', user: await headerUser(c, deps, user) }
      const redirect = await token.adminOrSignIn(c)
      if (!redirect) return { kind: 'token' }
      return user ? forbidden(c, await headerUser(c, deps, user)) : redirect
    },

    async form(c) {
      adminPageHeaders(c)
      assertSameOriginPost(c, deps.publicUrl)
      const user = await readSignedInUser(c, deps)
      if (user?.isAdmin) {
        const form = await readPageForm(c)
        // The user's session cookie may be SameSite=None (HTTPS): the form carries its token.
        await assertPageFormToken(c, deps, form)
        return { form, viewer: { kind: 'user', user: await headerUser(c, deps, user) } }
      }
      const form = await token.adminForm(c)
      if (!(form instanceof Response)) return { form, viewer: { kind: 'token' } }
      return user ? forbidden(c, await headerUser(c, deps, user)) : form
    },
  }
}
