/**
 * The platform server (the LMS side) as one Hono app: LTI endpoints (key set, authentication,
 * token, deep linking return, AGS and NRPS services), launches, the admin API and the pages.
 * Stateless like the tool app: every instance can answer any step of a launch.
 */
import type { Hono } from 'hono'
import { createAppShell } from './app-shell.js'
import type { AppEnv } from './env.js'
import { API_BODY_LIMIT, LTI_BODY_LIMIT, PAGE_FORM_LIMIT } from './read-input.js'
import type { PlatformAppDeps } from './platform-deps.js'
import { platformAdminApi } from './routes/platform-admin-api.js'
import { platformAdminPages } from './routes/platform-admin-pages.js'
import { platformDeepLinkingRoutes } from './routes/platform-deep-linking-routes.js'
import { platformEmbedRoutes } from './routes/platform-embed-routes.js'
import { platformLaunchRoutes } from './routes/platform-launch-routes.js'
import { platformLti11Api } from './routes/platform-lti11-api.js'
import { platformLti11LaunchRoutes } from './routes/platform-lti11-launch-routes.js'
import { platformLti11OutcomesRoutes } from './routes/platform-lti11-outcomes-routes.js'
import { platformLtiRoutes } from './routes/platform-lti-routes.js'
import { platformPages } from './routes/platform-pages.js'
import { platformRegistrationRoutes } from './routes/platform-registration-routes.js'
import { platformServiceRoutes } from './routes/platform-service-routes.js'

export function createPlatformApp(deps: PlatformAppDeps): Hono<AppEnv> {
  return createAppShell(
    { logger: deps.logger, ping: () => deps.stores.ping() },
    {
      '/lti/*': LTI_BODY_LIMIT,
      '/api/*': API_BODY_LIMIT,
      '/login': PAGE_FORM_LIMIT,
      '/logout': PAGE_FORM_LIMIT,
      '/admin/*': PAGE_FORM_LIMIT,
      '/courses/*': PAGE_FORM_LIMIT,
    },
    (app) => {
      app.route('/lti/deep-linking', platformDeepLinkingRoutes(deps))
      app.route('/lti/contexts', platformServiceRoutes(deps))
      app.route('/', platformRegistrationRoutes(deps))
      app.route('/lti', platformLtiRoutes(deps))
      app.route('/lti11', platformLti11OutcomesRoutes(deps))
      app.route('/api', platformAdminApi(deps))
      app.route('/api', platformLti11Api(deps))
      // Before the 1.3 launch route: it hands activities of 1.3 tools on to it.
      app.route('/', platformLti11LaunchRoutes(deps))
      app.route('/', platformLaunchRoutes(deps))
      app.route('/', platformEmbedRoutes(deps))
      app.route('/', platformAdminPages(deps))
      app.route('/', platformPages(deps))
    },
  )
}
