import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { LtiTokenInvalid } from '../../core/errors.js'
import type { AppEnv } from '../env.js'

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
export function adminAuth(adminToken: string): MiddlewareHandler<AppEnv> {
  const expected = digest(adminToken)
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S{1,512})$/i.exec(header)
    if (!match || !timingSafeEqual(digest(match[1] as string), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="ltikit-admin"')
      throw new LtiTokenInvalid('LTI_AUTH_REQUIRED', 'missing or wrong admin bearer token')
    }
    await next()
  }
}

/** Whether `candidate` is the admin token, compared in constant time (the admin sign-in form). */
export function isAdminToken(candidate: string, adminToken: string): boolean {
  return timingSafeEqual(digest(candidate), digest(adminToken))
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}
