/**
 * The tool admin's browser pages, mounted at the root: sign-in with the admin token (a browser
 * cannot send the API's bearer header, so it gets a sealed cookie instead) and a workspace's LTI
 * settings page, which shows the endpoints, the connected LMSes and generates a registration URL.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#overview
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiNotFound } from '../../core/errors.js'
import { issueRegistrationUrl } from '../../tool/dynamic-registration/registration-url.js'
import type { Workspace } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import { COPY_BUTTON_SCRIPT, COPY_BUTTON_SCRIPT_PATH } from '../static/copy-button.js'
import { toolAdminSession } from '../tool-admin-session.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { toolEndpoints } from '../tool-urls.js'
import {
  AdminWorkspacesPage,
  ToolAdminLoginPage,
  WorkspaceLtiPage,
} from '../views/tool-admin-pages.js'
import type { WorkspaceLtiPageProps } from '../views/tool-admin-pages.js'
import { adminSignIn } from './admin-sign-in.js'
import { registrationPageUrl } from './tool-dynamic-registration-routes.js'

/**
 * Admin pages: never cached or framed, no referrer (the registration URL is a credential), and
 * only our own scripts (the copy button).
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

export function toolAdminPages(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get(COPY_BUTTON_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    c.header('cache-control', 'public, max-age=300')
    return c.body(COPY_BUTTON_SCRIPT)
  })

  const { adminOrSignIn, adminForm } = adminSignIn(app, {
    session: toolAdminSession(deps),
    adminToken: deps.adminToken,
    publicUrl: deps.publicUrl,
    pageHeaders,
    home: '/admin/workspaces',
    loginPage: (props) => <ToolAdminLoginPage {...props} />,
  })

  async function workspaceOf(c: Context<AppEnv>): Promise<Workspace> {
    const workspace = await deps.stores.workspaces.find(c.req.param('ws') ?? '')
    if (!workspace) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    }
    return workspace
  }

  async function settingsPage(
    workspace: Workspace,
    registration?: WorkspaceLtiPageProps['registration'],
  ) {
    return (
      <WorkspaceLtiPage
        workspace={workspace}
        endpoints={toolEndpoints(deps.publicUrl, workspace.id)}
        platforms={await deps.stores.registrations.list(workspace.id)}
        registration={registration}
      />
    )
  }

  app.get('/admin/workspaces', async (c) => {
    const redirect = await adminOrSignIn(c)
    if (redirect) return redirect
    return c.html(<AdminWorkspacesPage workspaces={await deps.stores.workspaces.list()} />)
  })

  app.get('/admin/workspaces/:ws/lti', async (c) => {
    const redirect = await adminOrSignIn(c)
    if (redirect) return redirect
    return c.html(await settingsPage(await workspaceOf(c)))
  })

  app.post('/admin/workspaces/:ws/lti/registrations', async (c) => {
    const form = await adminForm(c)
    if (form instanceof Response) return form
    const workspace = await workspaceOf(c)
    const registration = await issueRegistrationUrl(
      workspace.id,
      registrationPageUrl(deps.publicUrl, workspace.id),
      deps.loginStateKey,
      deps.clock,
    )
    c.get('log').info({ workspaceId: workspace.id }, 'registration URL issued')
    return c.html(await settingsPage(workspace, registration))
  })

  return app
}

function pageHeaders(c: Context<AppEnv>): void {
  c.set('browserFlow', true)
  c.header('cache-control', 'no-store')
  c.header('content-security-policy', CSP)
  c.header('referrer-policy', 'no-referrer')
}
