/**
 * Admin API, Dynamic Registration: `POST /workspaces/{ws}/lti/registrations` mints a registration
 * URL to paste into the LMS (valid one hour, usable once).
 */
import { Hono } from 'hono'
import { LtiNotFound } from '../../core/errors.js'
import { issueRegistrationUrl } from '../../tool/dynamic-registration/registration-url.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { registrationPageUrl } from './tool-dynamic-registration-routes.js'

export function toolRegistrationsApi(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', adminAuth(deps.adminToken))

  app.post('/workspaces/:ws/lti/registrations', async (c) => {
    const workspace = await deps.stores.workspaces.find(c.req.param('ws'))
    if (!workspace) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    }
    const { url, expiresAt } = await issueRegistrationUrl(
      workspace.id,
      registrationPageUrl(deps.publicUrl, workspace.id),
      deps.loginStateKey,
      deps.clock,
    )
    c.get('log').info({ workspaceId: workspace.id }, 'registration URL issued')
    c.header('cache-control', 'no-store')
    return c.json({ url, expiresAt: new Date(expiresAt).toISOString() }, 201)
  })

  return app
}
