/**
 * The tool server as one Hono app: LTI endpoints per workspace, the admin API, learner pages.
 * Stateless: every instance can answer any request of a login or launch.
 */
import { Hono } from 'hono'
import type { MiddlewareHandler } from 'hono'
import { LtiNotFound } from '../core/errors.js'
import { assertDeclaredLength } from './read-body.js'
import { API_BODY_LIMIT, LTI_BODY_LIMIT } from './read-input.js'
import type { AppEnv } from './env.js'
import { correlationId } from './middleware/correlation-id.js'
import { onError } from './on-error.js'
import { learnerRoutes } from './routes/learner-routes.js'
import { toolAdminApi } from './routes/tool-admin-api.js'
import { toolAdminPages } from './routes/tool-admin-pages.js'
import { toolAttemptsApi } from './routes/tool-attempts-api.js'
import { toolLtiRoutes } from './routes/tool-lti-routes.js'
import { toolRostersApi } from './routes/tool-rosters-api.js'
import { toolDeepLinkingRoutes } from './routes/tool-deep-linking-routes.js'
import { toolDynamicRegistrationRoutes } from './routes/tool-dynamic-registration-routes.js'
import { toolRegistrationsApi } from './routes/tool-registrations-api.js'
import { toolSubmissionReviewRoutes } from './routes/tool-submission-review-routes.js'
import type { ToolAppDeps } from './tool-deps.js'

export function createToolApp(deps: ToolAppDeps): Hono<AppEnv> {
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

  app.get('/healthz', async (c) => {
    await deps.stores.ping()
    return c.json({ ok: true })
  })
  app.route('/lti', toolLtiRoutes(deps))
  app.route('/lti', toolDeepLinkingRoutes(deps))
  app.route('/lti', toolSubmissionReviewRoutes(deps))
  app.route('/lti', toolDynamicRegistrationRoutes(deps))
  app.route('/api', toolAdminApi(deps))
  app.route('/api', toolAttemptsApi(deps))
  app.route('/api', toolRostersApi(deps))
  app.route('/api', toolRegistrationsApi(deps))
  app.route('/play', learnerRoutes(deps))
  app.route('/', toolAdminPages(deps))

  app.notFound(() => {
    throw new LtiNotFound('LTI_NOT_FOUND', 'no route')
  })
  app.onError(onError())
  return app
}
