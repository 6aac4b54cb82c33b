/**
 * The 403 page of a workspace's admin pages: the signed-in account is not an admin of this
 * workspace. It says so plainly and offers the way out: sign out (to sign in with another
 * account), or back to the workspace the account does administer.
 */
import { ToolAdminHeader } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'
import { ToolDocument } from './tool-document.js'

export interface ToolAdminForbiddenPageProps {
  readonly workspaceName: string
  readonly admin: ToolAdminHeaderAdmin
  /** The account's own workspace, when it still administers one. */
  readonly home?: { readonly name: string; readonly href: string }
}

export function ToolAdminForbiddenPage(props: ToolAdminForbiddenPageProps) {
  return (
    <ToolDocument title="Admins only">
      <ToolAdminHeader admin={props.admin} />
      <main id="main" class="narrow">
        <div class="card stack" data-testid="forbidden">
          <h1>You need to be an admin of {props.workspaceName}</h1>
          <p>
            You are signed in as{' '}
            <strong>{props.admin.name ?? props.admin.email ?? 'a workspace member'}</strong>, who is
            not an admin of this workspace. Ask one of its admins to give you access, or sign in
            with another account.
          </p>
          <div class="row">
            {props.home ? (
              <a
                class="button button-secondary"
                href={props.home.href}
                data-testid="forbidden-home"
              >
                Back to {props.home.name}
              </a>
            ) : null}
            <form method="post" action="/admin/logout">
              <button type="submit">Sign in with another account</button>
            </form>
          </div>
        </div>
      </main>
    </ToolDocument>
  )
}
