import type { Logger } from 'pino'

/** What every request of the web apps carries in its Hono context. */
export interface AppEnv {
  Variables: {
    correlationId: string
    log: Logger
    /** Set by routes that render pages for browsers, so errors are answered as a page too. */
    browserFlow?: boolean
  }
}
