/**
 * The admin API's scenarios (`Authorization: Bearer <ADMIN_TOKEN>`, `{ws}` an ID or a slug):
 * list, read, create and update, each with its authored script. A script is checked before it is
 * stored (`LTI_SCENARIO_SCRIPT_INVALID`, a field per problem).
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiConflict, LtiNotFound } from '../../core/errors.js'
import type { Scenario, Workspace } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import {
  checkedScriptText,
  SCENARIO_BODY_LIMIT,
  scenarioCreateInput,
  scenarioUpdateInput,
} from '../scenario-input.js'
import { readJson } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'

export function toolScenariosApi(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  app.use('/workspaces/:ws/scenarios', adminAuth(deps.adminToken))
  app.use('/workspaces/:ws/scenarios/*', adminAuth(deps.adminToken))

  async function workspaceOf(c: Context<AppEnv>): Promise<Workspace> {
    const workspace = await stores.workspaces.find(c.req.param('ws') ?? '')
    if (!workspace) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    }
    return workspace
  }

  async function scenarioOf(c: Context<AppEnv>): Promise<Scenario> {
    const workspace = await workspaceOf(c)
    const scenario = await stores.scenarios.find(workspace.id, c.req.param('scenario') ?? '')
    if (!scenario) throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', 'no scenario with this ID or slug')
    return scenario
  }

  app.get('/workspaces/:ws/scenarios', async (c) => {
    const workspace = await workspaceOf(c)
    return c.json((await stores.scenarios.list(workspace.id)).map(scenarioSummaryJson))
  })

  app.get('/workspaces/:ws/scenarios/:scenario', async (c) =>
    c.json(scenarioJson(await scenarioOf(c))),
  )

  app.post('/workspaces/:ws/scenarios', async (c) => {
    const workspace = await workspaceOf(c)
    const { script, ...input } = await readJson(c, scenarioCreateInput, SCENARIO_BODY_LIMIT)
    const scenario = await stores.scenarios.create(workspace.id, {
      ...input,
      ...(script === undefined ? {} : { script: checkedScriptText(script) }),
    })
    if (scenario === 'duplicate') {
      throw new LtiConflict('LTI_SCENARIO_DUPLICATE', 'scenario slug already in use', {
        fields: { slug: 'already in use' },
      })
    }
    return c.json({ id: scenario.id, slug: scenario.slug, title: scenario.title }, 201)
  })

  app.put('/workspaces/:ws/scenarios/:scenario', async (c) => {
    const current = await scenarioOf(c)
    const input = await readJson(c, scenarioUpdateInput, SCENARIO_BODY_LIMIT)
    const script =
      input.script === undefined
        ? current.script
        : input.script === null
          ? undefined
          : checkedScriptText(input.script)
    const description =
      input.description === undefined ? current.description : (input.description ?? undefined)
    const updated = await stores.scenarios.update(current.workspaceId, current.id, {
      title: input.title ?? current.title,
      ...(description ? { description } : {}),
      ...(script === undefined ? {} : { script }),
    })
    if (!updated) throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', 'scenario removed meanwhile')
    c.get('log').info({ scenarioId: updated.id }, 'scenario updated')
    return c.json(scenarioJson(updated))
  })

  return app
}

function scenarioSummaryJson({ workspaceId: _, script, ...scenario }: Scenario) {
  return { ...scenario, hasScript: script !== undefined }
}

/** One scenario with its script as JSON (it was checked when stored). */
function scenarioJson(scenario: Scenario) {
  const { script } = scenario
  return {
    ...scenarioSummaryJson(scenario),
    script: script === undefined ? null : (JSON.parse(script) as unknown),
  }
}
