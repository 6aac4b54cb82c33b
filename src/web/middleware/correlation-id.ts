import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { AppEnv } from '../env.js'

export const CORRELATION_HEADER = 'X-Correlation-Id'

/**
 * Gives every request a fresh correlation ID, echoed in `X-Correlation-Id` and carried by every
 * log line of the request. An incoming header is not trusted: a caller could make its request
 * collide with another's in the launch log.
 */
export function correlationId(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = crypto.randomUUID()
    c.set('correlationId', id)
    c.set('log', logger.child({ correlationId: id }))
    c.header(CORRELATION_HEADER, id)
    await next()
    // Error responses built by onError replace the response; put the header back.
    c.res.headers.set(CORRELATION_HEADER, id)
  }
}
