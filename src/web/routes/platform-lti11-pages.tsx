/**
 * The admin page of LTI 1.1 tools, mounted at `/`: `/admin/lti11-tools` lists them and registers
 * one. The form is read into the admin API's own schema (`lti11ToolInput`), so the page and
 * `POST /api/lti11-tools` accept the same tools. Same guard as the other admin pages.
 */
import { Hono } from 'hono'
import { LtiError } from '../../core/errors.js'
import type { AppEnv } from '../env.js'
import { registerLti11Tool } from '../lti11-tools.js'
import { platformAdminGuard } from '../platform-admin-guard.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { checkForm, parseKeyValueLines } from '../platform-form-fields.js'
import type { FieldErrors } from '../platform-form-fields.js'
import { Lti11ToolsPage } from '../views/platform-lti11-tools-page.js'
import type { Lti11ToolFormValues } from '../views/platform-lti11-tools-page.js'
import { pageErrors } from './platform-page-kit.js'
import { lti11ToolInput } from './platform-lti11-schemas.js'

const TEXT_FIELDS = ['name', 'launchUrl', 'consumerKey', 'customParameters'] as const

export function platformLti11Pages(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.onError(pageErrors())
  // The admin pages mount `/admin/login`; this guard's copy of it goes to an app never mounted.
  const guard = platformAdminGuard(new Hono<AppEnv>(), deps)
  const schema = lti11ToolInput(deps.dev)

  app.get('/admin/lti11-tools', async (c) => {
    const viewer = await guard.page(c)
    if (viewer instanceof Response) return viewer
    const tools = await deps.stores.lti11Tools.listLti11Tools()
    // After a registration: `?registered=<id>` names it (post/redirect/get).
    const registered = tools.find((tool) => tool.id === c.req.query('registered'))
    return c.html(
      <Lti11ToolsPage
        tools={tools}
        viewer={viewer}
        values={{}}
        {...(registered ? { notice: `${registered.name} is registered.` } : {})}
      />,
    )
  })

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
