/**
 * The platform server (the LMS side) as one Hono app: LTI endpoints (key set, authentication,
 * token, deep linking return, AGS and NRPS services), launches, the admin API and the pages.
 * Stateless like the tool app: every instance can answer any step of a launch.
 */
import { Hono } from 'hono'
import type { MiddlewareHandler } from 'hono'
import { LtiNotFound } from '../core/errors.js'
import type { AppEnv } from './env.js'
import { correlationId } from './middleware/correlation-id.js'
import { onError } from './on-error.js'
import type { PlatformAppDeps } from './platform-deps.js'
import { assertDeclaredLength } from './read-body.js'
import { API_BODY_LIMIT, LTI_BODY_LIMIT } from './read-input.js'
import { platformAdminApi } from './routes/platform-admin-api.js'
import { platformAdminPages } from './routes/platform-admin-pages.js'
import { platformDeepLinkingRoutes } from './routes/platform-deep-linking-routes.js'
import { platformEmbedRoutes } from './routes/platform-embed-routes.js'
import { platformLaunchRoutes } from './routes/platform-launch-routes.js'
import { platformLtiRoutes } from './routes/platform-lti-routes.js'
import { platformPages } from './routes/platform-pages.js'
import { platformRegistrationRoutes } from './routes/platform-registration-routes.js'
import { platformServiceRoutes } from './routes/platform-service-routes.js'

/** Sign-in and sign-out forms are a few hundred bytes. */
const FORM_BODY_LIMIT = 16 * 1024

export function createPlatformApp(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', correlationId(deps.logger))
  app.use('*', async (c, next) => {
    await next()
    c.res.headers.set('x-content-type-options', 'nosniff')
  })
  // Declared lengths are refused before routing; readBodyText bounds chunked bodies as it reads.
  const limit =
    (maxBytes: number): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      assertDeclaredLength(c, maxBytes)
      await next()
    }
  app.use('/lti/*', limit(LTI_BODY_LIMIT))
  app.use('/api/*', limit(API_BODY_LIMIT))
  app.use('/login', limit(FORM_BODY_LIMIT))
  app.use('/logout', limit(FORM_BODY_LIMIT))
  app.use('/admin/*', limit(FORM_BODY_LIMIT))

  app.get('/healthz', async (c) => {
    await deps.stores.ping()
    return c.json({ ok: true })
  })
  app.route('/lti/deep-linking', platformDeepLinkingRoutes(deps))
  app.route('/lti/contexts', platformServiceRoutes(deps))
  app.route('/', platformRegistrationRoutes(deps))
  app.route('/lti', platformLtiRoutes(deps))
  app.route('/api', platformAdminApi(deps))
  app.route('/', platformLaunchRoutes(deps))
  app.route('/', platformEmbedRoutes(deps))
  app.route('/', platformAdminPages(deps))
  app.route('/', platformPages(deps))

  app.notFound(() => {
    throw new LtiNotFound('LTI_NOT_FOUND', 'no route')
  })
  app.onError(onError())
  return app
}
