/**
 * A workspace's LTI 1.3 settings page (`/admin/workspaces/:ws/lti`) and its forms: connect an
 * LMS by hand (the admin API's schema and duplicate rule), generate a registration URL, and
 * remove a connected LMS after a confirmation page. Forms post back and redirect (303) on
 * success; a refused form is shown again with its values and each field's error.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#overview
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiError, LtiNotFound } from '../../core/errors.js'
import { issueRegistrationUrl } from '../../tool/dynamic-registration/registration-url.js'
import { connectPlatform } from '../connect-platform.js'
import type { AppEnv } from '../env.js'
import { parseInput } from '../read-input.js'
import { platformInput } from '../schemas.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { lti11LaunchUrl, toolEndpoints } from '../tool-urls.js'
import { workspaceAdminPath } from '../views/tool-admin-layout.js'
import { RemoveLmsPage } from '../views/tool-connected-lms.js'
import { PLATFORM_FORM_FIELDS } from '../views/tool-lti-platform-form.js'
import type { PlatformFormField, PlatformFormState } from '../views/tool-lti-platform-form.js'
import { WorkspaceLtiPage } from '../views/tool-lti-settings-page.js'
import type { WorkspaceLtiPageProps } from '../views/tool-lti-settings-page.js'
import { registrationPageUrl } from './tool-dynamic-registration-routes.js'
import { LTI11_NOTICES, toolLti11SettingsRoutes } from './tool-lti11-settings-routes.js'
import { workspaceAdminGuards } from './tool-workspace-admin.js'
import type { WorkspaceAdminContext } from './tool-workspace-admin.js'

/** Confirmations after a redirect, by key: the query names one, never carries the text. */
const NOTICES: Readonly<Record<string, string>> = {
  saved: 'LTI configuration saved',
  removed: 'LMS connection removed',
  ...LTI11_NOTICES,
}

export function toolLtiSettingsRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const guards = workspaceAdminGuards(deps)
  const platformSchema = platformInput(deps.dev)

  async function settingsPage(
    { workspace, admin }: WorkspaceAdminContext,
    extra: Partial<WorkspaceLtiPageProps> = {},
  ) {
    return (
      <WorkspaceLtiPage
        workspace={workspace}
        admin={admin}
        endpoints={toolEndpoints(deps.publicUrl, workspace.id)}
        platforms={await deps.stores.registrations.list(workspace.id)}
        lti11Consumers={await deps.stores.lti11Consumers.list(workspace.id)}
        lti11LaunchUrl={lti11LaunchUrl(deps.publicUrl, workspace.id)}
        now={deps.clock.now()}
        {...extra}
      />
    )
  }

  const platformOf = async (c: Context<AppEnv>, workspaceId: string) => {
    const platform = await deps.stores.registrations.findById(workspaceId, c.req.param('id') ?? '')
    if (!platform) throw new LtiNotFound('LTI_REGISTRATION_NOT_FOUND', 'no connection with this ID')
    return platform
  }

  const settingsWith = (ctx: WorkspaceAdminContext, notice: string) =>
    `${workspaceAdminPath(ctx.workspace, 'lti')}?notice=${notice}#main`

  app.get('/admin/workspaces/:ws/lti', async (c) => {
    const ctx = await guards.page(c)
    if (ctx instanceof Response) return ctx
    const notice = NOTICES[c.req.query('notice') ?? '']
    return c.html(await settingsPage(ctx, notice ? { notice } : {}))
  })

  app.post('/admin/workspaces/:ws/lti/platforms', async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    const values = Object.fromEntries(
      PLATFORM_FORM_FIELDS.map((field) => [field, ctx.form.get(field) ?? '']),
    ) as Record<PlatformFormField, string>
    try {
      const input = parseInput(platformSchema, values)
      await connectPlatform(deps.stores, ctx.workspace.id, input, c.get('log'))
    } catch (error) {
      if (!(error instanceof LtiError) || !error.fields) throw error
      c.get('log').info(
        { code: error.code, fields: Object.keys(error.fields) },
        'manual LTI configuration refused',
      )
      const form: PlatformFormState = { values, errors: fieldErrors(error.fields) }
      return c.html(await settingsPage(ctx, { form }), error.status as 400 | 409)
    }
    return c.redirect(settingsWith(ctx, 'saved'), 303)
  })

  app.post('/admin/workspaces/:ws/lti/registrations', async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    const registration = await issueRegistrationUrl(
      ctx.workspace.id,
      registrationPageUrl(deps.publicUrl, ctx.workspace.id),
      deps.loginStateKey,
      deps.clock,
    )
    c.get('log').info(
      { workspaceId: ctx.workspace.id, memberId: ctx.admin.memberId },
      'registration URL issued',
    )
    return c.html(await settingsPage(ctx, { registration }))
  })

  app.get('/admin/workspaces/:ws/lti/platforms/:id/remove', async (c) => {
    const ctx = await guards.page(c)
    if (ctx instanceof Response) return ctx
    const platform = await platformOf(c, ctx.workspace.id)
    return c.html(<RemoveLmsPage workspace={ctx.workspace} admin={ctx.admin} platform={platform} />)
  })

  app.post('/admin/workspaces/:ws/lti/platforms/:id/remove', async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    const id = c.req.param('id')
    if (!(await deps.stores.registrations.delete(ctx.workspace.id, id))) {
      throw new LtiNotFound('LTI_REGISTRATION_NOT_FOUND', 'no connection with this ID')
    }
    c.get('log').info(
      { workspaceId: ctx.workspace.id, registrationId: id, memberId: ctx.admin.memberId },
      'LMS connection removed',
    )
    return c.redirect(settingsWith(ctx, 'removed'), 303)
  })

  app.route('/', toolLti11SettingsRoutes(deps, settingsPage))
  return app
}

/** The schema's problems by form field (`deploymentIds.3` is the deployment IDs field). */
function fieldErrors(fields: Record<string, string>): PlatformFormState['errors'] {
  const errors: Partial<Record<PlatformFormField, string>> = {}
  for (const [path, message] of Object.entries(fields)) {
    const field = path.split('.')[0] as PlatformFormField
    if (PLATFORM_FORM_FIELDS.includes(field)) errors[field] ??= message
  }
  return errors
}
