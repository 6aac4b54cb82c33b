/**
 * The tool's admin API: JSON, `Authorization: Bearer <ADMIN_TOKEN>`, `{ws}` an ID or a slug.
 * Automation and the test suite use exactly this surface.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiConflict, LtiNotFound } from '../../core/errors.js'
import type { Registration } from '../../core/ports.js'
import type { LaunchLogEntry, Workspace } from '../../tool/ports.js'
import { connectPlatform } from '../connect-platform.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import { parseInput, readJson } from '../read-input.js'
import { launchQuery, platformInput, workspaceInput } from '../schemas.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { toolEndpoints } from '../tool-urls.js'

export function toolAdminApi(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  const platformSchema = platformInput(deps.dev)
  app.use('*', adminAuth(deps.adminToken))

  async function workspaceOf(c: Context<AppEnv>): Promise<Workspace> {
    const workspace = await stores.workspaces.find(c.req.param('ws') ?? '')
    if (!workspace)
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    return workspace
  }

  app.get('/workspaces', async (c) => c.json((await stores.workspaces.list()).map(workspaceJson)))

  app.post('/workspaces', async (c) => {
    const input = await readJson(c, workspaceInput)
    const workspace = await stores.workspaces.create(input)
    if (workspace === 'duplicate') {
      throw new LtiConflict('LTI_WORKSPACE_DUPLICATE', 'workspace slug already in use', {
        fields: { slug: 'already in use' },
      })
    }
    // Each workspace signs with its own key pair from the start (publish-before-sign: a next key too).
    await deps.keys.ensureKeys(workspace.id)
    return c.json(workspaceJson(workspace), 201)
  })

  app.get('/workspaces/:ws', async (c) => c.json(workspaceJson(await workspaceOf(c))))

  // Scenarios: `tool-scenarios-api.ts`.

  app.get('/workspaces/:ws/lti/endpoints', async (c) => {
    const workspace = await workspaceOf(c)
    return c.json(toolEndpoints(deps.publicUrl, workspace.id))
  })

  app.get('/workspaces/:ws/lti/platforms', async (c) => {
    const workspace = await workspaceOf(c)
    return c.json((await stores.registrations.list(workspace.id)).map(platformJson))
  })

  app.post('/workspaces/:ws/lti/platforms', async (c) => {
    const workspace = await workspaceOf(c)
    const input = await readJson(c, platformSchema)
    const registration = await connectPlatform(stores, workspace.id, input, c.get('log'))
    return c.json(platformJson(registration), 201)
  })

  app.delete('/workspaces/:ws/lti/platforms/:id', async (c) => {
    const workspace = await workspaceOf(c)
    if (!(await stores.registrations.delete(workspace.id, c.req.param('id')))) {
      throw new LtiNotFound('LTI_REGISTRATION_NOT_FOUND', 'no connection with this ID')
    }
    return c.body(null, 204)
  })

  app.get('/workspaces/:ws/lti/launches', async (c) => {
    const workspace = await workspaceOf(c)
    const query = parseInput(launchQuery, c.req.query())
    const entries = await stores.launches.listLaunches(workspace.id, query)
    return c.json(entries.map(({ claims: _, ...entry }) => launchJson(entry)))
  })

  app.get('/workspaces/:ws/lti/launches/:correlationId', async (c) => {
    const workspace = await workspaceOf(c)
    const entry = await stores.launches.findLaunch(workspace.id, c.req.param('correlationId'))
    if (!entry) throw new LtiNotFound('LTI_NOT_FOUND', 'no launch with this correlation ID')
    return c.json(launchJson(entry))
  })

  app.get('/workspaces/:ws/members', async (c) => {
    const workspace = await workspaceOf(c)
    const members = await stores.members.list(workspace.id)
    return c.json(members.map(({ workspaceId: _, ...member }) => member))
  })

  app.post('/workspaces/:ws/keys/rotate', async (c) => {
    const workspace = await workspaceOf(c)
    await deps.keys.rotate(workspace.id)
    return c.json(await deps.keys.publicJwks(workspace.id))
  })

  return app
}

function workspaceJson(workspace: Workspace) {
  return { id: workspace.id, slug: workspace.slug, name: workspace.name }
}

function platformJson(r: Registration) {
  return {
    id: r.id,
    name: r.name,
    issuer: r.issuer,
    clientId: r.clientId,
    deploymentIds: r.deploymentIds,
    authenticationRequestUrl: r.authenticationRequestUrl,
    accessTokenUrl: r.accessTokenUrl,
    jwksUrl: r.jwksUrl,
    connectedAt: new Date(r.createdAt).toISOString(),
  }
}

function launchJson(entry: Partial<LaunchLogEntry> & { at: number }) {
  const { workspaceId: _, at, ...rest } = entry
  return { ...rest, at: new Date(at).toISOString() }
}
