/**
 * The frame of every workspace admin page: the product and workspace name, the signed-in admin
 * with a sign-out button, the workspace's sections as navigation (the current one marked with
 * `aria-current`), a flash notice and the page. CONTRACT (issue #6): section pages render
 * inside it; the tool's style sheet (`static/tool-stylesheet`) styles it.
 */
import type { Child } from 'hono/jsx'
import { ToolDocument } from './tool-document.js'

export type ToolAdminSection = 'lti' | 'scenarios' | 'launches' | 'grades' | 'rosters'

/** Who is signed in, as the header shows it (structurally `WorkspaceAdmin` of the guard). */
export interface ToolAdminHeaderAdmin {
  readonly name?: string
  readonly email?: string
  readonly superAdmin: boolean
}

export interface ToolAdminLayoutProps {
  readonly title: string
  readonly workspace: { readonly id: string; readonly slug: string; readonly name: string }
  readonly section?: ToolAdminSection
  /** A confirmation shown at the top ("LTI configuration saved"). */
  readonly notice?: string
  /** The signed-in admin (`WorkspaceAdminContext.admin`): their name beside "Sign out". */
  readonly admin?: ToolAdminHeaderAdmin
  /** Our own scripts the page needs (the copy button's). */
  readonly scripts?: readonly string[]
  readonly children: Child
}

/** `/admin/workspaces/{slug}/{section}`. */
export function workspaceAdminPath(
  workspace: { readonly slug: string },
  ...rest: readonly string[]
): string {
  return ['/admin/workspaces', ...[workspace.slug, ...rest].map(encodeURIComponent)].join('/')
}

const SECTIONS: readonly (readonly [ToolAdminSection, string])[] = [
  ['scenarios', 'Scenarios'],
  ['launches', 'Launch log'],
  ['grades', 'Grade passback'],
  ['rosters', 'Rosters'],
  ['lti', 'LTI 1.3 settings'],
]

export function ToolAdminLayout(props: ToolAdminLayoutProps) {
  const { workspace } = props
  return (
    <ToolDocument title={`${props.title} · ${workspace.name}`} scripts={props.scripts}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <ToolAdminHeader workspaceName={workspace.name} admin={props.admin} />
      <nav class="app-nav" aria-label="Workspace">
        <ul>
          {SECTIONS.map(([section, label]) => (
            <li>
              <a
                href={workspaceAdminPath(workspace, section)}
                aria-current={section === props.section ? 'page' : undefined}
                data-testid={`nav-${section}`}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        {props.notice ? (
          <p class="notice" role="status" data-testid="notice">
            {props.notice}
          </p>
        ) : null}
        {props.children}
      </main>
    </ToolDocument>
  )
}

/** The header line: product, workspace, and who is signed in with the sign-out button. */
export function ToolAdminHeader(props: { workspaceName?: string; admin?: ToolAdminHeaderAdmin }) {
  const { admin } = props
  const who = admin?.superAdmin ? 'Server admin' : (admin?.name ?? admin?.email)
  return (
    <header class="app-header">
      <span>
        <span class="brand">ltikit</span>
        {props.workspaceName ? (
          <span class="brand-workspace" data-testid="workspace-name">
            {' '}
            · {props.workspaceName}
          </span>
        ) : null}
      </span>
      <span class="account">
        {who ? (
          <span class="muted" data-testid="signed-in-admin">
            {who}
          </span>
        ) : null}
        {admin?.superAdmin ? <a href="/admin/workspaces">All workspaces</a> : null}
        <form method="post" action="/admin/logout">
          <button type="submit" class="button-secondary" data-testid="sign-out">
            Sign out
          </button>
        </form>
      </span>
    </header>
  )
}
