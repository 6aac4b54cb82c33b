/**
 * The pages that show a tool inside the course, mounted at `/`: an activity's page
 * (`/courses/:c/links/:l`), which frames its launch URL or, for an activity that opens in a
 * window, offers the button that does; and the panel where an instructor picks content in a
 * tool (deep linking). The page hosts LTI Platform Storage for the framed tool, so the launch
 * works when the browser blocks the tool's cookies in the frame. `?storage=off` leaves storage
 * out (the tool then relies on its cookie alone), for browser tests and troubleshooting.
 * @see https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
 */
import { Hono } from 'hono'
import type { Context as HonoContext } from 'hono'
import { LtiForbidden, LtiNotFound } from '../../core/errors.js'
import { requireActiveTool } from '../../platform/require-active-tool.js'
import { resolveLaunch } from '../../platform/resolve-launch.js'
import type { ResourceLink, Tool } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import {
  PLATFORM_STORAGE_SCRIPT,
  PLATFORM_STORAGE_SCRIPT_PATH,
} from '../static/platform-storage.js'
import { EmbedPage, WindowLaunchPage } from '../views/platform-embed-page.js'
import { coursePath, enrolledCourse, teachingCourse } from './platform-course-kit.js'
import { pageErrors, pageHeaders } from './platform-page-kit.js'

/** lti-cs-oidc §2: `_parent` names the window that frames the tool: this page. */
export const STORAGE_TARGET = '_parent'

/** Origins a tool's frame goes through: its login, its redirect URIs and launch URLs. */
function toolOrigins(tool: Tool, link?: ResourceLink): string[] {
  const urls = [tool.oidcLoginUrl, ...tool.redirectUris, tool.targetLinkUri]
  if (tool.deepLinkingUrl) urls.push(tool.deepLinkingUrl)
  if (link?.url) urls.push(link.url)
  return [...new Set(urls.map((url) => new URL(url).origin))]
}

/** @throws LTI_TOOL_DISABLED for an LTI 1.1 tool an admin disabled. */
async function requireActiveLti11Tool(deps: PlatformAppDeps, toolId: string): Promise<void> {
  const tool = await deps.stores.lti11Tools.findLti11Tool(toolId)
  if (tool && tool.status !== 'active') {
    throw new LtiForbidden('LTI_TOOL_DISABLED', 'LTI 1.1 tool is disabled', {
      cause: { toolId: tool.id },
    })
  }
}

export function platformEmbedRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.onError(pageErrors())

  app.get(PLATFORM_STORAGE_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    c.header('cache-control', 'public, max-age=300')
    return c.body(PLATFORM_STORAGE_SCRIPT)
  })

  /** Frames the launch URL with storage for the tool when its origins are known. */
  const embed = (
    c: HonoContext<AppEnv>,
    launchUrl: string,
    origins: readonly string[] | undefined,
  ) => {
    const storage = origins !== undefined && c.req.query('storage') !== 'off'
    const frameSrc = storage
      ? `${launchUrl}${launchUrl.includes('?') ? '&' : '?'}lti_storage_target=${STORAGE_TARGET}`
      : launchUrl
    // A tool of another LTI version has no origins here: any web origin may be framed then.
    const frames = origins ?? ['https:', ...(deps.dev ? ['http:'] : [])]
    pageHeaders(c, { scripts: storage, frames: ["'self'", ...frames] })
    return { frameSrc, storageOrigins: storage ? origins : [] }
  }

  const activityPage = async (c: HonoContext<AppEnv>, framed: 'always' | 'as-presented') => {
    pageHeaders(c)
    const course = await enrolledCourse(c, deps)
    if (course instanceof Response) return course
    const { context } = course
    const link = await deps.stores.links.findLink(c.req.param('link') ?? '')
    // An activity of another course is as absent as a missing one: no probing across courses.
    if (!link || link.contextId !== context.id) {
      throw new LtiNotFound('LTI_RESOURCE_LINK_NOT_FOUND', 'no activity with this ID here', {
        cause: { contextId: context.id, linkId: c.req.param('link') },
      })
    }
    // The tool is checked here, before anything is framed: a disabled tool's refusal is this
    // page, not a page inside the course's frame. (Its launch handler checks again.)
    const tool = await deps.stores.tools.findTool(link.toolId)
    if (tool) requireActiveTool(tool)
    else await requireActiveLti11Tool(deps, link.toolId)
    const base = coursePath(context.id, 'links', link.id)
    const back = { title: context.title, href: coursePath(context.id) }
    if (framed === 'as-presented' && link.presentation === 'window') {
      return c.html(
        <WindowLaunchPage
          title={link.title}
          user={course.header}
          course={back}
          launchHref={`${base}/launch`}
        />,
      )
    }
    const frame = embed(c, `${base}/launch`, tool && toolOrigins(tool, link))
    c.get('log').info(
      { contextId: context.id, linkId: link.id, userId: course.user.id },
      'embedded launch',
    )
    return c.html(
      <EmbedPage
        title={link.title}
        user={course.header}
        course={back}
        {...(link.text ? { intro: link.text } : {})}
        frameSrc={frame.frameSrc}
        newWindowHref={`${base}/launch`}
        storageOrigins={frame.storageOrigins}
      />,
    )
  }

  app.get('/courses/:course/links/:link', (c) => activityPage(c, 'as-presented'))
  // The embedded launch whatever the activity's presentation (earlier links, browser tests).
  app.get('/courses/:course/links/:link/embed', (c) => activityPage(c, 'always'))

  // Deep Linking 2.0 §1: the instructor picks content in the tool, framed in the course page.
  app.get('/courses/:course/tools/:tool/add-content', async (c) => {
    pageHeaders(c)
    const course = await teachingCourse(c, deps)
    if (course instanceof Response) return course
    const target = {
      kind: 'deep-linking' as const,
      contextId: course.context.id,
      toolId: c.req.param('tool'),
    }
    // Refuses now what the launch would refuse: no deep linking, or a disabled tool.
    const { tool } = await resolveLaunch(target, course.user.id, deps.stores)
    const start = coursePath(course.context.id, 'tools', tool.id, 'deep-linking')
    const frame = embed(c, `${start}?target=iframe`, toolOrigins(tool))
    return c.html(
      <EmbedPage
        title={`Add content from ${tool.name}`}
        user={course.header}
        course={{ title: course.context.title, href: coursePath(course.context.id) }}
        intro="Choose content in the tool below; what you pick is added to the course."
        frameSrc={frame.frameSrc}
        newWindowHref={`${start}?target=window`}
        storageOrigins={frame.storageOrigins}
      />,
    )
  })

  return app
}
