/**
 * The platform's admin API: JSON, `Authorization: Bearer <ADMIN_TOKEN>`. Automation and the test
 * suite set up users, courses, enrollments, tools and activities through exactly this surface.
 */
import { Hono } from 'hono'
import type { Context as HonoContext } from 'hono'
import { LtiConflict, LtiNotFound } from '../../core/errors.js'
import { hashPassword } from '../../platform/password.js'
import { placeActivity } from '../../platform/place-activity.js'
import type { Context, Tool } from '../../platform/ports.js'
import { platformDetails, platformUrls } from '../../platform/service-urls.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readJson } from '../read-input.js'
import { courseGradebook } from './course-gradebook.js'
import {
  courseInput,
  enrollmentInput,
  linkInput,
  toolInput,
  userInput,
} from './platform-admin-schemas.js'
import { toolStatusApi } from './platform-tool-status-api.js'

export function platformAdminApi(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  const urls = platformUrls(deps.publicUrl)
  const toolSchema = toolInput(deps.dev)
  app.use('*', adminAuth(deps.adminToken))

  async function courseOf(c: HonoContext<AppEnv>): Promise<Context> {
    const context = await stores.contexts.findContext(c.req.param('course') ?? '')
    if (!context) throw new LtiNotFound('LTI_CONTEXT_NOT_FOUND', 'no course with this ID')
    return context
  }

  /** What a tool's admin needs to configure the tool side (Core 1.3 §3.1.3, §3.1.4). */
  function toolJson(tool: Tool) {
    return {
      id: tool.id,
      name: tool.name,
      ...platformDetails(urls, tool),
      status: tool.status,
      lti11ToolId: tool.lti11ToolId ?? null,
      tool: {
        oidcLoginUrl: tool.oidcLoginUrl,
        redirectUris: tool.redirectUris,
        targetLinkUri: tool.targetLinkUri,
        jwksUrl: tool.jwksUrl,
        deepLinkingUrl: tool.deepLinkingUrl ?? null,
        customParameters: tool.customParameters,
        privacy: tool.privacy,
        services: tool.services,
      },
    }
  }

  app.post('/users', async (c) => {
    const { password, admin, ...input } = await readJson(c, userInput)
    const user = await stores.users.createUser({
      ...input,
      isAdmin: admin,
      passwordHash: await hashPassword(password),
    })
    if (!user) {
      throw new LtiConflict('LTI_USER_DUPLICATE', 'e-mail address already in use', {
        fields: { email: 'already in use' },
      })
    }
    return c.json({ id: user.id }, 201)
  })

  app.post('/courses', async (c) => {
    const input = await readJson(c, courseInput)
    const context = await stores.contexts.createContext(input)
    return c.json({ id: context.id }, 201)
  })

  app.get('/courses', async (c) => c.json((await stores.contexts.listContexts()).map(courseJson)))

  app.get('/courses/:course', async (c) => {
    const context = await courseOf(c)
    const [links, contentItems] = await Promise.all([
      stores.links.listLinks(context.id),
      stores.links.listContentItems(context.id),
    ])
    return c.json({
      ...courseJson(context),
      links: links.map(({ contextId: _, createdAt, ...link }) => ({
        ...link,
        createdAt: iso(createdAt),
      })),
      contentItems: contentItems.map(({ contextId: _, createdAt, ...item }) => ({
        ...item,
        createdAt: iso(createdAt),
      })),
    })
  })

  app.post('/courses/:course/enrollments', async (c) => {
    const context = await courseOf(c)
    const input = await readJson(c, enrollmentInput)
    if (!(await stores.users.findUser(input.userId))) {
      throw new LtiNotFound('LTI_USER_NOT_FOUND', 'no user with this ID', {
        fields: { userId: 'no user with this ID' },
      })
    }
    const enrollment = await stores.contexts.enroll({ contextId: context.id, ...input })
    return c.json(
      {
        contextId: enrollment.contextId,
        userId: enrollment.userId,
        roles: enrollment.roles,
        status: enrollment.status,
      },
      201,
    )
  })

  app.post('/courses/:course/links', async (c) => {
    const context = await courseOf(c)
    const { lineItem: lineItemInput, ...input } = await readJson(c, linkInput)
    // An LTI 1.3 tool, or an LTI 1.1 one: their IDs are UUIDs, unique across both.
    const tool =
      (await stores.tools.findTool(input.toolId)) ??
      (await stores.lti11Tools.findLti11Tool(input.toolId))
    if (!tool) {
      throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID', {
        fields: { toolId: 'no tool with this ID' },
      })
    }
    const { link } = await placeActivity(stores, {
      contextId: context.id,
      ...input,
      ...(lineItemInput ? { lineItem: lineItemInput } : {}),
    })
    return c.json(
      {
        id: link.id,
        resourceLinkId: link.resourceLinkId,
        ...(link.lineItemId ? { lineItemId: link.lineItemId } : {}),
      },
      201,
    )
  })

  app.get('/courses/:course/gradebook', async (c) =>
    c.json((await courseGradebook(stores, await courseOf(c))).rows),
  )

  app.post('/tools', async (c) => {
    const input = await readJson(c, toolSchema)
    if (input.lti11ToolId && !(await stores.lti11Tools.findLti11Tool(input.lti11ToolId))) {
      throw new LtiNotFound('LTI11_TOOL_NOT_FOUND', 'no LTI 1.1 tool with this ID', {
        fields: { lti11ToolId: 'no LTI 1.1 tool with this ID' },
      })
    }
    const tool = await stores.tools.createTool(input)
    c.get('log').info({ toolId: tool.id, clientId: tool.clientId }, 'tool registered')
    return c.json(toolJson(tool), 201)
  })

  app.get('/tools', async (c) => c.json((await stores.tools.listTools()).map(toolJson)))

  app.get('/tools/:id', async (c) => {
    const tool = await stores.tools.findTool(c.req.param('id'))
    if (!tool) throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID')
    return c.json(toolJson(tool))
  })

  // Dynamic Registration 1.0 §3.6: a tool that registered itself under manual approval waits here.
  app.post('/tools/:id/approve', async (c) => {
    const tool = await stores.tools.approveTool(c.req.param('id'))
    if (!tool) throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID')
    c.get('log').info({ toolId: tool.id, clientId: tool.clientId }, 'tool approved')
    return c.json(toolJson(tool))
  })

  // An admin's switch: a disabled tool gets no launch, deep linking request nor access token.
  toolStatusApi(
    app,
    '/tools',
    async (id, status) => {
      const tool = await stores.tools.setToolStatus(id, status)
      if (!tool) throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID')
      return tool
    },
    toolJson,
  )

  app.post('/keys/rotate', async (c) => {
    await deps.keys.rotate()
    return c.json(await deps.keys.publicJwks())
  })

  return app
}

function courseJson(context: Context) {
  return {
    id: context.id,
    title: context.title,
    label: context.label ?? null,
    gradingScale: context.gradingScale,
    createdAt: iso(context.createdAt),
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString()
}
