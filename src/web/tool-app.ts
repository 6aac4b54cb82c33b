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
import { toolAdminsApi } from './routes/tool-admins-api.js'
import { toolAdminPages } from './routes/tool-admin-pages.js'
import { toolAttemptsApi } from './routes/tool-attempts-api.js'
import { toolGradesPages } from './routes/tool-grades-pages.js'
import { toolLaunchLogPages } from './routes/tool-launch-log-pages.js'
import { toolRosterPages } from './routes/tool-roster-pages.js'
import { toolLtiRoutes } from './routes/tool-lti-routes.js'
import { toolLti11Api } from './routes/tool-lti11-api.js'
import { toolLti11LaunchRoutes } from './routes/tool-lti11-launch-routes.js'
import { toolRostersApi } from './routes/tool-rosters-api.js'
import { toolScenarioPages } from './routes/tool-scenario-pages.js'
import { toolScenariosApi } from './routes/tool-scenarios-api.js'
import { toolDeepLinkingRoutes } from './routes/tool-deep-linking-routes.js'
import { toolDynamicRegistrationRoutes } from './routes/tool-dynamic-registration-routes.js'
import { toolRegistrationsApi } from './routes/tool-registrations-api.js'
import { toolSubmissionReviewRoutes } from './routes/tool-submission-review-routes.js'
import { SCENARIO_BODY_LIMIT } from './scenario-input.js'
import type { ToolAppDeps } from './tool-deps.js'

export function createToolApp(deps: ToolAppDeps): Hono<AppEnv> {
  return createAppShell(
    { logger: deps.logger, ping: () => deps.stores.ping() },
    {
      '/lti/*': LTI_BODY_LIMIT,
      '/api/*': API_BODY_LIMIT,
      '/admin/*': PAGE_FORM_LIMIT,
      '/play/*': PAGE_FORM_LIMIT,
      // Scenario scripts (up to 256 KiB, form-encoded or uploaded): after the general entries.
      '/api/workspaces/:ws/scenarios/*': SCENARIO_BODY_LIMIT,
      '/admin/workspaces/:ws/scenarios/*': SCENARIO_BODY_LIMIT,
    },
    (app) => {
      app.route('/lti', toolLtiRoutes(deps))
      app.route('/lti', toolDeepLinkingRoutes(deps))
      app.route('/lti', toolSubmissionReviewRoutes(deps))
      app.route('/lti', toolDynamicRegistrationRoutes(deps))
      app.route('/lti', toolLti11LaunchRoutes(deps))
      app.route('/api', toolAdminApi(deps))
      app.route('/api', toolScenariosApi(deps))
      app.route('/api', toolAdminsApi(deps))
      app.route('/api', toolAttemptsApi(deps))
      app.route('/api', toolRostersApi(deps))
      app.route('/api', toolRegistrationsApi(deps))
      app.route('/api', toolLti11Api(deps))
      app.route('/play', learnerRoutes(deps))
      app.route('/', toolAdminPages(deps))
      app.route('/', toolScenarioPages(deps))
      app.route('/', toolLaunchLogPages(deps))
      app.route('/', toolGradesPages(deps))
      app.route('/', toolRosterPages(deps))
    },
  )
}
