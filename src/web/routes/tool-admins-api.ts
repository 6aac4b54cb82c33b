/**
 * `POST /api/workspaces/:ws/admins` (admin token): creates a workspace admin who signs in to the
 * workspace's admin pages with email and password. The first admin of a workspace comes from
 * here or from `ltikit create-admin`.
 */
import { Hono } from 'hono'
import { LtiNotFound } from '../../core/errors.js'
import { adminJson, createWorkspaceAdmin } from '../create-workspace-admin.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import { readJson } from '../read-input.js'
import { adminInput } from '../schemas.js'
import type { ToolAppDeps } from '../tool-deps.js'

export function toolAdminsApi(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', adminAuth(deps.adminToken))

  app.post('/workspaces/:ws/admins', async (c) => {
    const workspace = await deps.stores.workspaces.find(c.req.param('ws'))
    if (!workspace) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    }
    const input = await readJson(c, adminInput)
    const admin = await createWorkspaceAdmin(
      deps.stores.workspaceAdmins,
      workspace.id,
      input,
      deps.clock.now(),
    )
    c.get('log').info({ workspaceId: workspace.id, memberId: admin.id }, 'workspace admin created')
    return c.json(adminJson(admin), 201)
  })

  return app
}
