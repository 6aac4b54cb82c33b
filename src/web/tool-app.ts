/**
 * The tool server as one Hono app: LTI endpoints per workspace, the admin API, learner pages.
 * Stateless: every instance can answer any request of a login or launch.
 */
import type { Hono } from 'hono'
import { createAppShell } from './app-shell.js'
import type { AppEnv } from './env.js'
import { API_BODY_LIMIT, LTI_BODY_LIMIT, PAGE_FORM_LIMIT } from './read-input.js'
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
  return createAppShell(
    { logger: deps.logger, ping: () => deps.stores.ping() },
    {
      '/lti/*': LTI_BODY_LIMIT,
      '/api/*': API_BODY_LIMIT,
      '/admin/*': PAGE_FORM_LIMIT,
    },
    (app) => {
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
    },
  )
}
