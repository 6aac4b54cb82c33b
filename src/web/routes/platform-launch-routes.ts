/**
 * Where a platform launch starts, mounted at `/`: the course pages' buttons and frames lead here,
 * and the browser is redirected to the tool's OIDC login initiation URL. A frame of our own page
 * asks for `lti_storage_target=_parent`: the page hosts Platform Storage (lti-cs-oidc §2).
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
    // Only the one target our pages offer, so nothing else reaches the tool through this URL.
    if (c.req.query('lti_storage_target') === '_parent') {
      loginUrl.searchParams.set('lti_storage_target', '_parent')
    }
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
  // `?target=iframe` from the course page's panel, `window` (the default) from a new window.
  app.get('/courses/:contextId/tools/:toolId/deep-linking', (c) =>
    start(c, {
      kind: 'deep-linking',
      contextId: c.req.param('contextId'),
      toolId: c.req.param('toolId'),
      documentTarget: c.req.query('target') === 'iframe' ? 'iframe' : 'window',
    }),
  )

  return app
}
