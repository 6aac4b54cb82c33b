/**
 * The tool admin's sign-in page (workspace admins with email and password; the server operator
 * with the admin token) and the server admin's list of workspaces.
 */
import type { Workspace } from '../../tool/ports.js'
import { MAX_PASSWORD_LENGTH } from '../../platform/password.js'
import { ToolAdminHeader, workspaceAdminPath } from './tool-admin-layout.js'
import { AdminTokenField, EmailPasswordFields, SignInForm } from './sign-in-fields.js'
import { ToolDocument } from './tool-document.js'

export interface ToolAdminLoginPageProps {
  readonly next: string
  readonly failed?: boolean
  /** Which form failed: the admin token's (default) or email and password. */
  readonly method?: 'token' | 'password'
  readonly email?: string
}

export function ToolAdminLoginPage(props: ToolAdminLoginPageProps) {
  const failed = props.failed ? (props.method ?? 'token') : undefined
  return (
    <ToolDocument title="Sign in · ltikit">
      <main id="main" class="narrow">
        <div class="card stack">
          <h1>Sign in to ltikit</h1>
          <p class="muted">Workspace admins: sign in with your email and password.</p>
          {failed === 'password' ? (
            <p class="error-box" role="alert" data-testid="admin-sign-in-error">
              <strong>Email or password wrong.</strong> Check both and try again.
            </p>
          ) : null}
          <SignInForm action="/admin/login" next={props.next}>
            <EmailPasswordFields email={props.email} passwordMaxLength={MAX_PASSWORD_LENGTH} />
            <button type="submit">Sign in</button>
          </SignInForm>
        </div>
        <details class="card" open={failed === 'token'}>
          <summary>Sign in with the server's admin token</summary>
          <div class="stack">
            <p class="muted">
              For the server operator: the ADMIN_TOKEN this tool runs with opens every workspace.
            </p>
            {failed === 'token' ? (
              <p class="error-box" role="alert" data-testid="admin-sign-in-error">
                <strong>Admin token wrong.</strong> Enter the ADMIN_TOKEN this tool runs with.
              </p>
            ) : null}
            <SignInForm action="/admin/login" next={props.next}>
              <AdminTokenField />
              <button type="submit" class="button-secondary">
                Sign in with admin token
              </button>
            </SignInForm>
          </div>
        </details>
      </main>
    </ToolDocument>
  )
}

export function AdminWorkspacesPage(props: { workspaces: readonly Workspace[] }) {
  return (
    <ToolDocument title="Workspaces · ltikit">
      <ToolAdminHeader admin={{ superAdmin: true }} />
      <main id="main">
        <div class="card stack">
          <h1>Workspaces</h1>
          {props.workspaces.length === 0 ? (
            <p class="empty">
              No workspace yet. Create one with <span class="ref">POST /api/workspaces</span>.
            </p>
          ) : (
            <div class="table-scroll">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Workspace</th>
                    <th scope="col">Slug</th>
                  </tr>
                </thead>
                <tbody>
                  {props.workspaces.map((workspace) => (
                    <tr data-testid="workspace">
                      <td>
                        <a href={workspaceAdminPath(workspace, 'lti')}>{workspace.name}</a>
                      </td>
                      <td>
                        <span class="ref">{workspace.slug}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </main>
    </ToolDocument>
  )
}
