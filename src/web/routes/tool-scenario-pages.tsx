/**
 * The workspace admin's scenario pages (`/admin/workspaces/:ws/scenarios...`): list, detail,
 * create and edit. The create and edit forms are multipart, so a script can be uploaded as a file;
 * their bodies are bounded by `SCENARIO_BODY_LIMIT` (the app's body limits list these paths) and
 * the script itself by `SCRIPT_LIMITS.maxBytes`.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiNotFound } from '../../core/errors.js'
import type { Scenario } from '../../tool/ports.js'
import { summarizeScript } from '../../tool/scenarios/summarize-script.js'
import type { AppEnv } from '../env.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { ScenarioFormPage } from '../views/tool-scenario-form.js'
import type { ScenarioFormState } from '../views/tool-scenario-form.js'
import { ScenarioDetailPage, ScenarioListAdminPage } from '../views/tool-scenario-pages.js'
import { workspaceAdminPath } from '../views/tool-admin-layout.js'
import { scriptOf } from './scenario-player.js'
import { readScenarioForm } from './scenario-form-input.js'
import type { ScenarioFormInput } from './scenario-form-input.js'
import { workspaceAdminGuards } from './tool-workspace-admin.js'
import type { WorkspaceAdminContext } from './tool-workspace-admin.js'

/** What `?saved=` may say after a redirect: never text taken from the URL. */
const NOTICES: Record<string, string> = {
  created: 'Scenario created',
  updated: 'Scenario saved',
}

/** Attempts are counted up to this on the detail page. */
const ATTEMPT_COUNT_LIMIT = 500

export function toolScenarioPages(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const guards = workspaceAdminGuards(deps)
  const { stores } = deps
  const base = '/admin/workspaces/:ws/scenarios'

  /** Like the guard's `form`, for a multipart body larger than its page forms. */
  async function scenarioForm(
    c: Context<AppEnv>,
  ): Promise<Response | (WorkspaceAdminContext & { input: ScenarioFormInput })> {
    const admitted = await guards.post(c)
    if (admitted instanceof Response) return admitted
    return { ...admitted, input: await readScenarioForm(c) }
  }

  async function scenarioOf(c: Context<AppEnv>, workspaceId: string): Promise<Scenario> {
    const scenario = await stores.scenarios.find(workspaceId, c.req.param('scenario') ?? '')
    if (!scenario) throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', 'no scenario with this ID or slug')
    return scenario
  }

  app.get(base, async (c) => {
    const admitted = await guards.page(c)
    if (admitted instanceof Response) return admitted
    const { workspace, admin } = admitted
    return c.html(
      <ScenarioListAdminPage
        workspace={workspace}
        admin={admin}
        scenarios={await stores.scenarios.list(workspace.id)}
      />,
    )
  })

  app.get(`${base}/new`, async (c) => {
    const admitted = await guards.page(c)
    if (admitted instanceof Response) return admitted
    const { workspace, admin } = admitted
    return c.html(
      <ScenarioFormPage
        workspace={workspace}
        admin={admin}
        action={workspaceAdminPath(workspace, 'scenarios')}
        state={{ values: {}, errors: {} }}
      />,
    )
  })

  app.post(base, async (c) => {
    const posted = await scenarioForm(c)
    if (posted instanceof Response) return posted
    const { workspace, admin, input } = posted
    const refused = (state: ScenarioFormState) =>
      c.html(
        <ScenarioFormPage
          workspace={workspace}
          admin={admin}
          action={workspaceAdminPath(workspace, 'scenarios')}
          state={state}
        />,
        400,
      )
    if (!input.ok) return refused(input.state)
    const { slug, title, description, script } = input.scenario
    const created = await stores.scenarios.create(workspace.id, {
      slug: slug ?? '',
      title,
      ...(description ? { description } : {}),
      ...(script ? { script } : {}),
    })
    if (created === 'duplicate') {
      return refused({
        values: input.state.values,
        errors: { slug: 'Another scenario of this workspace already uses this slug.' },
      })
    }
    c.get('log').info({ scenarioId: created.id }, 'scenario created')
    return c.redirect(
      `${workspaceAdminPath(workspace, 'scenarios', created.slug)}?saved=created`,
      303,
    )
  })

  app.get(`${base}/:scenario`, async (c) => {
    const admitted = await guards.page(c)
    if (admitted instanceof Response) return admitted
    const { workspace, admin } = admitted
    const scenario = await scenarioOf(c, workspace.id)
    const [registrations, attempts] = await Promise.all([
      stores.registrations.list(workspace.id),
      stores.attempts.list(workspace.id, { scenarioId: scenario.id, limit: ATTEMPT_COUNT_LIMIT }),
    ])
    const loaded = scriptOf(scenario)
    const notice = NOTICES[c.req.query('saved') ?? '']
    return c.html(
      <ScenarioDetailPage
        workspace={workspace}
        admin={admin}
        scenario={scenario}
        {...(loaded
          ? { script: { script: loaded.script, summary: summarizeScript(loaded.script) } }
          : {})}
        lmsConnected={registrations.length > 0}
        attempts={{ count: attempts.length, more: attempts.length >= ATTEMPT_COUNT_LIMIT }}
        {...(notice ? { notice } : {})}
      />,
    )
  })

  app.get(`${base}/:scenario/script.json`, async (c) => {
    const admitted = await guards.page(c)
    if (admitted instanceof Response) return admitted
    const scenario = await scenarioOf(c, admitted.workspace.id)
    if (scenario.script === undefined) {
      throw new LtiNotFound('LTI_NOT_FOUND', 'this scenario has no script')
    }
    c.header('content-disposition', `attachment; filename="${scenario.slug}.json"`)
    c.header('content-type', 'application/json; charset=utf-8')
    return c.body(scenario.script)
  })

  app.get(`${base}/:scenario/edit`, async (c) => {
    const admitted = await guards.page(c)
    if (admitted instanceof Response) return admitted
    const { workspace, admin } = admitted
    const scenario = await scenarioOf(c, workspace.id)
    return c.html(
      <ScenarioFormPage
        workspace={workspace}
        admin={admin}
        editing={scenario}
        action={workspaceAdminPath(workspace, 'scenarios', scenario.slug)}
        state={{
          values: {
            title: scenario.title,
            description: scenario.description ?? '',
            script: scenario.script ?? '',
          },
          errors: {},
        }}
      />,
    )
  })

  app.post(`${base}/:scenario`, async (c) => {
    const posted = await scenarioForm(c)
    if (posted instanceof Response) return posted
    const { workspace, admin, input } = posted
    const scenario = await scenarioOf(c, workspace.id)
    const action = workspaceAdminPath(workspace, 'scenarios', scenario.slug)
    if (!input.ok) {
      return c.html(
        <ScenarioFormPage
          workspace={workspace}
          admin={admin}
          editing={scenario}
          action={action}
          state={input.state}
        />,
        400,
      )
    }
    const { title, description, script } = input.scenario
    const updated = await stores.scenarios.update(workspace.id, scenario.id, {
      title,
      ...(description ? { description } : {}),
      ...(script ? { script } : {}),
    })
    if (!updated) throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', 'scenario removed meanwhile')
    c.get('log').info({ scenarioId: updated.id }, 'scenario updated')
    return c.redirect(`${action}?saved=updated`, 303)
  })

  return app
}
