/**
 * LTI 1.1 launches, mounted at `/` before the 1.3 launch route: an activity of a 1.1 tool opens
 * here as a form, signed with OAuth 1.0a, that the browser posts to the tool's launch URL at
 * once. Activities of 1.3 tools (and unknown ones, to report) go on to the 1.3 route.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide (§3, basic launch)
 */
import { Hono } from 'hono'
import { startBasicLaunch } from '../../platform/lti11/start-basic-launch.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readSignedInUser } from '../platform-session.js'
import { AUTO_POST_FORM_CSP, autoPostFormPage } from '../views/auto-post-form.js'

export function platformLti11LaunchRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps

  app.get('/courses/:contextId/links/:linkId/launch', async (c, next) => {
    const link = await stores.links.findLink(c.req.param('linkId'))
    // A 1.3 tool's activity is found in the (cached) 1.3 tools first: one read on its path.
    if (!link || (await stores.tools.findTool(link.toolId))) return next()
    const tool = await stores.lti11Tools.findLti11Tool(link.toolId)
    if (!tool) return next()

    c.set('browserFlow', true)
    c.header('cache-control', 'no-store')
    const user = await readSignedInUser(c, deps)
    if (!user) {
      // Back here after sign-in; `next` is a path of this app, never a full URL.
      const url = new URL(c.req.url)
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302)
    }
    const launch = await startBasicLaunch(
      user,
      { contextId: c.req.param('contextId'), link, tool },
      {
        publicUrl: deps.publicUrl,
        clock: deps.clock,
        sourcedIdKey: deps.messageHintKey,
        secretBox: deps.secretBox,
        stores,
      },
    )
    c.get('log').info({ linkId: link.id, lti11ToolId: tool.id, userId: user.id }, 'LTI 1.1 launch')
    // The page carries a signed launch: never cached, never leaked through Referer.
    c.header('referrer-policy', 'no-referrer')
    c.header('content-security-policy', AUTO_POST_FORM_CSP)
    return c.html(
      autoPostFormPage({ action: launch.action, fields: Object.fromEntries(launch.fields) }),
    )
  })

  return app
}
