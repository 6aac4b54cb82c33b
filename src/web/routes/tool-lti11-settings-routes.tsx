/**
 * The forms of the LTI settings page's "Former LTI 1.1 connection" section, under
 * `/admin/workspaces/:ws/lti/lti11-consumers`: add a consumer key, change the connected LMS it
 * migrates to, and remove it after a confirmation page. The rules are the admin API's
 * (`tool-lti11-consumers`); forms post back and redirect (303) with a notice on success, and a
 * refused form is shown again with its values (never the secret) and each field's error.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiError } from '../../core/errors.js'
import type { AppEnv } from '../env.js'
import { parseInput } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import {
  findLti11Consumer,
  linkLti11Consumer,
  lti11ConsumerInput,
  lti11ConsumerLinkInput,
  removeLti11Consumer,
  storeLti11Consumer,
} from '../tool-lti11-consumers.js'
import { workspaceAdminPath } from '../views/tool-admin-layout.js'
import { LTI11_CONSUMER_FORM_FIELDS } from '../views/tool-lti11-consumer-form.js'
import type { Lti11ConsumerFormState } from '../views/tool-lti11-consumer-form.js'
import { RemoveLti11ConsumerPage } from '../views/tool-lti11-consumer-remove-page.js'
import type { WorkspaceLtiPage, WorkspaceLtiPageProps } from '../views/tool-lti-settings-page.js'
import { workspaceAdminGuards } from './tool-workspace-admin.js'
import type { WorkspaceAdminContext } from './tool-workspace-admin.js'

/** Confirmations after a redirect, by key (merged into the settings page's own). */
export const LTI11_NOTICES: Readonly<Record<string, string>> = {
  'lti11-saved': 'LTI 1.1 consumer key saved',
  'lti11-linked': 'LTI 1.1 consumer key updated',
  'lti11-removed': 'LTI 1.1 consumer key removed',
}

/** Renders the settings page for a workspace, with what a refused form needs to show. */
export type RenderLtiSettings = (
  ctx: WorkspaceAdminContext,
  extra: Partial<WorkspaceLtiPageProps>,
) => Promise<ReturnType<typeof WorkspaceLtiPage>>

export function toolLti11SettingsRoutes(
  deps: ToolAppDeps,
  render: RenderLtiSettings,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const guards = workspaceAdminGuards(deps)
  const base = '/admin/workspaces/:ws/lti/lti11-consumers'
  const done = (ctx: WorkspaceAdminContext, notice: keyof typeof LTI11_NOTICES) =>
    `${workspaceAdminPath(ctx.workspace, 'lti')}?notice=${notice}#main`

  /** The page again with the refusal, or the error for the onError page when it has no field. */
  const refused = async (
    c: Context<AppEnv>,
    error: unknown,
    page: () => Promise<ReturnType<typeof WorkspaceLtiPage>>,
  ) => {
    if (!(error instanceof LtiError) || !error.fields) throw error
    c.get('log').info(
      { code: error.code, fields: Object.keys(error.fields) },
      'LTI 1.1 consumer form refused',
    )
    return c.html(await page(), error.status as 400 | 409)
  }

  app.post(base, async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    const values = {
      consumerKey: ctx.form.get('consumerKey') ?? '',
      registrationId: ctx.form.get('registrationId') ?? '',
    }
    try {
      const input = parseInput(lti11ConsumerInput, {
        consumerKey: values.consumerKey,
        sharedSecret: ctx.form.get('sharedSecret') ?? '',
        // "Any connected LMS" is the empty choice.
        ...(values.registrationId ? { registrationId: values.registrationId } : {}),
      })
      await storeLti11Consumer(deps, ctx.workspace.id, input, c.get('log'))
    } catch (error) {
      return refused(c, error, () => {
        const lti11Form: Lti11ConsumerFormState = {
          values,
          errors: fieldErrors((error as LtiError).fields ?? {}),
        }
        return render(ctx, { lti11Form })
      })
    }
    return c.redirect(done(ctx, 'lti11-saved'), 303)
  })

  app.post(`${base}/:id/link`, async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    const consumerId = c.req.param('id')
    try {
      const chosen = ctx.form.get('registrationId') ?? ''
      const { registrationId } = parseInput(lti11ConsumerLinkInput, {
        registrationId: chosen === '' ? null : chosen,
      })
      await linkLti11Consumer(deps, ctx.workspace.id, consumerId, registrationId, c.get('log'))
    } catch (error) {
      return refused(c, error, () => {
        const fields = (error as LtiError).fields ?? {}
        const message = fields.registrationId ?? Object.values(fields)[0] ?? ''
        return render(ctx, { lti11LinkError: { consumerId, message } })
      })
    }
    return c.redirect(done(ctx, 'lti11-linked'), 303)
  })

  app.get(`${base}/:id/remove`, async (c) => {
    const ctx = await guards.page(c)
    if (ctx instanceof Response) return ctx
    const consumer = await findLti11Consumer(deps, ctx.workspace.id, c.req.param('id'))
    const platform =
      consumer.registrationId === undefined
        ? undefined
        : await deps.stores.registrations.findById(ctx.workspace.id, consumer.registrationId)
    return c.html(
      <RemoveLti11ConsumerPage
        workspace={ctx.workspace}
        admin={ctx.admin}
        consumer={consumer}
        {...(platform ? { platformName: platform.name } : {})}
      />,
    )
  })

  app.post(`${base}/:id/remove`, async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    await removeLti11Consumer(deps, ctx.workspace.id, c.req.param('id'), c.get('log'))
    return c.redirect(done(ctx, 'lti11-removed'), 303)
  })

  return app
}

/** The schema's problems by form field; any other (the body) goes to the consumer key. */
function fieldErrors(fields: Record<string, string>): Lti11ConsumerFormState['errors'] {
  const errors: Lti11ConsumerFormState['errors'] = {}
  for (const [path, message] of Object.entries(fields)) {
    const field = LTI11_CONSUMER_FORM_FIELDS.find((name) => name === path) ?? 'consumerKey'
    errors[field] ??= message
  }
  return errors
}
