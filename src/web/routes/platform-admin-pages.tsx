/**
 * The admin's browser pages, mounted at `/`, all under `/admin`: sign-in (an LMS admin user, or
 * the admin token), the tools list with approve, disable and enable, registering a tool by hand
 * (`platform-admin-tool-routes`) and starting a Dynamic Registration in a frame that closes on
 * `org.imsglobal.lti.close`. Never framed (`frame-ancestors 'none'`).
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-1-registration-initiation-request
 */
import { Hono } from 'hono'
import { LtiError, LtiNotFound } from '../../core/errors.js'
import { startToolRegistration } from '../../platform/dynamic-registration/index.js'
import type { Tool } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import { platformAdminGuard } from '../platform-admin-guard.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import {
  TOOL_REGISTRATION_SCRIPT,
  TOOL_REGISTRATION_SCRIPT_PATH,
} from '../static/tool-registration.js'
import { RegisterToolPage } from '../views/platform-admin-pages.js'
import { AdminToolsPage } from '../views/platform-admin-tools-page.js'
import { platformAdminToolRoutes } from './platform-admin-tool-routes.js'
import { platformLti11Pages } from './platform-lti11-pages.js'
import { pageCsp, pageErrors } from './platform-page-kit.js'

/** What each status button does, and the notice shown afterwards. */
const STATUS_ACTIONS = {
  approve: {
    change: (deps: PlatformAppDeps, id: string) => deps.stores.tools.approveTool(id),
    notice: (tool: Tool) => `${tool.name} is approved.`,
  },
  disable: {
    change: (deps: PlatformAppDeps, id: string) => deps.stores.tools.setToolStatus(id, 'disabled'),
    notice: (tool: Tool) =>
      `${tool.name} is disabled: its activities cannot be launched until you enable it.`,
  },
  enable: {
    change: (deps: PlatformAppDeps, id: string) => deps.stores.tools.setToolStatus(id, 'active'),
    notice: (tool: Tool) => `${tool.name} is enabled.`,
  },
} as const

const NOTICES = new Set(Object.keys(STATUS_ACTIONS))

export function platformAdminPages(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.onError(pageErrors())

  app.get(TOOL_REGISTRATION_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    c.header('cache-control', 'public, max-age=300')
    return c.body(TOOL_REGISTRATION_SCRIPT)
  })

  const guard = platformAdminGuard(app, deps)

  app.get('/admin', (c) => c.redirect('/admin/tools', 303))

  app.get('/admin/tools', async (c) => {
    const viewer = await guard.page(c)
    if (viewer instanceof Response) return viewer
    const [tools, lti11Tools] = await Promise.all([
      deps.stores.tools.listTools(),
      deps.stores.lti11Tools.listLti11Tools(),
    ])
    // After a status change: `?done=<verb>&tool=<id>` names what happened (post/redirect/get).
    const done = c.req.query('done') ?? ''
    const changed = NOTICES.has(done) ? tools.find((t) => t.id === c.req.query('tool')) : undefined
    const notice = changed
      ? STATUS_ACTIONS[done as keyof typeof STATUS_ACTIONS].notice(changed)
      : undefined
    const page = (
      <AdminToolsPage
        tools={tools}
        lti11Tools={lti11Tools}
        viewer={viewer}
        {...(notice ? { notice } : {})}
      />
    )
    return c.html(page)
  })

  for (const [verb, action] of Object.entries(STATUS_ACTIONS)) {
    app.post(`/admin/tools/:id/${verb}`, async (c) => {
      const posted = await guard.form(c)
      if (posted instanceof Response) return posted
      const tool = await action.change(deps, c.req.param('id'))
      if (!tool) throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID')
      c.get('log').info({ toolId: tool.id, clientId: tool.clientId, status: tool.status }, verb)
      const query = new URLSearchParams({ done: verb, tool: tool.id })
      return c.redirect(`/admin/tools?${query}`, 303)
    })
  }

  app.get('/admin/tools/register', async (c) => {
    const viewer = await guard.page(c)
    if (viewer instanceof Response) return viewer
    return c.html(<RegisterToolPage viewer={viewer} />)
  })

  app.post('/admin/tools/register', async (c) => {
    const posted = await guard.form(c)
    if (posted instanceof Response) return posted
    const { form, viewer } = posted
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
      const page = (
        <RegisterToolPage viewer={viewer} registrationUrl={registrationUrl} error={error.hint} />
      )
      return c.html(page, 400)
    }
    const toolOrigin = new URL(launchUrl).origin
    c.header(
      'content-security-policy',
      pageCsp({ scripts: true, frames: [toolOrigin], frameAncestors: "'none'" }),
    )
    c.get('log').info({ toolOrigin }, 'tool registration started')
    return c.html(<RegisterToolPage viewer={viewer} launch={{ launchUrl, toolOrigin }} />)
  })

  app.route('/', platformLti11Pages(deps, guard))
  // Last: `/admin/tools/:id` would otherwise catch `/admin/tools/register`.
  app.route('/', platformAdminToolRoutes(deps, guard))
  return app
}
