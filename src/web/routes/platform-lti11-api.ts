/**
 * The platform's admin API for LTI 1.1 tools, mounted at `/api` beside the rest of the admin API
 * (`Authorization: Bearer <ADMIN_TOKEN>`): register, list, disable and enable 1.1 tools (the
 * switch 1.3 tools have, `platform-tool-status-api`), and link a 1.3 tool to the 1.1
 * registration it replaces (the `lti1p1` migration claim). A 1.1 tool is placed in a course like
 * any tool, with `POST /api/courses/{course}/links` and its ID as `toolId`.
 */
import { Hono } from 'hono'
import { LtiNotFound } from '../../core/errors.js'
import type { AppEnv } from '../env.js'
import { lti11ToolJson, registerLti11Tool, setLti11ToolStatus } from '../lti11-tools.js'
import { adminAuth } from '../middleware/admin-auth.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readJson } from '../read-input.js'
import { lti11LinkInput, lti11ToolInput } from './platform-lti11-schemas.js'
import { toolStatusApi } from './platform-tool-status-api.js'

export function platformLti11Api(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  const toolSchema = lti11ToolInput(deps.dev)
  app.use('*', adminAuth(deps.adminToken))

  app.post('/lti11-tools', async (c) => {
    const tool = await registerLti11Tool(deps, await readJson(c, toolSchema))
    c.get('log').info(
      { lti11ToolId: tool.id, consumerKey: tool.consumerKey },
      'LTI 1.1 tool registered',
    )
    return c.json(lti11ToolJson(tool), 201)
  })

  app.get('/lti11-tools', async (c) =>
    c.json((await stores.lti11Tools.listLti11Tools()).map(lti11ToolJson)),
  )

  app.get('/lti11-tools/:id', async (c) => {
    const tool = await stores.lti11Tools.findLti11Tool(c.req.param('id'))
    if (!tool) throw new LtiNotFound('LTI11_TOOL_NOT_FOUND', 'no LTI 1.1 tool with this ID')
    return c.json(lti11ToolJson(tool))
  })

  toolStatusApi(
    app,
    '/lti11-tools',
    (id, status) => setLti11ToolStatus(deps, id, status),
    lti11ToolJson,
  )

  // LTI 1.3 Core §D: the 1.3 tool's launches carry the lti1p1 claim of this 1.1 registration.
  app.put('/tools/:id/lti11', async (c) => {
    const { lti11ToolId } = await readJson(c, lti11LinkInput)
    if (lti11ToolId !== null && !(await stores.lti11Tools.findLti11Tool(lti11ToolId))) {
      throw new LtiNotFound('LTI11_TOOL_NOT_FOUND', 'no LTI 1.1 tool with this ID', {
        fields: { lti11ToolId: 'no LTI 1.1 tool with this ID' },
      })
    }
    const tool = await stores.tools.setLti11Tool(c.req.param('id'), lti11ToolId ?? undefined)
    if (!tool) throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID')
    c.get('log').info({ toolId: tool.id, lti11ToolId }, 'tool linked to its LTI 1.1 registration')
    return c.json({
      id: tool.id,
      name: tool.name,
      clientId: tool.clientId,
      deploymentId: tool.deploymentId,
      lti11ToolId: tool.lti11ToolId ?? null,
    })
  })

  return app
}
