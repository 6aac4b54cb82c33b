/**
 * The embedded launch, mounted at `/`: a course activity shown in an iframe on the platform's
 * page, which also hosts LTI Platform Storage for the tool, so the launch works when the
 * browser blocks the tool's cookies in the frame. `?storage=off` leaves storage out (the tool
 * then relies on its cookie alone), for browsers tests and troubleshooting.
 * @see https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
 */
import { Hono } from 'hono'
import { resolveLaunch } from '../../platform/resolve-launch.js'
import { startLaunch } from '../../platform/start-launch.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import {
  PLATFORM_STORAGE_SCRIPT,
  PLATFORM_STORAGE_SCRIPT_PATH,
} from '../static/platform-storage.js'
import { EmbedPage } from '../views/platform-embed-page.js'
import { logoutToken, pageHeaders, userOrSignIn } from './platform-page-kit.js'

/** lti-cs-oidc §2: `_parent` names the window that frames the tool: this page. */
const STORAGE_TARGET = '_parent'

export function platformEmbedRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get(PLATFORM_STORAGE_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    c.header('cache-control', 'public, max-age=300')
    return c.body(PLATFORM_STORAGE_SCRIPT)
  })

  app.get('/courses/:contextId/links/:linkId/embed', async (c) => {
    pageHeaders(c)
    const user = await userOrSignIn(c, deps)
    if (user instanceof Response) return user
    const target = {
      kind: 'launch' as const,
      contextId: c.req.param('contextId'),
      linkId: c.req.param('linkId'),
    }
    const { tool, link } = await resolveLaunch(target, user.id, deps.stores)
    const loginUrl = await startLaunch(user, target, deps)
    const storage = c.req.query('storage') !== 'off'
    if (storage) loginUrl.searchParams.set('lti_storage_target', STORAGE_TARGET)
    // The tool's pages that talk to storage: its login initiation and its launch (redirect) URLs.
    const origins = storage
      ? [...new Set([tool.oidcLoginUrl, ...tool.redirectUris].map((u) => new URL(u).origin))]
      : []
    c.header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; " +
        `frame-src 'self' ${new URL(tool.oidcLoginUrl).origin}; frame-ancestors 'self'; base-uri 'none'`,
    )
    const base = `/courses/${encodeURIComponent(target.contextId)}/links/${encodeURIComponent(target.linkId)}`
    c.get('log')?.info({ ...target, userId: user.id, storage }, 'embedded launch started')
    return c.html(
      <EmbedPage
        title={link?.title ?? tool.name}
        user={{ name: user.name, logoutToken: await logoutToken(c, deps) }}
        frameSrc={loginUrl.href}
        newWindowHref={`${base}/launch`}
        storageOrigins={origins}
      />,
    )
  })

  return app
}
