/**
 * The tool server as one Hono app: LTI endpoints per workspace, the admin API, learner pages.
 * Stateless: every instance can answer any request of a login or launch.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { LtiError, LtiNotFound } from '../core/errors.js'
import type { AppEnv } from './env.js'
import { correlationId } from './middleware/correlation-id.js'
import { onError } from './on-error.js'
import { learnerRoutes } from './routes/learner-routes.js'
import { toolAdminApi } from './routes/tool-admin-api.js'
import { toolLtiRoutes } from './routes/tool-lti-routes.js'
import type { ToolAppDeps } from './tool-deps.js'

/** id_tokens are a few KB; 128 KiB leaves room for large custom claims and nothing more. */
const LTI_BODY_LIMIT = 128 * 1024
const API_BODY_LIMIT = 64 * 1024

export function createToolApp(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', correlationId(deps.logger))
  app.use('*', async (c, next) => {
    await next()
    c.res.headers.set('x-content-type-options', 'nosniff')
  })
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new LtiError('LTI_BODY_TOO_LARGE', `request body exceeds ${maxSize} bytes`)
      },
    })
  app.use('/lti/*', limit(LTI_BODY_LIMIT))
  app.use('/api/*', limit(API_BODY_LIMIT))

  app.get('/healthz', async (c) => {
    await deps.stores.ping()
    return c.json({ ok: true })
  })
  app.route('/lti', toolLtiRoutes(deps))
  app.route('/api', toolAdminApi(deps))
  app.route('/play', learnerRoutes(deps))

  app.notFound(() => {
    throw new LtiNotFound('LTI_NOT_FOUND', 'no route')
  })
  app.onError(onError())
  return app
}
