/**
 * The admin page of LTI 1.1 tools, mounted at `/`: `/admin/lti11-tools` lists them, registers
 * one, and disables or enables one (`POST /admin/lti11-tools/:id/disable|enable`, as the 1.3
 * tools list does). The form is read into the admin API's own schema (`lti11ToolInput`), so the
 * page and `POST /api/lti11-tools` accept the same tools. Same guard as the other admin pages.
 */
import { Hono } from 'hono'
import { LtiError } from '../../core/errors.js'
import type { Lti11Tool } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import { registerLti11Tool, setLti11ToolStatus } from '../lti11-tools.js'
import type { PlatformAdminGuard } from '../platform-admin-guard.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { checkForm, parseKeyValueLines } from '../platform-form-fields.js'
import type { FieldErrors } from '../platform-form-fields.js'
import { Lti11ToolsPage } from '../views/platform-lti11-tools-page.js'
import type { Lti11ToolFormValues } from '../views/platform-lti11-tools-page.js'
import { lti11ToolInput } from './platform-lti11-schemas.js'
import { TOOL_STATUS_SWITCH } from './platform-tool-status-api.js'
import type { ToolStatusVerb } from './platform-tool-status-api.js'

const TEXT_FIELDS = ['name', 'launchUrl', 'consumerKey', 'customParameters'] as const

/** The notice after a status change, by its verb. */
const STATUS_NOTICES: Readonly<Record<ToolStatusVerb, (tool: Lti11Tool) => string>> = {
  disable: (tool) =>
    `${tool.name} is disabled: its activities cannot be launched and its grades are refused until you enable it.`,
  enable: (tool) => `${tool.name} is enabled.`,
}

/** What just happened, from the query of a redirect (post/redirect/get); a name, never text. */
function noticeOf(tools: readonly Lti11Tool[], query: (name: string) => string | undefined) {
  const registered = tools.find((tool) => tool.id === query('registered'))
  if (registered) return `${registered.name} is registered.`
  const done = query('done') ?? ''
  const changed = tools.find((tool) => tool.id === query('tool'))
  return changed && Object.hasOwn(STATUS_NOTICES, done)
    ? STATUS_NOTICES[done as ToolStatusVerb](changed)
    : undefined
}

/** Mounted by the admin pages (`platform-admin-pages`), whose guard and error pages it shares. */
export function platformLti11Pages(deps: PlatformAppDeps, guard: PlatformAdminGuard): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const schema = lti11ToolInput(deps.dev)

  app.get('/admin/lti11-tools', async (c) => {
    const viewer = await guard.page(c)
    if (viewer instanceof Response) return viewer
    const tools = await deps.stores.lti11Tools.listLti11Tools()
    // `?registered=<id>` after a registration, `?done=<verb>&tool=<id>` after a status change.
    const notice = noticeOf(tools, (name) => c.req.query(name))
    return c.html(
      <Lti11ToolsPage tools={tools} viewer={viewer} values={{}} {...(notice ? { notice } : {})} />,
    )
  })

  for (const [verb, status] of Object.entries(TOOL_STATUS_SWITCH)) {
    app.post(`/admin/lti11-tools/:id/${verb}`, async (c) => {
      const posted = await guard.form(c)
      if (posted instanceof Response) return posted
      const tool = await setLti11ToolStatus(deps, c.req.param('id'), status)
      c.get('log').info({ lti11ToolId: tool.id, status: tool.status }, `LTI 1.1 tool ${verb}d`)
      const query = new URLSearchParams({ done: verb, tool: tool.id })
      return c.redirect(`/admin/lti11-tools?${query}`, 303)
    })
  }

  app.post('/admin/lti11-tools', async (c) => {
    const posted = await guard.form(c)
    if (posted instanceof Response) return posted
    const { form, viewer } = posted
    const values: Lti11ToolFormValues = {
      ...Object.fromEntries(
        TEXT_FIELDS.map((name) => [name, (form.get(name) ?? '').slice(0, 10_000)]),
      ),
      sendName: form.has('sendName'),
      sendEmail: form.has('sendEmail'),
    }
    const refuse = async (errors: FieldErrors) => {
      const tools = await deps.stores.lti11Tools.listLti11Tools()
      return c.html(
        <Lti11ToolsPage tools={tools} viewer={viewer} values={values} errors={errors} />,
        400,
      )
    }
    const custom = parseKeyValueLines(values.customParameters ?? '')
    const checked = checkForm(schema, {
      name: values.name,
      launchUrl: values.launchUrl,
      consumerKey: values.consumerKey,
      sharedSecret: (form.get('sharedSecret') ?? '').slice(0, 2_000),
      customParameters: 'value' in custom ? custom.value : {},
      privacy: { sendName: values.sendName, sendEmail: values.sendEmail },
    })
    const errors = {
      ...('errors' in checked ? checked.errors : {}),
      ...('error' in custom ? { customParameters: custom.error } : {}),
    }
    if (!('data' in checked) || Object.keys(errors).length > 0) return refuse(errors)
    try {
      const tool = await registerLti11Tool(deps, checked.data)
      c.get('log').info({ lti11ToolId: tool.id }, 'LTI 1.1 tool registered on the admin page')
      return c.redirect(`/admin/lti11-tools?registered=${encodeURIComponent(tool.id)}`, 303)
    } catch (error) {
      if (!(error instanceof LtiError) || !error.fields) throw error
      return refuse(error.fields)
    }
  })

  return app
}
