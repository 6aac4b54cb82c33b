/**
 * The admin's browser pages, mounted at `/admin`: sign-in with the admin token (a browser cannot
 * send the API's bearer header, so it gets a sealed cookie instead), the tools list with approval,
 * and starting a Dynamic Registration in a frame that closes on `org.imsglobal.lti.close`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-1-registration-initiation-request
 */
import { Hono } from 'hono'
import { LtiError, LtiNotFound } from '../../core/errors.js'
import { startToolRegistration } from '../../platform/dynamic-registration/index.js'
import type { AppEnv } from '../env.js'
import { platformAdminSession } from '../platform-admin-session.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import {
  TOOL_REGISTRATION_SCRIPT,
  TOOL_REGISTRATION_SCRIPT_PATH,
} from '../static/tool-registration.js'
import { AdminLoginPage, AdminToolsPage, RegisterToolPage } from '../views/platform-admin-pages.js'
import { adminSignIn } from './admin-sign-in.js'
import { pageHeaders } from './platform-page-kit.js'

export function platformAdminPages(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get(TOOL_REGISTRATION_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    c.header('cache-control', 'public, max-age=300')
    return c.body(TOOL_REGISTRATION_SCRIPT)
  })

  const { adminOrSignIn, adminForm } = adminSignIn(app, {
    session: platformAdminSession(deps),
    adminToken: deps.adminToken,
    publicUrl: deps.publicUrl,
    pageHeaders,
    home: '/admin/tools',
    loginPage: (props) => <AdminLoginPage {...props} />,
  })

  app.get('/admin/tools', async (c) => {
    const redirect = await adminOrSignIn(c)
    if (redirect) return redirect
    return c.html(<AdminToolsPage tools={await deps.stores.tools.listTools()} />)
  })

  app.post('/admin/tools/:id/approve', async (c) => {
    const form = await adminForm(c)
    if (form instanceof Response) return form
    const tool = await deps.stores.tools.approveTool(c.req.param('id'))
    if (!tool) throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID')
    c.get('log').info({ toolId: tool.id, clientId: tool.clientId }, 'tool approved')
    return c.redirect('/admin/tools', 303)
  })

  app.get('/admin/tools/register', async (c) => {
    const redirect = await adminOrSignIn(c)
    if (redirect) return redirect
    return c.html(<RegisterToolPage />)
  })

  app.post('/admin/tools/register', async (c) => {
    const form = await adminForm(c)
    if (form instanceof Response) return form
    const registrationUrl = (form.get('registrationUrl') ?? '').trim().slice(0, 2048)
    let launchUrl: string
    try {
      ;({ launchUrl } = await startToolRegistration(registrationUrl, {
        publicUrl: deps.publicUrl,
        key: deps.messageHintKey,
        clock: deps.clock,
        dev: deps.dev,
      }))
    } catch (error) {
      if (!(error instanceof LtiError) || error.status >= 500) throw error
      const page = <RegisterToolPage registrationUrl={registrationUrl} error={error.hint} />
      return c.html(page, 400)
    }
    const toolOrigin = new URL(launchUrl).origin
    c.header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; " +
        `frame-src ${toolOrigin}; frame-ancestors 'self'; base-uri 'none'`,
    )
    c.get('log').info({ toolOrigin }, 'tool registration started')
    return c.html(<RegisterToolPage launch={{ launchUrl, toolOrigin }} />)
  })

  return app
}
