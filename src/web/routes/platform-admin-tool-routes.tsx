/**
 * Registering an LTI 1.3 tool by hand, and one tool's page with the platform details to paste
 * into the tool. The form is read into the admin API's own schema (`toolInput`), so the page
 * and `POST /api/tools` accept the same tools.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
import { Hono } from 'hono'
import { LtiNotFound } from '../../core/errors.js'
import { platformDetails, platformUrls } from '../../platform/service-urls.js'
import type { AppEnv } from '../env.js'
import type { PlatformAdminGuard } from '../platform-admin-guard.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { checkForm, nonBlankLines, parseKeyValueLines } from '../platform-form-fields.js'
import type { FieldErrors } from '../platform-form-fields.js'
import { RegisterToolManuallyPage } from '../views/platform-admin-register-page.js'
import type { ToolFormValues } from '../views/platform-admin-register-page.js'
import { AdminToolPage } from '../views/platform-admin-tool-page.js'
import { toolInput } from './platform-admin-schemas.js'

const TEXT_FIELDS = [
  'name',
  'oidcLoginUrl',
  'redirectUris',
  'targetLinkUri',
  'jwksUrl',
  'deepLinkingUrl',
  'customParameters',
] as const
const CHECKBOXES = ['sendName', 'sendEmail', 'ags', 'nrps', 'deepLinking'] as const

/** The values as typed, each bounded (the page form limit bounds the whole body too). */
function formValues(form: URLSearchParams): ToolFormValues {
  const values: Record<string, string | boolean> = {}
  for (const name of TEXT_FIELDS) values[name] = (form.get(name) ?? '').slice(0, 10_000)
  for (const name of CHECKBOXES) values[name] = form.has(name)
  return values as ToolFormValues
}

/** The API's tool input from the form, or the problems of each field. */
function toolFromForm(values: ToolFormValues, dev: boolean) {
  const errors: Record<string, string> = {}
  const custom = parseKeyValueLines(values.customParameters ?? '')
  if ('error' in custom) errors.customParameters = custom.error
  const targetLinkUri = (values.targetLinkUri ?? '').trim()
  const redirectUris = nonBlankLines(values.redirectUris ?? '')
  const deepLinkingUrl = (values.deepLinkingUrl ?? '').trim()
  const checked = checkForm(
    toolInput(dev),
    {
      name: values.name ?? '',
      oidcLoginUrl: values.oidcLoginUrl ?? '',
      // Most tools launch and receive the id_token at the same URL.
      redirectUris: redirectUris.length > 0 ? redirectUris : [targetLinkUri],
      targetLinkUri,
      jwksUrl: values.jwksUrl ?? '',
      ...(deepLinkingUrl ? { deepLinkingUrl } : {}),
      customParameters: 'value' in custom ? custom.value : {},
      privacy: { sendName: values.sendName === true, sendEmail: values.sendEmail === true },
      services: {
        ags: values.ags === true,
        nrps: values.nrps === true,
        deepLinking: values.deepLinking === true,
      },
    },
    { friendly: { name: 'Enter the tool’s name (at most 200 characters).' } },
  )
  if ('errors' in checked) {
    const all: Record<string, string> = { ...checked.errors, ...errors }
    // Left empty, the redirect URI is the target link URI, whose own message says what is wrong.
    if (redirectUris.length === 0) delete all.redirectUris
    return { errors: all as FieldErrors }
  }
  if (Object.keys(errors).length > 0) return { errors: errors as FieldErrors }
  return { tool: checked.data }
}

export function platformAdminToolRoutes(
  deps: PlatformAppDeps,
  guard: PlatformAdminGuard,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const urls = platformUrls(deps.publicUrl)

  app.get('/admin/tools/new', async (c) => {
    const viewer = await guard.page(c)
    if (viewer instanceof Response) return viewer
    // Most tools want grades and names; the admin unticks what a tool does not need.
    const values: ToolFormValues = { sendName: true, ags: true, nrps: true, deepLinking: true }
    return c.html(<RegisterToolManuallyPage viewer={viewer} values={values} />)
  })

  app.post('/admin/tools/new', async (c) => {
    const posted = await guard.form(c)
    if (posted instanceof Response) return posted
    const values = formValues(posted.form)
    const result = toolFromForm(values, deps.dev)
    if ('errors' in result) {
      const page = (
        <RegisterToolManuallyPage viewer={posted.viewer} values={values} errors={result.errors} />
      )
      return c.html(page, 400)
    }
    const tool = await deps.stores.tools.createTool(result.tool)
    c.get('log').info({ toolId: tool.id, clientId: tool.clientId }, 'tool registered by hand')
    return c.redirect(`/admin/tools/${encodeURIComponent(tool.id)}?registered=1`, 303)
  })

  app.get('/admin/tools/:id', async (c) => {
    const viewer = await guard.page(c)
    if (viewer instanceof Response) return viewer
    const tool = await deps.stores.tools.findTool(c.req.param('id'))
    if (!tool) throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID')
    return c.html(
      <AdminToolPage
        tool={tool}
        details={platformDetails(urls, tool)}
        viewer={viewer}
        registered={c.req.query('registered') === '1'}
      />,
    )
  })

  return app
}
