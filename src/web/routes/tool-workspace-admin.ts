/**
 * The guard of a workspace's admin pages (`/admin/workspaces/:ws/...`): who may see them and
 * which workspace they are about. Stateless: it reads the sealed admin cookie on every request,
 * and for a workspace admin reads the member again, so a demoted admin loses access at once.
 *
 * CONTRACT (issue #6): every workspace admin page calls `page(c)` or `form(c)` first and returns
 * the `Response` it may give (a redirect to sign-in, or the 403 page for a signed-in member who
 * is not an admin of this workspace).
 */
import type { Context } from 'hono'
import type { Workspace } from '../../tool/ports.js'
import type { AdminSessionSubject } from '../admin-session.js'
import type { AppEnv } from '../env.js'
import { readPageForm } from '../read-input.js'
import { toolAdminSession } from '../tool-admin-session.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { ToolAdminForbiddenPage } from '../views/tool-admin-forbidden-page.js'
import { workspaceAdminPath } from '../views/tool-admin-layout.js'
import { assertSameOriginPost } from './platform-page-kit.js'
import { workspaceOf } from './tool-workspace-of.js'

/** Who is signed in: a workspace admin (email and password) or the server's admin token. */
export interface WorkspaceAdmin {
  /** The member ID of a workspace admin; absent for the server's admin token. */
  readonly memberId?: string
  readonly name?: string
  readonly email?: string
  /** Signed in with the server's admin token: every workspace. */
  readonly superAdmin: boolean
}

export interface WorkspaceAdminContext {
  readonly workspace: Workspace
  readonly admin: WorkspaceAdmin
}

export interface WorkspaceAdminGuards {
  /** Page headers, then the workspace and admin, or the sign-in redirect / 403 page. */
  page(c: Context<AppEnv>): Promise<WorkspaceAdminContext | Response>
  /** A same-origin form post of an admin of the workspace, with its form. */
  form(c: Context<AppEnv>): Promise<(WorkspaceAdminContext & { form: URLSearchParams }) | Response>
  /** `form`'s checks, the body left unread: for bodies that are not page forms (uploads). */
  post(c: Context<AppEnv>): Promise<WorkspaceAdminContext | Response>
}

/**
 * Admin pages: never cached or framed, only our own scripts and style sheet, and no referrer to
 * other sites. `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin: null`
 * with form posts (Fetch §3.1, "append a request `Origin` header"), which the same-origin check
 * of every admin form must refuse.
 */
export const TOOL_ADMIN_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

export function toolAdminPageHeaders(c: Context<AppEnv>): void {
  c.set('browserFlow', true)
  c.header('cache-control', 'no-store')
  c.header('content-security-policy', TOOL_ADMIN_CSP)
  c.header('referrer-policy', 'same-origin')
  c.header('x-frame-options', 'DENY')
}

export function workspaceAdminGuards(deps: ToolAppDeps): WorkspaceAdminGuards {
  const session = toolAdminSession(deps)
  const secure = deps.publicUrl.startsWith('https:')

  /** The admin of `c`'s workspace, or the response for anyone else. */
  async function admit(
    c: Context<AppEnv>,
    signIn: () => Response,
  ): Promise<WorkspaceAdminContext | Response> {
    const opened = await session.open(c)
    if (!opened) return signIn()
    const workspace = await workspaceOf(deps.stores, c)
    if (!opened.subject) return { workspace, admin: { superAdmin: true } }
    const member = await deps.stores.members.findById(
      opened.subject.workspaceId,
      opened.subject.memberId,
    )
    if (!member) {
      // The account is gone: its session ends with it.
      c.header('set-cookie', session.clearCookie(secure))
      return signIn()
    }
    const admin: WorkspaceAdmin = {
      memberId: member.id,
      ...(member.name !== undefined && { name: member.name }),
      ...(member.email !== undefined && { email: member.email }),
      superAdmin: false,
    }
    if (member.role === 'Admin' && member.workspaceId === workspace.id) {
      return { workspace, admin }
    }
    return forbidden(c, workspace, admin, member.role === 'Admin' ? opened.subject : undefined)
  }

  async function forbidden(
    c: Context<AppEnv>,
    workspace: Workspace,
    admin: WorkspaceAdmin,
    own: AdminSessionSubject | undefined,
  ): Promise<Response> {
    c.get('log').info(
      { code: 'LTI_ADMIN_FORBIDDEN', memberId: admin.memberId, workspaceId: workspace.id },
      'admin page refused: not an admin of this workspace',
    )
    const home = own && (await deps.stores.workspaces.find(own.workspaceId))
    const page = ToolAdminForbiddenPage({
      workspaceName: workspace.name,
      admin,
      ...(home && { home: { name: home.name, href: workspaceAdminPath(home, 'lti') } }),
    })
    return c.html(page, 403)
  }

  async function post(c: Context<AppEnv>): Promise<WorkspaceAdminContext | Response> {
    toolAdminPageHeaders(c)
    // The cookie is `SameSite=Strict` as well; this also refuses browsers that ignore it.
    assertSameOriginPost(c, deps.publicUrl)
    return admit(c, () => c.redirect('/admin/login', 303))
  }

  return {
    async page(c) {
      toolAdminPageHeaders(c)
      return admit(c, () => {
        const url = new URL(c.req.url)
        return c.redirect(`/admin/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
      })
    },
    async form(c) {
      const admitted = await post(c)
      if (admitted instanceof Response) return admitted
      return { ...admitted, form: await readPageForm(c) }
    },
    post,
  }
}
