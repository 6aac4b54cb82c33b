/**
 * Admin API, LTI 1.1: the workspace's former LTI 1.1 consumers (key and shared secret), each
 * optionally linked to the connected LTI 1.3 LMS it migrates to. Secrets go in, never out.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { z } from 'zod'
import { LtiConflict, LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import type { Lti11Consumer } from '../../store/index.js'
import type { Workspace } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import { readJson } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { lti11LaunchUrl } from '../tool-urls.js'

/** OAuth 1.0a consumer keys are printable ASCII; LMSes show them without spaces. */
const consumerKey = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
const registrationId = z.string().trim().min(1).max(100)

const consumerInput = z.object({
  consumerKey,
  // Trimmed, as the platform does: a secret pasted with a stray space or line break is the most
  // common LTI 1.1 signature failure, and no real secret ends in whitespace.
  sharedSecret: z.string().trim().min(1).max(1024),
  registrationId: registrationId.optional(),
})

const linkInput = z.object({ registrationId: registrationId.nullable() })

export function toolLti11Api(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  app.use('*', adminAuth(deps.adminToken))

  async function workspaceOf(c: Context<AppEnv>): Promise<Workspace> {
    const workspace = await stores.workspaces.find(c.req.param('ws') ?? '')
    if (!workspace) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    }
    return workspace
  }

  /** A registration ID must name a connected LMS of this workspace. */
  async function checkRegistration(workspaceId: string, id: string | null | undefined) {
    if (id == null || (await stores.registrations.findById(workspaceId, id))) return
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'no connected LMS with this ID', {
      fields: { registrationId: 'no connected LMS with this ID in the workspace' },
    })
  }

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
    const input = await readJson(c, consumerInput)
    await checkRegistration(workspace.id, input.registrationId)
    const consumer = await stores.lti11Consumers.create(workspace.id, {
      consumerKey: input.consumerKey,
      encryptedSecret: await deps.secretBox.seal(input.sharedSecret),
      ...(input.registrationId ? { registrationId: input.registrationId } : {}),
    })
    if (consumer === 'duplicate') {
      throw new LtiConflict('LTI11_CONSUMER_DUPLICATE', 'consumer key already stored', {
        fields: { consumerKey: 'already stored in this workspace' },
      })
    }
    c.get('log').info(
      { workspaceId: workspace.id, consumerId: consumer.id },
      'LTI 1.1 consumer stored',
    )
    return c.json(consumerJson(consumer), 201)
  })

  app.put('/workspaces/:ws/lti11/consumers/:id', async (c) => {
    const workspace = await workspaceOf(c)
    const input = await readJson(c, linkInput)
    await checkRegistration(workspace.id, input.registrationId)
    const consumer = await stores.lti11Consumers.setRegistration(
      workspace.id,
      c.req.param('id'),
      input.registrationId,
    )
    if (!consumer) throw notFound()
    return c.json(consumerJson(consumer))
  })

  app.delete('/workspaces/:ws/lti11/consumers/:id', async (c) => {
    const workspace = await workspaceOf(c)
    if (!(await stores.lti11Consumers.delete(workspace.id, c.req.param('id')))) throw notFound()
    return c.body(null, 204)
  })

  return app
}

function notFound(): LtiNotFound {
  return new LtiNotFound('LTI11_CONSUMER_NOT_FOUND', 'no LTI 1.1 consumer with this ID')
}

function consumerJson(consumer: Lti11Consumer) {
  return {
    id: consumer.id,
    consumerKey: consumer.consumerKey,
    registrationId: consumer.registrationId ?? null,
    createdAt: new Date(consumer.createdAt).toISOString(),
  }
}
