import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ERROR_CATALOGUE, LtiError } from '../core/errors.js'
import type { AppEnv } from './env.js'
import { ERROR_PAGE_CSP, ErrorPage } from './views/error-page.js'

/**
 * The one error mapping of the web apps: an LtiError becomes its catalogue status with JSON for
 * APIs and a page for browser flows; anything else is a 500 that leaks nothing.
 */
export function onError(): ErrorHandler<AppEnv> {
  return (err, c) => {
    const correlationId = c.get('correlationId') ?? 'unknown'
    const error = toLtiError(err)
    const log = c.get('log')
    if (error.code === 'LTI_INTERNAL') log?.error({ err }, 'unhandled error')
    else log?.info({ code: error.code, cause: error.cause }, error.message)

    const entry = ERROR_CATALOGUE[error.code]
    if (c.get('browserFlow') && !wantsJson(c)) {
      // The route's framing policy stands: an app's own pages (admin, LMS pages) declared one
      // and stay unframed by others; the LTI flows declare none, so a launch's error shows in
      // the LMS's iframe (Core 1.3 §5.4.3, `document_target` `iframe`) instead of a blank frame.
      const routePolicy = c.res.headers.get('content-security-policy') ?? ''
      const frameAncestors = /(?:^|;)\s*(frame-ancestors[^;]*)/.exec(routePolicy)?.[1]?.trim()
      c.header(
        'content-security-policy',
        frameAncestors ? `${ERROR_PAGE_CSP}; ${frameAncestors}` : ERROR_PAGE_CSP,
      )
      c.header('cache-control', 'no-store')
      const page = (
        <ErrorPage
          flow={frameAncestors ? 'page' : 'launch'}
          status={error.status}
          title={entry.title}
          hint={entry.hint}
          code={error.code}
          correlationId={correlationId}
        />
      )
      return c.html(page, error.status as 400)
    }
    const body: Record<string, unknown> = {
      code: error.code,
      message: error.code === 'LTI_INTERNAL' ? entry.title : error.message,
      correlationId,
    }
    if (error.fields) body.fields = error.fields
    return c.json({ error: body }, error.status as 400)
  }
}

function toLtiError(err: unknown): LtiError {
  if (err instanceof LtiError) return err
  if (err instanceof HTTPException && err.status === 413) {
    return new LtiError('LTI_BODY_TOO_LARGE', 'request body too large')
  }
  return new LtiError('LTI_INTERNAL', 'unexpected error')
}

function wantsJson(c: Context): boolean {
  const accept = c.req.header('accept') ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}
