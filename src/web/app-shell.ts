/**
 * What the tool app and the platform app share around their routes: a correlation ID and logger
 * on every request, `nosniff`, declared body lengths refused before routing, `/healthz`, and the
 * one error mapping (STYLE.md §2).
 */
import { Hono } from 'hono'
import type { Logger } from 'pino'
import { LtiNotFound } from '../core/errors.js'
import type { AppEnv } from './env.js'
import { correlationId } from './middleware/correlation-id.js'
import { onError } from './on-error.js'
import { assertDeclaredLength } from './read-body.js'

export interface AppShellDeps {
  logger: Logger
  /** Answers `/healthz` only when the database answers. */
  ping(): Promise<void>
}

/**
 * @param bodyLimits - Largest declared body per route pattern (`/lti/*`), the last matching
 *   pattern winning; `readBodyText` bounds chunked bodies as it reads them.
 * @param mount - Adds the app's own routes.
 */
export function createAppShell(
  deps: AppShellDeps,
  bodyLimits: Readonly<Record<string, number>>,
  mount: (app: Hono<AppEnv>) => void,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', correlationId(deps.logger))
  app.use('*', async (c, next) => {
    await next()
    c.res.headers.set('x-content-type-options', 'nosniff')
  })
  // Each matching pattern sets the request's limit in turn, so the last one listed wins: a
  // specific path listed after a general one (`/admin/*`) gets its own limit.
  const limits = new WeakMap<Request, number>()
  for (const [path, maxBytes] of Object.entries(bodyLimits)) {
    app.use(path, async (c, next) => {
      limits.set(c.req.raw, maxBytes)
      await next()
    })
  }
  app.use('*', async (c, next) => {
    const maxBytes = limits.get(c.req.raw)
    if (maxBytes !== undefined) assertDeclaredLength(c, maxBytes)
    await next()
  })
  app.get('/healthz', async (c) => {
    await deps.ping()
    return c.json({ ok: true })
  })
  mount(app)
  app.notFound(() => {
    throw new LtiNotFound('LTI_NOT_FOUND', 'no route')
  })
  app.onError(onError())
  return app
}
