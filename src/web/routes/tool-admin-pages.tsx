/**
 * The tool admin's browser pages, mounted at the root: sign-in (workspace admins with email and
 * password; the server operator with the admin token, as a browser cannot send the API's bearer
 * header), the server admin's list of workspaces, each workspace's LTI settings, and the style
 * sheet and copy script these pages load from our own paths.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../env.js'
import { COPY_BUTTON_SCRIPT, COPY_BUTTON_SCRIPT_PATH } from '../static/copy-button.js'
import { TOOL_STYLESHEET, TOOL_STYLESHEET_PATH } from '../static/tool-stylesheet.js'
import { toolAdminSession } from '../tool-admin-session.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { AdminWorkspacesPage, ToolAdminLoginPage } from '../views/tool-admin-pages.js'
import { workspaceAdminPath } from '../views/tool-admin-layout.js'
import { workspaceAdminPasswordSignIn } from '../workspace-admin-sign-in.js'
import { adminSignIn } from './admin-sign-in.js'
import { toolLtiSettingsRoutes } from './tool-lti-settings-routes.js'
import { toolAdminPageHeaders } from './tool-workspace-admin.js'

export function toolAdminPages(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get(COPY_BUTTON_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    c.header('cache-control', 'public, max-age=300')
    return c.body(COPY_BUTTON_SCRIPT)
  })

  // Linked with its version in the query (`TOOL_STYLESHEET_HREF`), so caching it is safe.
  app.get(TOOL_STYLESHEET_PATH, (c) => {
    c.header('content-type', 'text/css; charset=utf-8')
    c.header('cache-control', 'public, max-age=3600')
    c.header('x-content-type-options', 'nosniff')
    return c.body(TOOL_STYLESHEET)
  })

  const session = toolAdminSession(deps)
  const { adminOrSignIn } = adminSignIn(app, {
    session,
    adminToken: deps.adminToken,
    publicUrl: deps.publicUrl,
    pageHeaders: toolAdminPageHeaders,
    home: '/admin/workspaces',
    loginPage: (props) => <ToolAdminLoginPage {...props} />,
    passwordSignIn: workspaceAdminPasswordSignIn(deps),
  })

  // The server admin's list; a workspace admin goes to their own workspace instead.
  app.get('/admin/workspaces', async (c: Context<AppEnv>) => {
    const own = (await session.open(c))?.subject
    const workspace = own && (await deps.stores.workspaces.find(own.workspaceId))
    if (workspace) {
      toolAdminPageHeaders(c)
      return c.redirect(workspaceAdminPath(workspace, 'lti'), 303)
    }
    const redirect = await adminOrSignIn(c)
    if (redirect) return redirect
    return c.html(<AdminWorkspacesPage workspaces={await deps.stores.workspaces.list()} />)
  })

  app.route('/', toolLtiSettingsRoutes(deps))
  return app
}
