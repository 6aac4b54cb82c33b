import type { Child } from 'hono/jsx'
import { PLATFORM_STYLESHEET_PATH } from '../static/platform-stylesheet.js'
import { HtmlDocument } from './html-document.js'

/** The signed-in user in the header, with the tokens of the page's forms. */
export interface HeaderUser {
  readonly name: string
  /** Shows the "Admin" link. */
  readonly isAdmin?: boolean
  /** The sign-out form's token. */
  readonly logoutToken: string
  /** The token of the page's other forms (`csrf` field). */
  readonly formToken?: string
}

/** Which part of the site a page belongs to, marked in the navigation. */
export type Section = 'courses' | 'admin'

export interface PlatformLayoutProps {
  readonly title: string
  readonly user?: HeaderUser
  readonly section?: Section
  /** Admin pages reached with the admin token, without a signed-in user. */
  readonly adminByToken?: boolean
  /** Our own scripts the page loads (the page's CSP must allow `script-src 'self'`). */
  readonly scripts?: readonly string[]
  readonly children: Child
}

/**
 * The frame of every platform page: the one style sheet, a header with the navigation and the
 * signed-in user, then the page's content. No inline style or script anywhere.
 */
export function PlatformLayout(props: PlatformLayoutProps) {
  const { user, section } = props
  const current = (s: Section) => (section === s ? { 'aria-current': 'page' } : {})
  return (
    <HtmlDocument title={`${props.title} · ltikit LMS`} stylesheets={[PLATFORM_STYLESHEET_PATH]}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href="/">
          ltikit LMS
        </a>
        {user || props.adminByToken ? (
          <nav class="site-nav" aria-label="Main">
            <ul>
              {user ? (
                <li>
                  <a href="/" {...current('courses')}>
                    My courses
                  </a>
                </li>
              ) : null}
              {user?.isAdmin || props.adminByToken ? (
                <li>
                  <a href="/admin/tools" data-testid="nav-admin" {...current('admin')}>
                    Admin
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
        {user ? (
          <div class="account">
            <span data-testid="signed-in-user">{user.name}</span>
            <form method="post" action="/logout" class="inline-form">
              <input type="hidden" name="csrf" value={user.logoutToken} />
              <button type="submit" class="link">
                Sign out
              </button>
            </form>
          </div>
        ) : props.adminByToken ? (
          <div class="account muted">Signed in with the admin token</div>
        ) : null}
      </header>
      <main id="main">{props.children}</main>
      {(props.scripts ?? []).map((src) => (
        <script src={src} />
      ))}
    </HtmlDocument>
  )
}
