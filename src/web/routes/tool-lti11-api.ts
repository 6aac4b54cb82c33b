/**
 * Admin API, LTI 1.1: the workspace's former LTI 1.1 consumers (key and shared secret), each
 * optionally linked to the connected LTI 1.3 LMS it migrates to. Secrets go in, never out. The
 * rules live in `tool-lti11-consumers`, shared with the LTI settings page's forms.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { Lti11Consumer } from '../../store/index.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import { readJson } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import {
  linkLti11Consumer,
  lti11ConsumerInput,
  lti11ConsumerLinkInput,
  removeLti11Consumer,
  storeLti11Consumer,
} from '../tool-lti11-consumers.js'
import { lti11LaunchUrl } from '../tool-urls.js'
import { workspaceOf as findWorkspace } from './tool-workspace-of.js'

export function toolLti11Api(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  app.use('*', adminAuth(deps.adminToken))

  const workspaceOf = (c: Context<AppEnv>) => findWorkspace(stores, c)

  app.get('/workspaces/:ws/lti11/endpoints', async (c) => {
    const workspace = await workspaceOf(c)
    return c.json({ launchUrl: lti11LaunchUrl(deps.publicUrl, workspace.id) })
  })

  app.get('/workspaces/:ws/lti11/consumers', async (c) => {
    const workspace = await workspaceOf(c)
    return c.json((await stores.lti11Consumers.list(workspace.id)).map(consumerJson))
  })

  app.post('/workspaces/:ws/lti11/consumers', async (c) => {
    const workspace = await workspaceOf(c)
    const input = await readJson(c, lti11ConsumerInput)
    const consumer = await storeLti11Consumer(deps, workspace.id, input, c.get('log'))
    return c.json(consumerJson(consumer), 201)
  })

  app.put('/workspaces/:ws/lti11/consumers/:id', async (c) => {
    const workspace = await workspaceOf(c)
    const { registrationId } = await readJson(c, lti11ConsumerLinkInput)
    const id = c.req.param('id')
    const consumer = await linkLti11Consumer(deps, workspace.id, id, registrationId, c.get('log'))
    return c.json(consumerJson(consumer))
  })

  app.delete('/workspaces/:ws/lti11/consumers/:id', async (c) => {
    const workspace = await workspaceOf(c)
    await removeLti11Consumer(deps, workspace.id, c.req.param('id'), c.get('log'))
    return c.body(null, 204)
  })

  return app
}

function consumerJson(consumer: Lti11Consumer) {
  return {
    id: consumer.id,
    consumerKey: consumer.consumerKey,
    registrationId: consumer.registrationId ?? null,
    createdAt: new Date(consumer.createdAt).toISOString(),
  }
}
