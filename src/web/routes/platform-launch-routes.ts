/**
 * Where a platform launch starts, mounted at `/`: the buttons of a course page lead here, and
 * the browser is redirected to the tool's OIDC login initiation URL.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { startLaunch } from '../../platform/start-launch.js'
import type { LaunchTarget } from '../../platform/resolve-launch.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readSignedInUser } from '../platform-session.js'

export function platformLaunchRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  const start = async (c: Context<AppEnv>, target: LaunchTarget) => {
    c.set('browserFlow', true)
    const user = await readSignedInUser(c, deps)
    c.header('cache-control', 'no-store')
    if (!user) {
      // Back here after sign-in; `next` is a path of this app, never a full URL.
      const url = new URL(c.req.url)
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302)
    }
    const loginUrl = await startLaunch(user, target, deps)
    c.get('log')?.info({ ...target, userId: user.id }, 'launch started')
    return c.redirect(loginUrl.href, 302)
  }

  app.get('/courses/:contextId/links/:linkId/launch', (c) =>
    start(c, {
      kind: 'launch',
      contextId: c.req.param('contextId'),
      linkId: c.req.param('linkId'),
    }),
  )
  app.get('/courses/:contextId/tools/:toolId/deep-linking', (c) =>
    start(c, {
      kind: 'deep-linking',
      contextId: c.req.param('contextId'),
      toolId: c.req.param('toolId'),
    }),
  )

  return app
}
